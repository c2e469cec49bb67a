import { MemorySecretStore } from './memory';
import type { SecretStore } from './store';

export type { SecretStore } from './store';

/** The secret store for this process: the OS keychain, or memory when HANGAR_SECRET_STORE=memory (tests, demo). */
export function createSecretStore(env: NodeJS.ProcessEnv = process.env): SecretStore {
  if (env.HANGAR_SECRET_STORE === 'memory') return new MemorySecretStore();
  // The keychain adapter lands with the accounts work; until then memory keeps the CLI usable.
  return new MemorySecretStore();
}
