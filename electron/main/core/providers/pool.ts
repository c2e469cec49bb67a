import { HangarError } from '../../../../shared/errors';
import type { Account, ProviderId } from '../../../../shared/model';
import { PROVIDERS } from '../../../../shared/providers';
import type { AccountRegistry } from '../accounts/registry';
import { HttpClient } from '../http/client';
import type { Disposable } from '../util/emitter';
import type { Logger } from '../util/log';
import type { Redactor } from '../util/redact';
import type { Provider, ProviderContext, ProviderFactory } from './types';

export interface ProviderPoolDeps {
  registry: AccountRegistry;
  factories: Partial<Record<ProviderId, ProviderFactory>>;
  redactor: Redactor;
  log: Logger;
  now?: () => number;
}

interface Built {
  provider: Provider;
  clients: HttpClient[];
}

/**
 * accountId → Provider, built on first use from the provider factories with the account and its secrets.
 * An account's provider is dropped (and closed) when the account changes or goes away.
 */
export class ProviderPool {
  private readonly entries = new Map<string, Promise<Built>>();
  private readonly subscription: Disposable;

  constructor(private readonly deps: ProviderPoolDeps) {
    this.subscription = deps.registry.changes.on((change) => {
      if (change.kind !== 'added') void this.invalidate(change.accountId);
    });
  }

  /** The provider of a saved account (NOT_FOUND, KEYCHAIN or UNSUPPORTED when it cannot be built). */
  async get(accountId: string): Promise<Provider> {
    let entry = this.entries.get(accountId);
    if (!entry) {
      entry = this.buildSaved(accountId);
      this.entries.set(accountId, entry);
      // A failed build is not kept: the next call tries again (the keychain may have been unlocked since).
      entry.catch(() => {
        if (this.entries.get(accountId) === entry) this.entries.delete(accountId);
      });
    }
    return (await entry).provider;
  }

  /**
   * A provider for an account that is not (or not yet) saved — a probe, or the test before add/update.
   * Not pooled: `run` gets it and it is closed afterwards.
   */
  async withUnsaved<T>(account: Account, secrets: Record<string, string>, run: (provider: Provider) => Promise<T>): Promise<T> {
    const built = this.build(account, secrets);
    try {
      return await run(built.provider);
    } finally {
      await closeBuilt(built, this.deps.log);
    }
  }

  /** Drops the account's provider; the next get builds a fresh one with the current account and secrets. */
  async invalidate(accountId: string): Promise<void> {
    const entry = this.entries.get(accountId);
    if (!entry) return;
    this.entries.delete(accountId);
    const built = await entry.catch(() => undefined);
    if (built) await closeBuilt(built, this.deps.log);
  }

  async close(): Promise<void> {
    this.subscription.dispose();
    const ids = [...this.entries.keys()];
    await Promise.all(ids.map((id) => this.invalidate(id)));
  }

  private async buildSaved(accountId: string): Promise<Built> {
    const account = this.deps.registry.get(accountId);
    this.factoryFor(account.provider); // UNSUPPORTED before touching the keychain
    const secrets = await this.deps.registry.secretsOf(accountId);
    return this.build(account, secrets);
  }

  private factoryFor(provider: ProviderId): ProviderFactory {
    const factory = this.deps.factories[provider];
    if (!factory) {
      throw new HangarError('UNSUPPORTED', `This build of Hangar cannot talk to ${PROVIDERS[provider]?.label ?? provider} yet`, {
        retryable: false,
      });
    }
    return factory;
  }

  private build(account: Account, secrets: Record<string, string>): Built {
    const factory = this.factoryFor(account.provider);
    const { redactor } = this.deps;
    const log = this.deps.log.child(`${account.provider}:${account.id}`);
    const label = `${account.name} (${PROVIDERS[account.provider].label})`;
    const clients: HttpClient[] = [];
    const ctx: ProviderContext = {
      account,
      secrets,
      redactor,
      log,
      http: (o) => {
        const client = new HttpClient({ ...o, baseUrl: o.baseUrl ?? account.baseUrl, tls: account.tls, redactor, log, label });
        clients.push(client);
        return client;
      },
      now: this.deps.now ?? Date.now,
    };
    return { provider: factory(ctx), clients };
  }
}

async function closeBuilt(built: Built, log: Logger): Promise<void> {
  try {
    await built.provider.close();
  } catch (e) {
    log.warn('provider close failed', { error: e instanceof Error ? e.message : String(e) });
  }
  await Promise.all(built.clients.map((c) => c.close().catch(() => undefined)));
}
