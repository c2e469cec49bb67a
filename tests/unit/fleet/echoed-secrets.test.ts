import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Account } from '../../../shared/model';
import { startHarness, type Harness } from './support/harness';
import { startTinyApi, tinyFactories, type TinyApi } from './support/tiny-api';

// An API that echoes the credentials it got (in error bodies and objects): no secret in the SQLite file (db + wal),
// in any IPC response, or in any log line —
// whether the secret was right or wrong, and even when the API echoes credentials back.

let api: TinyApi;
let h: Harness;

beforeEach(async () => {
  api = await startTinyApi({ username: 'admin', password: `right-pw-${randomUUID()}`, apiKey: `right-key-${randomUUID()}`, token: `tok-${randomUUID()}` });
  h = startHarness({ factories: tinyFactories(['nim', 'skyport']) });
});

afterEach(async () => {
  await h.close();
  await api.close();
});

it('keeps every secret, right or wrong, out of the database, the responses and the logs', async () => {
  const rightPw = api.credentials.password;
  const rightKey = api.credentials.apiKey;
  const wrongPw = `wrong-pw-${randomUUID()}`;
  const wrongKey = `wrong-key-${randomUUID()}`;
  const laterPw = `later-pw-${randomUUID()}`;
  const nim = (password: string, over: Record<string, unknown> = {}) => ({
    name: 'NIM',
    provider: 'nim' as const,
    baseUrl: api.baseUrl,
    environment: 'prod' as const,
    authMethod: 'basic' as const,
    fields: { username: 'admin' },
    secrets: { password },
    ...over,
  });
  const sky = (apiKey: string) => ({
    name: 'Sky',
    provider: 'skyport' as const,
    baseUrl: api.baseUrl,
    environment: 'dev' as const,
    authMethod: 'apiKey' as const,
    secrets: { apiKey },
  });

  // Wrong secrets: add and probe fail, and the API's 401 body echoes the credentials it got.
  const refused = await h.call('accounts.add', nim(wrongPw));
  expect(refused).toMatchObject({ ok: false, error: { code: 'AUTH', message: expect.stringContaining('bad credentials') } });
  expect((await h.call('accounts.probe', sky(wrongKey))) as unknown).toMatchObject({ ok: true, value: { ok: false, error: { code: 'AUTH' } } });

  // Right secrets: add, test, read (one instance's raw object carries the password), act.
  const account = (await h.value<Account>('accounts.add', nim(rightPw)));
  const skyAccount = await h.value<Account>('accounts.add', sky(rightKey));
  await h.value('accounts.test', { id: account.id });
  await h.value('accounts.list', {});
  const leaky = await h.value('instances.get', { accountId: account.id, id: 'i-leaky' });
  expect(JSON.stringify(leaky)).toContain('pw=***');
  const quoting = await h.call('instances.get', { accountId: skyAccount.id, id: 'i-quoting' });
  expect(quoting).toEqual({ ok: false, error: { code: 'SERVER', message: 'upstream rejected ***', details: { sent: '***' }, retryable: true } });
  await h.value('instances.act', { accountId: skyAccount.id, id: 'i-1', action: 'suspend' });
  await h.value('instances.act', { accountId: skyAccount.id, action: 'deploy', params: { name: 'n', image: 'i', imagename: 'i', nodeId: '1', user: 'u', memory: 1, cpu: 1, ports: '1:1', primary: '1' } });

  // The server moves on: the stored secret is now wrong (test result, failing act), then a wrong and a right update.
  api.credentials.password = laterPw;
  expect(await h.value('accounts.test', { id: account.id })).toMatchObject({ ok: false, error: { code: 'AUTH' } });
  expect(await h.call('instances.get', { accountId: account.id, id: 'i-1' })).toMatchObject({ ok: false, error: { code: 'AUTH' } });
  expect(await h.call('accounts.update', { id: account.id, secrets: { password: wrongPw } })).toMatchObject({ ok: false });
  await h.value('accounts.update', { id: account.id, secrets: { password: laterPw } });
  await h.value('instances.get', { accountId: account.id, id: 'i-2' });

  const secrets = [rightPw, rightKey, wrongPw, wrongKey, laterPw];
  const encoded = secrets.flatMap((s) => [
    Buffer.from(s).toString('base64'),
    Buffer.from(`admin:${s}`).toString('base64'),
    encodeURIComponent(s),
  ]);
  const db = h.databaseBytes();
  const responses = h.responses.join('\n');
  const logs = h.logLines.join('\n');
  expect(db.length).toBeGreaterThan(0);
  expect(db).toContain(account.id); // the metadata is there…
  expect(h.logLines.length).toBeGreaterThan(10);
  expect(logs).toMatch(/"status":401/); // the refused calls were logged…
  for (const s of [...secrets, ...encoded]) {
    expect(db.includes(s), `database holds ${s.slice(0, 12)}…`).toBe(false); // …the secrets are not
    expect(responses.includes(s), `a response holds ${s.slice(0, 12)}…`).toBe(false);
    expect(logs.includes(s), `a log line holds ${s.slice(0, 12)}…`).toBe(false);
  }
  // The right secrets are in the keychain, where they belong.
  expect(await h.secrets.get(account.id)).toEqual({ password: laterPw });
  expect(await h.secrets.get(skyAccount.id)).toEqual({ apiKey: rightKey });
});
