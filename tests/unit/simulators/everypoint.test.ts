import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEveryPointSimulator } from '../../../electron/simulators/everypoint';
import type { RunningSimulator } from '../../../electron/simulators/kit/types';

const KEY = 'test-key';
const SECRET = 'test-secret-value';
const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

let sim: RunningSimulator;

async function call(method: string, path: string, body?: unknown, auth: string | null = basic(KEY, SECRET)) {
  const headers: Record<string, string> = {};
  if (auth !== null) headers.authorization = auth;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${sim.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

beforeAll(async () => {
  sim = await startEveryPointSimulator({ seed: 'contract', instances: 5, key: KEY, secret: SECRET });
});
afterAll(() => sim.close());

describe('EveryPoint simulator: auth', () => {
  it('answers 1000 without an Authorization header', async () => {
    const r = await call('GET', '/instances', undefined, null);
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ success: false, code: 1000, message: expect.any(String) });
  });

  it('answers 1001 for a wrong secret, a wrong key and a non-Basic scheme', async () => {
    for (const auth of [basic(KEY, 'wrong'), basic('nobody', SECRET), 'Bearer abc', 'Basic !!!']) {
      const r = await call('GET', '/instances', undefined, auth);
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ success: false, code: 1001 });
    }
  });

  it('gives the account the credentials it checks', () => {
    expect(sim.account).toMatchObject({ authMethod: 'basic', fields: { username: KEY }, secrets: { password: SECRET } });
    expect(sim.account.baseUrl).toMatch(/\/v3$/);
  });
});

describe('EveryPoint simulator: instances', () => {
  it('lists URIs only, the default instance first', async () => {
    const r = await call('GET', '/instances');
    expect(r.status).toBe(200);
    expect(r.body.success).toBe(true);
    expect(r.body.data.instances).toHaveLength(5);
    expect(r.body.data.instances[0]).toBe('/instances/default');
    for (const uri of r.body.data.instances) expect(uri).toMatch(/^\/instances\/[a-z0-9-]+$/);
  });

  it('returns the details of an instance by its URI', async () => {
    const r = await call('GET', '/instances/default');
    expect(r.body).toEqual({
      success: true,
      data: { instance: { uri: '/instances/default', name: 'default', description: 'The default instance provided by the API.' } },
    });
  });

  it('answers 2001 for an unknown instance and 1002 for an unknown URL', async () => {
    const missing = await call('GET', '/instances/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ success: false, code: 2001 });
    const badUrl = await call('GET', '/files');
    expect(badUrl.status).toBe(404);
    expect(badUrl.body).toMatchObject({ success: false, code: 1002 });
  });

  it('answers 1004 for an unsupported method on a known path', async () => {
    const r = await call('PUT', '/instances/default', { name: 'x' });
    expect(r.status).toBe(405);
    expect(r.body).toMatchObject({ success: false, code: 1004 });
  });

  it('creates, renames, re-describes and deletes an instance', async () => {
    const created = await call('POST', '/instances', { name: 'staging-2', description: 'Staging' });
    expect(created.status).toBe(201);
    expect(created.body.data.instance).toEqual({ uri: '/instances/staging-2', name: 'staging-2', description: 'Staging' });

    const renamed = await call('PATCH', '/instances/staging-2', { name: 'staging-3' });
    expect(renamed.body.data.instance.uri).toBe('/instances/staging-3');
    expect((await call('GET', '/instances/staging-2')).body.code).toBe(2001);

    const described = await call('PATCH', '/instances/staging-3', { description: 'Staging, renamed' });
    expect(described.body.data.instance).toEqual({ uri: '/instances/staging-3', name: 'staging-3', description: 'Staging, renamed' });

    const deleted = await call('DELETE', '/instances/staging-3');
    expect(deleted.status).toBe(200);
    expect(deleted.body.success).toBe(true);
    expect((await call('GET', '/instances')).body.data.instances).not.toContain('/instances/staging-3');
  });

  it('enforces the name rule with 1003', async () => {
    for (const name of ['Upper', 'under_score', 'spa ce', '', 'x'.repeat(65), 42]) {
      const r = await call('POST', '/instances', { name, description: 'd' });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ success: false, code: 1003 });
    }
    const rename = await call('PATCH', '/instances/default', { description: 'ok', name: 'Bad!' });
    expect(rename.body.code).toBe(1003);
  });

  it('requires a description on create and a JSON object body', async () => {
    expect((await call('POST', '/instances', { name: 'no-desc' })).body.code).toBe(1003);
    const res = await fetch(`${sim.baseUrl}/instances`, {
      method: 'POST',
      headers: { authorization: basic(KEY, SECRET), 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ success: false, code: 1003 });
    expect((await call('PATCH', '/instances/default', {})).body.code).toBe(1003);
  });

  it('refuses a duplicate name with 1003 and HTTP 409', async () => {
    await call('POST', '/instances', { name: 'dup', description: 'first' });
    const again = await call('POST', '/instances', { name: 'dup', description: 'second' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ success: false, code: 1003 });
    const renameOnto = await call('PATCH', '/instances/dup', { name: 'default' });
    expect(renameOnto.status).toBe(409);
  });

  it('protects the default instance from deletion and renaming (2001, HTTP 403)', async () => {
    const del = await call('DELETE', '/instances/default');
    expect(del.status).toBe(403);
    expect(del.body).toMatchObject({ success: false, code: 2001 });
    const ren = await call('PATCH', '/instances/default', { name: 'main' });
    expect(ren.status).toBe(403);
    expect((await call('GET', '/instances/default')).status).toBe(200);
    expect((await call('PATCH', '/instances/default', { description: 'still here' })).body.data.instance.description).toBe('still here');
  });

  it('reads and sets the webhook', async () => {
    expect((await call('GET', '/instances/default/webhook')).body).toEqual({ success: true, data: { webhook: { url: null } } });
    const set = await call('PATCH', '/instances/default/webhook', { url: 'https://hooks.example.com/ep' });
    expect(set.body.data.webhook.url).toBe('https://hooks.example.com/ep');
    expect((await call('GET', '/instances/default/webhook')).body.data.webhook.url).toBe('https://hooks.example.com/ep');
    expect((await call('PATCH', '/instances/default/webhook', { url: 'ftp://x' })).body.code).toBe(1003);
    expect((await call('PATCH', '/instances/default/webhook', { url: '' })).body.data.webhook.url).toBeNull();
    expect((await call('GET', '/instances/ghost/webhook')).body.code).toBe(2001);
  });
});

