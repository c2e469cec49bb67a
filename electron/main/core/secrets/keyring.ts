import { HangarError } from '../../../../shared/errors';
import type { SecretStore } from './store';

/** The part of @napi-rs/keyring's AsyncEntry this store uses. */
interface KeyringEntry {
  setPassword(password: string, signal?: AbortSignal): Promise<void>;
  getPassword(signal?: AbortSignal): Promise<string | null>;
  deleteCredential(signal?: AbortSignal): Promise<boolean>;
}

export interface KeyringSecretStoreOptions {
  /** The keychain's service name; entries are (service, account id). */
  service?: string;
  /** A call that takes longer than this (an unanswered unlock prompt, a hung bus) fails with KEYCHAIN. */
  timeoutMs?: number;
  platform?: NodeJS.Platform;
}

export const KEYCHAIN_SERVICE = 'Hangar';

const WHAT_TO_DO: Partial<Record<NodeJS.Platform, string>> = {
  linux:
    'Hangar keeps secrets in the Secret Service (GNOME Keyring, KWallet or KeePassXC) on the session D-Bus: ' +
    'log in to a desktop session with one running and unlocked, then try again',
  darwin: 'Unlock the login keychain (Keychain Access) and allow Hangar to use it, then try again',
  win32: 'Check that Windows Credential Manager is available for this user, then try again',
};

function storeName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service';
}

/**
 * Secrets in the OS keychain through @napi-rs/keyring: one entry per account, its value the JSON of the
 * secret fields. On Linux the entry is pinned to the Secret Service — the library's default would fall back
 * to the kernel keyring, which forgets everything at reboot. Any failure is KEYCHAIN; there is no plain-text
 * fallback.
 */
export class KeyringSecretStore implements SecretStore {
  readonly kind: string;
  private readonly service: string;
  private readonly timeoutMs: number;
  private readonly platform: NodeJS.Platform;
  private entryClass: Promise<new (service: string, account: string, options?: object) => KeyringEntry> | undefined;

  constructor(options: KeyringSecretStoreOptions = {}) {
    this.service = options.service ?? KEYCHAIN_SERVICE;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.platform = options.platform ?? process.platform;
    this.kind = storeName(this.platform);
  }

  async get(accountId: string): Promise<Record<string, string> | null> {
    const raw = await this.call('read', accountId, (entry, signal) => entry.getPassword(signal));
    if (raw === null) return null;
    return parseSecrets(raw, accountId);
  }

  async set(accountId: string, secrets: Record<string, string>): Promise<void> {
    await this.call('save', accountId, (entry, signal) => entry.setPassword(JSON.stringify(secrets), signal));
  }

  async delete(accountId: string): Promise<void> {
    await this.call('delete', accountId, (entry, signal) => entry.deleteCredential(signal));
  }

  private async call<T>(verb: string, accountId: string, op: (entry: KeyringEntry, signal: AbortSignal) => Promise<T>): Promise<T> {
    const Entry = await this.loadEntryClass();
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const entry = new Entry(this.service, accountId, { linux: { store: 'secret-service' } });
      return await op(entry, signal);
    } catch (e) {
      throw this.failure(`could not ${verb} the secret of account "${accountId}"`, e, signal.aborted);
    }
  }

  private loadEntryClass() {
    this.entryClass ??= import('@napi-rs/keyring').then(
      (m) => m.AsyncEntry as unknown as new (service: string, account: string, options?: object) => KeyringEntry,
      (e: unknown) => {
        this.entryClass = undefined;
        throw this.failure('could not load its native module', e, false);
      },
    );
    return this.entryClass;
  }

  private failure(what: string, cause: unknown, timedOut: boolean): HangarError {
    // The library's messages name the bus or store, never the stored value.
    const reason = timedOut
      ? `no answer within ${Math.round(this.timeoutMs / 1000)} s (an unlock prompt left open?)`
      : cause instanceof Error
        ? cause.message.slice(0, 300)
        : String(cause).slice(0, 300);
    const advice = WHAT_TO_DO[this.platform] ?? 'Check that the system keychain is available and unlocked, then try again';
    return new HangarError(
      'KEYCHAIN',
      `The ${this.kind} ${what}: ${reason}. ${advice}. ` +
        '(For a throwaway session only, HANGAR_SECRET_STORE=memory keeps secrets in memory until Hangar quits.)',
      { retryable: false },
    );
  }
}

function parseSecrets(raw: string, accountId: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw new HangarError(
      'KEYCHAIN',
      `The keychain entry of account "${accountId}" is not one Hangar wrote (expected a JSON object of strings). ` +
        'Enter the account’s credentials again to replace it.',
      { retryable: false },
    );
  }
  return value as Record<string, string>;
}
