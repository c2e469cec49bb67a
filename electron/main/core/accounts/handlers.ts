import type { Handlers } from '../../../../shared/contract';
import type { HangarEvent } from '../../../../shared/events';
import type { Account } from '../../../../shared/model';
import type { ProviderPool } from '../providers/pool';
import { mapLimit } from '../util/concurrency';
import type { Emitter } from '../util/emitter';
import type { Logger } from '../util/log';
import { withRedactedErrors } from '../secrets/redact-errors';
import type { Redactor } from '../util/redact';
import { testConnection } from './connection-test';
import type { AccountRegistry, BeforeSave } from './registry';

export interface AccountHandlerDeps {
  registry: AccountRegistry;
  pool: ProviderPool;
  events: Emitter<HangarEvent>;
  redactor: Redactor;
  log: Logger;
}

/** The parts of an account that decide whether its API answers. */
const CONNECTION_KEYS = ['baseUrl', 'authMethod', 'fields', 'secrets', 'tls'] as const;

type AccountChannel =
  | 'accounts.list'
  | 'accounts.get'
  | 'accounts.add'
  | 'accounts.update'
  | 'accounts.remove'
  | 'accounts.test'
  | 'accounts.probe';

/** accounts.*: metadata from the registry, connection tests through the provider pool. No channel returns a secret. */
export function accountHandlers(deps: AccountHandlerDeps): Pick<Handlers, AccountChannel> {
  const { registry, pool, events } = deps;
  const log = deps.log.child('accounts');
  const changed = () => events.emit({ type: 'accounts.changed' });

  /** The connection test that runs before add/update saves anything; its error is the call's error. */
  const verifyFirst: BeforeSave = async (account, secrets) => {
    await pool.withUnsaved(account, secrets, (provider) => provider.test());
  };

  const withSecretState = async (account: Account): Promise<Account> => {
    try {
      return { ...account, hasSecret: await registry.hasSecret(account.id) };
    } catch {
      return account; // keychain unavailable: unknown, not false
    }
  };

  return withRedactedErrors({
    'accounts.list': async () => mapLimit(registry.list(), 4, withSecretState),
    'accounts.get': async ({ id }) => withSecretState(registry.get(id)),
    'accounts.add': async ({ verify, ...draft }) => {
      const account = await registry.add(draft, verify ? verifyFirst : undefined);
      changed();
      return account;
    },
    'accounts.update': async ({ verify, ...patch }) => {
      // A rename or a new colour must not need the API to be up: only what changes the connection is tested.
      const touchesConnection = CONNECTION_KEYS.some((k) => patch[k] !== undefined);
      const account = await registry.update(patch, verify && touchesConnection ? verifyFirst : undefined);
      changed();
      return account;
    },
    'accounts.remove': async ({ id }) => {
      await pool.invalidate(id);
      await registry.remove(id);
      changed();
      return { removed: true };
    },
    'accounts.test': async ({ id }) => {
      registry.get(id); // an unknown account is NOT_FOUND, not a failed test
      return testConnection(async () => (await pool.get(id)).test(), { redactor: deps.redactor, log });
    },
    'accounts.probe': async (draft) => {
      const { account, secrets } = registry.prepare(draft);
      return testConnection(() => pool.withUnsaved(account, secrets, (provider) => provider.test()), {
        redactor: deps.redactor,
        log,
      });
    },
  }, deps.redactor);
}