describe('EveryPoint simulator: seed, scale and clock', () => {
  // How fast they start is a benchmark figure (tests/bench), not a timed test.
  it('seeds 20,000 instances deterministically', async () => {
    const a = await startEveryPointSimulator({ seed: 's1', instances: 20_000 });
    const b = await startEveryPointSimulator({ seed: 's1', instances: 20_000 });
    try {
      const list = async (s: RunningSimulator) =>
        (await (await fetch(`${s.baseUrl}/instances`, { headers: { authorization: basic(s.account.fields.username, s.account.secrets.password) } })).json()) as any;
      const [la, lb] = [await list(a), await list(b)];
      expect(la.data.instances).toHaveLength(20_000);
      expect(new Set(la.data.instances).size).toBe(20_000);
      expect(la.data.instances).toEqual(lb.data.instances);
      expect(a.account.secrets.password).toBe(b.account.secrets.password);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('changes the instance set on each clock tick and never removes the default instance', async () => {
    const s = await startEveryPointSimulator({ seed: 'clock', instances: 4 });
    try {
      const auth = basic(s.account.fields.username, s.account.secrets.password);
      const snapshot = async () => {
        const list = ((await (await fetch(`${s.baseUrl}/instances`, { headers: { authorization: auth } })).json()) as any).data.instances as string[];
        const details = await Promise.all(list.map(async (u) => ((await (await fetch(`${s.baseUrl}${u}`, { headers: { authorization: auth } })).json()) as any).data.instance));
        return JSON.stringify(details);
      };
      const before = await snapshot();
      for (let i = 0; i < 30; i++) s.clock.tick(3);
      const after = await snapshot();
      expect(after).not.toBe(before);
      expect(after).toContain('"/instances/default"');
      const tick = await fetch(`${s.server.baseUrl}/__sim/tick`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"changes":2}' });
      expect(((await tick.json()) as any).instances).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
  });
});
