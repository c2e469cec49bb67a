import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { accountDraftSchema, accountPatchSchema } from '../../../../shared/contract/accounts';
import { HangarError } from '../../../../shared/errors';
import { DEFAULT_ENV_COLORS, type Account, type ProviderId } from '../../../../shared/model';
import { transaction } from '../cache/db';
import type { Database } from '../cache/sqlite';
import type { SecretStore } from '../secrets/store';
import { Emitter } from '../util/emitter';
import type { Logger } from '../util/log';
import type { Redactor } from '../util/redact';
import { AccountStore } from './store';
import { secretKeysOf, validateSignIn } from './validate';

export type AccountDraftInput = z.output<typeof accountDraftSchema>;
export type AccountPatchInput = z.output<typeof accountPatchSchema>;

export interface AccountChange {
  kind: 'added' | 'updated' | 'removed';
  accountId: string;
}

/** Runs after validation and before anything is saved (the connection test); throwing cancels the save. */
export type BeforeSave = (account: Account, secrets: Record<string, string>) => Promise<void>;

export interface AccountRegistryDeps {
  db: Database;
  secrets: SecretStore;
  redactor: Redactor;
  log: Logger;
  now?: () => Date;
  newId?: (provider: ProviderId) => string;
}

/** An account made ready (validated, id given) but not saved: what add, update and probe work on. */
export interface PreparedAccount {
  account: Account;
  secrets: Record<string, string>;
}

function defaultId(provider: ProviderId): string {
  return `${provider}-${randomBytes(6).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0')}`;
}

/**
 * The accounts: metadata in SQLite, secrets in the SecretStore (keyed by account id), loaded secrets
 * registered with the Redactor. Emits a change for every add, update and remove.
 */
export class AccountRegistry {
  readonly changes = new Emitter<AccountChange>();
  private readonly store: AccountStore;
  private readonly loaded = new Map<string, Record<string, string>>();
  private readonly now: () => Date;
  private readonly newId: (provider: ProviderId) => string;

  constructor(private readonly deps: AccountRegistryDeps) {
    this.store = new AccountStore(deps.db);
    this.now = deps.now ?? (() => new Date());
    this.newId = deps.newId ?? defaultId;
  }

  get secretStoreKind(): string {
    return this.deps.secrets.kind;
  }

  list(): Account[] {
    return this.store.all();
  }

  find(id: string): Account | undefined {
    return this.store.byId(id);
  }

  get(id: string): Account {
    const account = this.store.byId(id);
    if (!account) throw new HangarError('NOT_FOUND', `No account with id "${id}"`);
    return account;
  }

  /** Accounts whose name is `name` (case-insensitive): the CLI resolves an account given by name with it. */
  findByName(name: string): Account[] {
    return this.store.byName(name);
  }

  /** Whether the keychain holds a secret for the account (reads it, so the redactor learns it). */
  async hasSecret(id: string): Promise<boolean> {
    if (this.loaded.has(id)) return true;
    const secrets = await this.deps.secrets.get(id);
    if (!secrets) return false;
    this.remember(this.get(id), secrets);
    return true;
  }

  /** The account's secrets from the keychain; KEYCHAIN when there are none to sign in with. */
  async secretsOf(id: string): Promise<Record<string, string>> {
    const cached = this.loaded.get(id);
    if (cached) return cached;
    const account = this.get(id);
    const secrets = await this.deps.secrets.get(id);
    if (!secrets) {
      if (secretKeysOf(account.provider, account.authMethod).length === 0) return {};
      throw new HangarError(
        'KEYCHAIN',
        `No secret for account "${account.name}" was found in the ${this.deps.secrets.kind} (is the keychain unlocked? ` +
          `was it set up on another machine?). Enter the account's credentials again to store them.`,
        { retryable: false },
      );
    }
    this.remember(account, secrets);
    return secrets;
  }

  /** Validates a draft and gives it an id, without saving anything (probe, and the first step of add). */
  prepare(draft: AccountDraftInput): PreparedAccount {
    const fields = cleanFields(draft.fields);
    validateSignIn(draft.provider, draft.authMethod, fields, draft.secrets);
    const at = this.now().toISOString();
    const account: Account = {
      id: this.newId(draft.provider),
      name: draft.name,
      provider: draft.provider,
      baseUrl: draft.baseUrl,
      environment: draft.environment,
      envColor: draft.envColor ?? DEFAULT_ENV_COLORS[draft.environment],
      authMethod: draft.authMethod,
      fields,
      tls: { ...draft.tls },
      pollIntervalSec: draft.pollIntervalSec,
      createdAt: at,
      updatedAt: at,
    };
    if (draft.envLabel) account.envLabel = draft.envLabel;
    this.registerWithRedactor(account, draft.secrets);
    return { account, secrets: { ...draft.secrets } };
  }

