import type { SecretStore } from './store';

/** For tests and the demo environment: secrets held in process memory only. */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory';
  private entries = new Map<string, string>();

  async get(accountId: string) {
    const v = this.entries.get(accountId);
    return v ? (JSON.parse(v) as Record<string, string>) : null;
  }

  async set(accountId: string, secrets: Record<string, string>) {
    this.entries.set(accountId, JSON.stringify(secrets));
  }

  async delete(accountId: string) {
    this.entries.delete(accountId);
  }
}
