const MASK = '***';
const MIN_SECRET_LENGTH = 4;

/** Patterns that carry credentials whatever their value. */
const PATTERNS: [RegExp, string][] = [
  [/(authorization\s*[:=]\s*)(basic|bearer)?\s*[^\s,;"']+/gi, `$1$2 ${MASK}`],
  [/(x-api-key\s*[:=]\s*)[^\s,;"']+/gi, `$1${MASK}`],
  [/("?(?:password|secret|token|access_token|apiKey|api_key)"?\s*[:=]\s*"?)[^"&\s,}]+/gi, `$1${MASK}`],
  [/(\/\/)[^/@\s:]+:[^/@\s]+@/g, `$1${MASK}@`],
];

/**
 * Removes secrets from any text bound for a log line, an error message or the renderer.
 * Known secret values are registered as they are loaded from the keychain.
 */
export class Redactor {
  private secrets = new Set<string>();

  add(secret: string | undefined | null): void {
    if (!secret || secret.length < MIN_SECRET_LENGTH) return;
    this.secrets.add(secret);
    this.secrets.add(Buffer.from(secret).toString('base64'));
    this.secrets.add(encodeURIComponent(secret));
  }

  /** Registers `user:pass` as Basic auth sends it. */
  addBasic(user: string, password: string): void {
    this.add(password);
    this.add(Buffer.from(`${user}:${password}`).toString('base64'));
  }

  redact(text: string): string {
    let out = text;
    // Longest first so a secret that contains another is masked whole.
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join(MASK);
    for (const [re, repl] of PATTERNS) out = out.replace(re, repl);
    return out;
  }

  /** Deep-redacts strings inside a JSON-like value. */
  redactValue<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.redactValue(v)) as T;
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.redactValue(v);
      return out as T;
    }
    return value;
  }
}
