import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accountDraftSchema, accountPatchSchema, type AccountDraft } from '../../../shared/contract/accounts';
import { HangarError } from '../../../shared/errors';
import { AccountRegistry } from '../../../electron/main/core/accounts/registry';
import { openDatabase, type OpenedDatabase } from '../../../electron/main/core/cache/db';
import { KeyringSecretStore } from '../../../electron/main/core/secrets/keyring';
import { capturingLog } from '../../support/capturing-log';

// Real SQLite file, real Secret Service: run through tests/support/with-keyring.sh.

let dir: string;
let opened: OpenedDatabase[];
const keychain = new KeyringSecretStore();
let createdIds: string[];

function open() {
  const { redactor, log, lines } = capturingLog();
  const database = openDatabase(path.join(dir, 'hangar.db'), log);
  opened.push(database);
  const registry = new AccountRegistry({ db: database.db, secrets: keychain, redactor, log });
  registry.changes.on((c) => {
    if (c.kind === 'added') createdIds.push(c.accountId);
  });
  return { registry, redactor, lines, database };
}

const draft = (over: Partial<AccountDraft> = {}) =>
  accountDraftSchema.parse({
    name: 'NIM prod',
    provider: 'nim',
    baseUrl: 'https://nim.example.test',
    environment: 'prod',
    authMethod: 'basic',
    fields: { username: 'admin', apiPrefix: '/api/platform/v1' },
    secrets: { password: `pw-${randomUUID()}` },
    ...over,
  });

async function expectError(p: Promise<unknown> | (() => unknown), code: string, message?: RegExp): Promise<HangarError> {
  let err: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    err = e;
  }
  expect(err, 'expected a HangarError').toBeInstanceOf(HangarError);
  expect((err as HangarError).code).toBe(code);
  if (message) expect((err as HangarError).message).toMatch(message);
  return err as HangarError;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-accounts-'));
  opened = [];
  createdIds = [];
});

