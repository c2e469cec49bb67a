import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../../shared/contract';
import type { AccountTestResult } from '../../../shared/contract/accounts';
import type { Account } from '../../../shared/model';
import { startHarness, type Harness } from '../fleet/support/harness';
import { startTinyApi, tinyFactories, type TinyApi } from '../fleet/support/tiny-api';

// accounts.* through dispatch, against a real SQLite file, the real keychain and a loopback API.

let api: TinyApi;
let h: Harness;
let built: Map<string, number>;
let closed: string[];

beforeEach(async () => {
  api = await startTinyApi({ username: 'admin', password: `pw-${randomUUID()}`, apiKey: `key-${randomUUID()}`, token: `tok-${randomUUID()}` });
  built = new Map();
  closed = [];
  h = startHarness({ factories: tinyFactories(['nim', 'skyport', 'everypoint'], { built, closed }) });
});

afterEach(async () => {
  await h.close();
  await api.close();
});

const nimDraft = (over: Partial<InputOf<'accounts.add'>> = {}): InputOf<'accounts.add'> => ({
  name: 'NIM',
  provider: 'nim',
  baseUrl: api.baseUrl,
  environment: 'staging',
  authMethod: 'basic',
  fields: { username: 'admin' },
  secrets: { password: api.credentials.password },
  ...over,
});

