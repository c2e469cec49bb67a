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
  private byTail = new Map<string, string[]>();
  /** Secrets shorter than the tail index: masked where they stand alone (not inside a longer word). */
  private short = new Set<string>();
  private shortPattern: RegExp | undefined;

  add(secret: string | undefined | null): void {
    if (!secret) return;
    this.remember(secret);
    this.remember(Buffer.from(secret).toString('base64'));
    this.remember(encodeURIComponent(secret));
  }

  /** Registers `user:pass` as Basic auth sends it. */
  addBasic(user: string, password: string): void {
    this.add(password);
    this.add(Buffer.from(`${user}:${password}`).toString('base64'));
  }

  /**
   * Secrets are indexed by their last characters (tokens of one kind share their first ones), so a text
   * is scanned once whatever their number: providers register one per object that carries a key, tens
   * of thousands in a large fleet.
   */
  private remember(secret: string): void {
    if (secret.length < MIN_SECRET_LENGTH) {
      if (this.short.has(secret)) return;
      this.short.add(secret);
      const alternatives = [...this.short].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.shortPattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
      return;
    }
    if (this.secrets.has(secret)) return;
    this.secrets.add(secret);
    const key = secret.slice(-MIN_SECRET_LENGTH);
    const bucket = this.byTail.get(key);
    if (!bucket) this.byTail.set(key, [secret]);
    else {
      bucket.push(secret);
      bucket.sort((a, b) => b.length - a.length);
    }
  }

  /** Masks every stretch of `text` covered by known secrets (overlapping ones are masked as one). */
  private maskKnown(text: string): string {
    const spans: [number, number][] = [];
    for (let end = MIN_SECRET_LENGTH; end <= text.length; end++) {
      const bucket = this.byTail.get(text.slice(end - MIN_SECRET_LENGTH, end));
      const hit = bucket?.find((s) => text.endsWith(s, end));
      if (hit) spans.push([end - hit.length, end]);
    }
    if (spans.length === 0) return text;
    spans.sort((a, b) => a[0] - b[0]);
    let out = '';
    let written = 0;
    let [start, stop] = spans[0];
    for (const [s, e] of spans.slice(1)) {
      if (s <= stop) stop = Math.max(stop, e);
      else {
        out += text.slice(written, start) + MASK;
        written = stop;
        [start, stop] = [s, e];
      }
    }
    return out + text.slice(written, start) + MASK + text.slice(stop);
  }

  redact(text: string): string {
    let out = this.byTail.size ? this.maskKnown(text) : text;
    if (this.shortPattern) out = out.replace(this.shortPattern, MASK);
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