afterEach(async () => {
  for (const id of createdIds) await keychain.delete(id).catch(() => undefined);
  for (const d of opened) d.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('AccountRegistry', () => {
  it('adds an account: metadata in SQLite, the secret in the keychain, the default env colour, a readable id', async () => {
    const { registry } = open();
    const d = draft();
    const account = await registry.add(d);
    expect(account.id).toMatch(/^nim-[a-z0-9]{8}$/);
    expect(account).toMatchObject({
      name: 'NIM prod',
      provider: 'nim',
      environment: 'prod',
      envColor: '#d03050',
      authMethod: 'basic',
      fields: { username: 'admin', apiPrefix: '/api/platform/v1' },
      tls: { insecure: false },
      pollIntervalSec: 60,
      hasSecret: true,
    });
    expect(account).not.toHaveProperty('secrets');
    expect(await keychain.get(account.id)).toEqual(d.secrets);
    expect(registry.list().map((a) => a.id)).toEqual([account.id]);
    expect(registry.get(account.id).createdAt).toBe(account.createdAt);
  });

  it('survives a restart: a new registry on the same file lists the account and loads its secret from the keychain', async () => {
    const first = open();
    const d = draft({ tls: { insecure: true, caPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' }, pollIntervalSec: 120 });
    const account = await first.registry.add(d);
    first.database.close();

    const second = open();
    const { hasSecret: _, ...metadata } = account;
    expect(second.registry.list()).toEqual([metadata]);
    // A fresh redactor does not know the secret until it is loaded.
    expect(second.redactor.redact(`x ${d.secrets.password} y`)).toContain(d.secrets.password);
    expect(await second.registry.hasSecret(account.id)).toBe(true);
    expect(await second.registry.secretsOf(account.id)).toEqual(d.secrets);
    // Loading registered the secret (and its Basic form) with the redactor.
    expect(second.redactor.redact(`x ${d.secrets.password} y`)).toBe('x *** y');
    const basic = Buffer.from(`admin:${d.secrets.password}`).toString('base64');
    expect(second.redactor.redact(basic)).toBe('***');
  });

  it('rejects a sign-in method the provider does not offer, naming the ones it does', async () => {
    const { registry } = open();
    await expectError(registry.add(draft({ authMethod: 'apiKey' })), 'VALIDATION', /does not sign in with "apiKey".*"basic".*"bearer"/);
  });

  it('names the missing field or secret, and saves nothing', async () => {
    const { registry } = open();
    const noUser = await expectError(registry.add(draft({ fields: {} })), 'VALIDATION', /"username"/);
    expect(noUser.details).toEqual({ field: 'username' });
    await expectError(registry.add(draft({ fields: { username: '   ' } })), 'VALIDATION', /"username"/);
    await expectError(registry.add(draft({ secrets: {} })), 'VALIDATION', /secret "password"/);
    await expectError(
      registry.add(draft({ provider: 'kianda', authMethod: 'password', fields: { username: 'u' } })),
      'VALIDATION',
      /"subscriptionId"/,
    );
    expect(registry.list()).toEqual([]);
    expect(createdIds).toEqual([]);
  });

  it('refuses a secret among the plain fields (they are stored in the database) and unknown secrets', async () => {
    const { registry } = open();
    const d = draft();
    const err = await expectError(
      registry.add(draft({ fields: { username: 'admin', password: d.secrets.password } })),
      'VALIDATION',
      /"password" is a secret/,
    );
    expect(err.message).not.toContain(d.secrets.password);
    await expectError(registry.add(draft({ secrets: { password: 'x'.repeat(8), token: 'y'.repeat(8) } })), 'VALIDATION', /"token" is not a secret/);
    expect(registry.list()).toEqual([]);
  });

  it('keeps names unique (the CLI resolves accounts by name)', async () => {
    const { registry } = open();
    await registry.add(draft());
    await expectError(registry.add(draft({ name: 'nim PROD' })), 'CONFLICT', /already exists/);
    expect(registry.list()).toHaveLength(1);
    expect(registry.findByName('nim prod')).toHaveLength(1);
  });

  it('saves nothing when the check before saving (the connection test) fails', async () => {
    const { registry } = open();
    let seen: string | undefined;
    await expectError(
      registry.add(draft(), async (account) => {
        seen = account.id;
        throw new HangarError('AUTH', 'wrong password');
      }),
      'AUTH',
    );
    expect(registry.list()).toEqual([]);
    expect(seen).toBeDefined();
    expect(await keychain.get(seen!)).toBeNull();
  });

  it('updates only what the patch names; secrets merge; a new method needs its own secrets', async () => {
    const { registry } = open();
    const d = draft({ pollIntervalSec: 300, tls: { insecure: true }, envLabel: 'EU' });
    const account = await registry.add(d);

    const renamed = await registry.update(accountPatchSchema.parse({ id: account.id, name: 'NIM eu-prod' }));
    expect(renamed).toMatchObject({ name: 'NIM eu-prod', pollIntervalSec: 300, tls: { insecure: true }, envLabel: 'EU', fields: d.fields });
    expect(await keychain.get(account.id)).toEqual(d.secrets);

    const rotated = `rotated-${randomUUID()}`;
    await registry.update(accountPatchSchema.parse({ id: account.id, secrets: { password: rotated } }));
    expect(await keychain.get(account.id)).toEqual({ password: rotated });
    expect(await registry.secretsOf(account.id)).toEqual({ password: rotated });

    await expectError(registry.update(accountPatchSchema.parse({ id: account.id, authMethod: 'bearer' })), 'VALIDATION', /secret "token"/);
    const token = `jwt-${randomUUID()}`;
    const bearer = await registry.update(accountPatchSchema.parse({ id: account.id, authMethod: 'bearer', secrets: { token } }));
    expect(bearer.authMethod).toBe('bearer');
    expect(await keychain.get(account.id)).toEqual({ token });

    // The default colour follows the environment; a chosen one stays.
    expect((await registry.update(accountPatchSchema.parse({ id: account.id, environment: 'dev' }))).envColor).toBe('#2080f0');
    await registry.update(accountPatchSchema.parse({ id: account.id, envColor: '#123456' }));
    expect((await registry.update(accountPatchSchema.parse({ id: account.id, environment: 'staging' }))).envColor).toBe('#123456');
    expect((await registry.update(accountPatchSchema.parse({ id: account.id, envLabel: '' }))).envLabel).toBeUndefined();

    await expectError(registry.update(accountPatchSchema.parse({ id: 'nope' })), 'NOT_FOUND');
  });

  it('removing an account removes its secret from the keychain', async () => {
    const { registry } = open();
    const a = await registry.add(draft());
    const b = await registry.add(draft({ name: 'other' }));
    const changes: string[] = [];
    registry.changes.on((c) => changes.push(`${c.kind}:${c.accountId}`));
    await registry.remove(a.id);
    expect(await keychain.get(a.id)).toBeNull();
    expect(await keychain.get(b.id)).not.toBeNull();
    expect(registry.list().map((x) => x.id)).toEqual([b.id]);
    expect(changes).toEqual([`removed:${a.id}`]);
    await expectError(registry.remove(a.id), 'NOT_FOUND');
    await expectError(() => registry.get(a.id), 'NOT_FOUND');
  });

  it('says KEYCHAIN, with what to do, when the keychain has no secret for an account', async () => {
    const { registry } = open();
    const a = await registry.add(draft());
    await keychain.delete(a.id);
    const fresh = open().registry;
    expect(await fresh.hasSecret(a.id)).toBe(false);
    await expectError(fresh.secretsOf(a.id), 'KEYCHAIN', /No secret for account "NIM prod".*Enter the account's credentials again/);
  });
});
