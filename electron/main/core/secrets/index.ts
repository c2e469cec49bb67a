import { KeyringSecretStore } from './keyring';
import { MemorySecretStore } from './memory';
import type { SecretStore } from './store';

export type { SecretStore } from './store';
export { KeyringSecretStore, KEYCHAIN_SERVICE } from './keyring';
export { MemorySecretStore } from './memory';

/**
 * The secret store for this process: the OS keychain, or memory when HANGAR_SECRET_STORE=memory
 * (tests, the demo environment). There is no plain-text fallback: a broken keychain is a KEYCHAIN error.
 */
export function createSecretStore(env: NodeJS.ProcessEnv = process.env): SecretStore {
  if (env.HANGAR_SECRET_STORE === 'memory') return new MemorySecretStore();
  return new KeyringSecretStore();
}