describe('accounts handlers', () => {
  it('add tests the connection first, then saves and announces the change', async () => {
    const before = api.server.requestCount;
    const account = await h.value<Account>('accounts.add', nimDraft());
    expect(api.server.requestCount).toBe(before + 1);
    expect(account).toMatchObject({ name: 'NIM', provider: 'nim', envColor: '#f0a020', hasSecret: true });
    expect(h.events).toEqual([{ type: 'accounts.changed' }]);
    expect(await h.value<Account[]>('accounts.list', {})).toEqual([{ ...account, hasSecret: true }]);
    expect(await h.value<Account>('accounts.get', { id: account.id })).toEqual({ ...account, hasSecret: true });
  });

  it('add with a wrong secret fails with AUTH and saves nothing (no row, no keychain entry)', async () => {
    const res = await h.call('accounts.add', nimDraft({ secrets: { password: 'wrong-password-123' } }));
    expect(res).toMatchObject({ ok: false, error: { code: 'AUTH' } });
    expect(await h.value('accounts.list', {})).toEqual([]);
    expect(h.events).toEqual([]);
  });

  it('add against an unreachable address fails with OFFLINE and saves nothing', async () => {
    const res = await h.call('accounts.add', nimDraft({ baseUrl: 'http://127.0.0.1:9' }));
    expect(res).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
    expect(await h.value('accounts.list', {})).toEqual([]);
  });

  it('add with verify:false saves without calling the API', async () => {
    const before = api.server.requestCount;
    const account = await h.value<Account>('accounts.add', nimDraft({ secrets: { password: 'not-checked-1' }, verify: false }));
    expect(api.server.requestCount).toBe(before);
    expect(await h.secrets.get(account.id)).toEqual({ password: 'not-checked-1' });
  });

  it('test reports success and failure as a result, never as a thrown error', async () => {
    const account = await h.value<Account>('accounts.add', nimDraft());
    const good = await h.value<AccountTestResult>('accounts.test', { id: account.id });
    expect(good).toMatchObject({ ok: true, summary: '4 instances' });
    expect(good.latencyMs).toBeGreaterThanOrEqual(0);
    expect(good.error).toBeUndefined();

    api.credentials.password = 'rotated-on-the-server';
    const bad = await h.value<AccountTestResult>('accounts.test', { id: account.id });
    expect(bad).toMatchObject({ ok: false, error: { code: 'AUTH' } });

    await api.close();
    const offline = await h.value<AccountTestResult>('accounts.test', { id: account.id });
    expect(offline).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });

    expect(await h.call('accounts.test', { id: 'no-such-account' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('update tests the new settings first; the pool then uses the new secret', async () => {
    const account = await h.value<Account>('accounts.add', nimDraft());
    await h.value('accounts.test', { id: account.id });
    await h.value('accounts.test', { id: account.id });
    expect(built.get(account.id)).toBe(2); // one for the test before saving (closed), one pooled and reused
    expect(closed).toEqual([account.id]);

    const original = api.credentials.password;
    const rotated = `pw2-${randomUUID()}`;
    api.credentials.password = rotated;
    // A wrong new secret: refused, and the stored one is left as it was.
    expect(await h.call('accounts.update', { id: account.id, secrets: { password: 'also-wrong-1' } })).toMatchObject({
      ok: false,
      error: { code: 'AUTH' },
    });
    expect(await h.secrets.get(account.id)).toEqual({ password: original });

    // A rename alone does not need the API: it works while the server is refusing the stored secret.
    const before = api.server.requestCount;
    expect(await h.value<Account>('accounts.update', { id: account.id, name: 'NIM renamed' })).toMatchObject({ name: 'NIM renamed' });
    expect(api.server.requestCount).toBe(before);

    const updated = await h.value<Account>('accounts.update', { id: account.id, secrets: { password: rotated }, name: 'NIM 2' });
    expect(updated.name).toBe('NIM 2');
    expect(await h.secrets.get(account.id)).toEqual({ password: rotated });
    expect(await h.value('accounts.test', { id: account.id })).toMatchObject({ ok: true });
    // Two more unsaved providers for the two tests before saving, then the pooled one rebuilt with the new secret.
    expect(built.get(account.id)).toBe(5);
    expect(closed).toHaveLength(4); // the pooled one was closed when an update invalidated it
    expect(h.events.filter((e) => e.type === 'accounts.changed')).toHaveLength(3);
  });

  it('remove drops the account, its secret and its provider', async () => {
    const account = await h.value<Account>('accounts.add', nimDraft());
    await h.value('accounts.test', { id: account.id });
    const closedBefore = closed.length;
    expect(await h.value('accounts.remove', { id: account.id })).toEqual({ removed: true });
    expect(await h.secrets.get(account.id)).toBeNull();
    expect(await h.value('accounts.list', {})).toEqual([]);
    expect(closed.slice(closedBefore)).toEqual([account.id]);
    expect(await h.call('accounts.remove', { id: account.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(h.events).toEqual([{ type: 'accounts.changed' }, { type: 'accounts.changed' }]);
  });

  it('probe tests an unsaved draft and saves nothing', async () => {
    const good = await h.value<AccountTestResult>('accounts.probe', nimDraft());
    expect(good).toMatchObject({ ok: true, summary: '4 instances' });
    const bad = await h.value<AccountTestResult>('accounts.probe', nimDraft({ secrets: { password: 'nope-nope' } }));
    expect(bad).toMatchObject({ ok: false, error: { code: 'AUTH' } });
    const invalid = await h.call('accounts.probe', nimDraft({ fields: {} }));
    expect(invalid).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('"username"') } });
    expect(await h.value('accounts.list', {})).toEqual([]);
    expect(h.events).toEqual([]);
    expect(closed).toHaveLength(2); // each probe's provider was closed
  });

  it('signs in with each method the descriptor offers (apiKey, bearer)', async () => {
    const sky = await h.value<Account>('accounts.add', {
      ...nimDraft({ name: 'Sky', provider: 'skyport', authMethod: 'apiKey', fields: {} }),
      secrets: { apiKey: api.credentials.apiKey },
    });
    expect(sky.provider).toBe('skyport');
    const jwt = await h.value<Account>('accounts.add', nimDraft({ name: 'JWT', authMethod: 'bearer', fields: {}, secrets: { token: api.credentials.token } }));
    expect(jwt.authMethod).toBe('bearer');
  });

  it('a provider with no implementation yet is UNSUPPORTED, as a result of test and as the error of add', async () => {
    const draft = nimDraft({ name: 'K', provider: 'kianda', authMethod: 'password', fields: { username: 'u', subscriptionId: 's' } });
    expect(await h.call('accounts.add', draft)).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
    const saved = await h.value<Account>('accounts.add', { ...draft, verify: false });
    expect(await h.value('accounts.test', { id: saved.id })).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
  });

  it('rejects a payload that smuggles extra keys or a bad URL (VALIDATION from the contract)', async () => {
    expect(await h.call('accounts.add', { ...nimDraft(), isAdmin: true } as never)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await h.call('accounts.add', nimDraft({ baseUrl: 'http://user:pw@host' }))).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