  async add(draft: AccountDraftInput, beforeSave?: BeforeSave): Promise<Account> {
    const { account, secrets } = this.prepare(draft);
    this.assertNameFree(account.name);
    await beforeSave?.(account, secrets);
    // Secret first: if the keychain refuses, no account row points at a missing secret.
    await this.deps.secrets.set(account.id, secrets);
    try {
      transaction(this.deps.db, () => {
        this.assertNameFree(account.name);
        this.store.insert(account);
      });
    } catch (e) {
      await this.deps.secrets.delete(account.id).catch(() => undefined);
      throw e;
    }
    this.loaded.set(account.id, secrets);
    this.deps.log.info('account added', { accountId: account.id, provider: account.provider });
    this.changes.emit({ kind: 'added', accountId: account.id });
    return { ...account, hasSecret: true };
  }

  async update(patch: AccountPatchInput, beforeSave?: BeforeSave): Promise<Account> {
    const current = this.get(patch.id);
    const methodChanged = patch.authMethod !== undefined && patch.authMethod !== current.authMethod;
    const secretsGiven = patch.secrets !== undefined && Object.keys(patch.secrets).length > 0;
    const next: Account = {
      ...current,
      name: patch.name ?? current.name,
      baseUrl: patch.baseUrl ?? current.baseUrl,
      environment: patch.environment ?? current.environment,
      authMethod: patch.authMethod ?? current.authMethod,
      fields: patch.fields ? cleanFields(patch.fields) : current.fields,
      tls: patch.tls ? { ...patch.tls } : current.tls,
      pollIntervalSec: patch.pollIntervalSec ?? current.pollIntervalSec,
      updatedAt: this.now().toISOString(),
    };
    if (patch.envLabel !== undefined) {
      if (patch.envLabel) next.envLabel = patch.envLabel;
      else delete next.envLabel;
    }
    if (patch.envColor) next.envColor = patch.envColor;
    else if (patch.environment && patch.environment !== current.environment && current.envColor === DEFAULT_ENV_COLORS[current.environment]) {
      next.envColor = DEFAULT_ENV_COLORS[patch.environment];
    }
    // A new sign-in method starts from the given secrets only; otherwise given secrets replace the stored ones key by key.
    let secrets: Record<string, string>;
    if (methodChanged) secrets = { ...(patch.secrets ?? {}) };
    else secrets = { ...(await this.storedSecretsOrEmpty(current.id)), ...(patch.secrets ?? {}) };
    validateSignIn(next.provider, next.authMethod, next.fields, secrets);
    this.registerWithRedactor(next, secrets);
    if (next.name.toLowerCase() !== current.name.toLowerCase()) this.assertNameFree(next.name);

    await beforeSave?.(next, secrets);
    const secretsChanged = methodChanged || secretsGiven;
    if (secretsChanged) await this.deps.secrets.set(next.id, secrets);
    this.store.update(next);
    this.loaded.set(next.id, secrets);
    this.deps.log.info('account updated', { accountId: next.id });
    this.changes.emit({ kind: 'updated', accountId: next.id });
    return { ...next, hasSecret: true };
  }

  /** Removes the account and its secret. A keychain that cannot delete stops the removal (no orphaned secret). */
  async remove(id: string): Promise<void> {
    this.get(id);
    await this.deps.secrets.delete(id);
    this.store.delete(id);
    this.loaded.delete(id);
    this.deps.log.info('account removed', { accountId: id });
    this.changes.emit({ kind: 'removed', accountId: id });
  }

  private async storedSecretsOrEmpty(id: string): Promise<Record<string, string>> {
    return this.loaded.get(id) ?? (await this.deps.secrets.get(id)) ?? {};
  }

  private assertNameFree(name: string): void {
    if (this.store.byName(name).length > 0) {
      throw new HangarError('CONFLICT', `An account named "${name}" already exists; names must be unique`, {
        details: { field: 'name' },
      });
    }
  }

  private remember(account: Account, secrets: Record<string, string>): void {
    this.registerWithRedactor(account, secrets);
    this.loaded.set(account.id, secrets);
  }

  private registerWithRedactor(account: Account, secrets: Record<string, string>): void {
    for (const value of Object.values(secrets)) this.deps.redactor.add(value);
    const user = account.fields.username ?? account.fields.email;
    if (user && secrets.password) this.deps.redactor.addBasic(user, secrets.password);
  }
}

/** Trims values and drops empty ones, so "" never counts as a given field. */
function cleanFields(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) {
    const t = v.trim();
    if (t) out[k] = t;
  }
  return out;
}
