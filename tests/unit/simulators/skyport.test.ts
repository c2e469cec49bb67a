/**
 * Contract tests for the Skyport simulator, written from the API documents (seed 004 and apis.md §3,
 * including 3.6 quirks and 3.6b observations of the real panel), over real HTTP on loopback.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSkyportSimulator, type SkyportSimulator } from '../../../electron/simulators/skyport/index';

interface Answer {
  status: number;
  type: string;
  text: string;
  body: any;
  headers: Headers;
}

type Opts = { key?: string | null; json?: unknown; headers?: Record<string, string>; signal?: AbortSignal };

function client(sim: SkyportSimulator) {
  const apiKey = sim.account.secrets.apiKey;
  return async function call(method: string, path: string, opts: Opts = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...opts.headers };
    const key = opts.key === undefined ? apiKey : opts.key;
    if (key !== null) headers['x-api-key'] = key;
    let body: string | undefined;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    }
    const r = await fetch(sim.baseUrl + path, { method, headers, body, signal: opts.signal });
    const text = await r.text();
    const type = r.headers.get('content-type') ?? '';
    let parsed: unknown = text;
    if (type.includes('json')) parsed = JSON.parse(text);
    return { status: r.status, type, text, body: parsed, headers: r.headers };
  };
}

async function admin(sim: SkyportSimulator, path: string, json?: unknown): Promise<any> {
  const r = await fetch(`${sim.baseUrl}/__sim${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(json ?? {}),
  });
  return r.json();
}

const BCRYPT = /^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/;

function deployBody(sim: SkyportSimulator, overrides: Record<string, unknown> = {}) {
  const online = sim.store.listNodes().find((n) => n?.status === 'Online')!;
  return {
    image: 'ghcr.io/skyportlabs/images:java21',
    imagename: 'Paper',
    memory: '1024',
    cpu: '2',
    ports: '25565:30001',
    nodeId: online.id,
    name: 'contract-deploy',
    user: sim.store.users[1].userId,
    primary: '30001',
    ...overrides,
  };
}

describe('Skyport simulator — real panel (quirks on)', () => {
  let sim: SkyportSimulator;
  let call: ReturnType<typeof client>;
  // The simulator's clock (rate-limit window, installs): moved by the tests, never slept on.
  let now = Date.now();

  beforeAll(async () => {
    sim = await startSkyportSimulator({ seed: 'contract', instances: 40, nodes: 5, installMs: 60_000, now: () => now });
    call = client(sim);
  });
  afterAll(() => sim.close());
  beforeEach(() => admin(sim, '/rate-limit/reset'));

  it('gives the account exactly what accounts.add needs', () => {
    expect(sim.account).toEqual({ baseUrl: sim.baseUrl, authMethod: 'apiKey', fields: {}, secrets: { apiKey: expect.stringMatching(/^skyport_/) } });
  });

  describe('auth: x-api-key only', () => {
    it('missing key → 401 {"error":"API key is required"} on GET, POST and DELETE routes', async () => {
      for (const [m, p] of [
        ['GET', '/api/instances'],
        ['POST', '/api/getInstance'],
        ['DELETE', '/api/instance/delete'],
      ]) {
        const a = await call(m, p, { key: null, json: m === 'GET' ? undefined : {} });
        expect(a.status).toBe(401);
        expect(a.body).toEqual({ error: 'API key is required' });
      }
    });

    it('unknown key → 401 {"error":"API Key Invalid"}', async () => {
      const a = await call('GET', '/api/nodes', { key: 'skyport_wrong' });
      expect(a.status).toBe(401);
      expect(a.body).toEqual({ error: 'API Key Invalid' });
    });

    it('a Bearer token counts as a missing key', async () => {
      const a = await call('GET', '/api/users', { key: null, headers: { authorization: `Bearer ${sim.account.secrets.apiKey}` } });
      expect(a.status).toBe(401);
      expect(a.body).toEqual({ error: 'API key is required' });
    });
  });

  describe('users', () => {
    it('GET /api/users lists users with bcrypt password hashes (the real leak)', async () => {
      const a = await call('GET', '/api/users');
      expect(a.status).toBe(200);
      expect(Array.isArray(a.body)).toBe(true);
      expect(a.body.length).toBeGreaterThanOrEqual(2);
      for (const u of a.body) {
        expect(u).toMatchObject({ userId: expect.any(String), username: expect.any(String), email: expect.any(String), admin: expect.any(Boolean) });
        expect(u.password).toMatch(BCRYPT);
      }
    });

    it('POST /api/getUser answers 200 (not the documented 201), 400 and 404', async () => {
      const users = (await call('GET', '/api/users')).body;
      const byName = await call('POST', '/api/getUser', { json: { type: 'username', value: users[1].username } });
      expect(byName.status).toBe(200);
      expect(byName.body.userId).toBe(users[1].userId);
      const byEmail = await call('POST', '/api/getUser', { json: { type: 'email', value: users[0].email } });
      expect(byEmail.status).toBe(200);
      expect(byEmail.body.username).toBe(users[0].username);
      expect(await call('POST', '/api/getUser', { json: { type: 'email' } })).toMatchObject({
        status: 400,
        body: { error: 'Type and value are required' },
      });
      expect(await call('POST', '/api/getUser', { json: { type: 'id', value: 'x' } })).toMatchObject({
        status: 400,
        body: { error: 'Invalid search type. Use "email" or "username".' },
      });
      expect(await call('POST', '/api/getUser', { json: { type: 'username', value: 'nobody-here' } })).toMatchObject({
        status: 404,
        body: { error: 'User not found' },
      });
    });

    it('POST /api/auth/create-user → 201, 400, 409 (username or email taken); admin only for boolean true', async () => {
      const created = await call('POST', '/api/auth/create-user', {
        json: { username: 'contract_user', email: 'contract@example.test', password: 'pw-123456', admin: 'true' },
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ userId: expect.any(String), username: 'contract_user', email: 'contract@example.test', admin: false });
      expect(await call('POST', '/api/auth/create-user', { json: { username: 'x', email: 'x@y' } })).toMatchObject({
        status: 400,
        body: { error: 'Username, email, and password are required' },
      });
      expect(await call('POST', '/api/auth/create-user', { json: { username: 'contract_user', email: 'other@y', password: 'p' } })).toMatchObject({
        status: 409,
        body: { error: 'User already exists' },
      });
      expect(
        await call('POST', '/api/auth/create-user', { json: { username: 'other', email: 'contract@example.test', password: 'p' } }),
      ).toMatchObject({ status: 409 });
      const withId = await call('POST', '/api/auth/create-user', {
        json: { username: 'boss', email: 'boss@example.test', password: 'p', userId: 'fixed-id', admin: true },
      });
      expect(withId.body).toEqual({ userId: 'fixed-id', username: 'boss', email: 'boss@example.test', admin: true });
    });

    it('POST /api/auth/reset-password → 200 {password} without SMTP, 404 for an unknown email', async () => {
      const users = (await call('GET', '/api/users')).body;
      const ok = await call('POST', '/api/auth/reset-password', { json: { email: users[0].email } });
      expect(ok.status).toBe(200);
      expect(ok.body.password).toMatch(/^[A-Za-z0-9]{30}$/);
      expect(await call('POST', '/api/auth/reset-password', { json: { email: 'nope@x' } })).toMatchObject({
        status: 404,
        body: { error: 'Email not found' },
      });
    });
  });

  describe('instances', () => {
    it('GET /api/instances lists instance objects that embed the node, daemon apiKey included', async () => {
      const a = await call('GET', '/api/instances');
      expect(a.status).toBe(200);
      expect(a.body).toHaveLength(40);
      for (const i of a.body) {
        expect(i.Id).toMatch(/^[0-9a-f]{8}$/);
        expect(i.VolumeId).toBe(i.Id);
        expect(['INSTALLING', 'READY', 'FAILED']).toContain(i.InternalState);
        expect(typeof i.Name).toBe('string');
        expect(typeof i.Ports).toBe('string');
        expect(Number.isInteger(i.Memory) && Number.isInteger(i.Cpu)).toBe(true);
        expect(typeof i.Node.id).toBe('string');
        expect(i.Node.apiKey).toMatch(/^[0-9a-f]{32}$/);
      }
      expect(a.body.some((i: any) => i.InternalState === 'READY' && /^[0-9a-f]{64}$/.test(i.ContainerId))).toBe(true);
    });

    it('POST /api/getInstance → 200 object, 400, 404', async () => {
      const list = (await call('GET', '/api/instances')).body;
      const one = await call('POST', '/api/getInstance', { json: { id: list[3].Id } });
      expect(one.status).toBe(200);
      expect(one.body.Id).toBe(list[3].Id);
      expect(Array.isArray(one.body)).toBe(false);
      expect(await call('POST', '/api/getInstance', { json: {} })).toMatchObject({ status: 400, body: { error: 'Parameter "id" is required' } });
      expect(await call('POST', '/api/getInstance', { json: { id: 'ffffffff' } })).toMatchObject({
        status: 404,
        body: { error: 'Instance not found' },
      });
    });

    it('POST /api/getUserInstance → 200 array of that user’s instances, 400, 404', async () => {
      const users = (await call('GET', '/api/users')).body;
      const a = await call('POST', '/api/getUserInstance', { json: { userId: users[1].userId } });
      expect(a.status).toBe(200);
      expect(a.body.length).toBeGreaterThan(0);
      expect(a.body.every((i: any) => i.User === users[1].userId)).toBe(true);
      expect(await call('POST', '/api/getUserInstance', { json: {} })).toMatchObject({
        status: 400,
        body: { error: 'Parameter "userId" is required' },
      });
      expect(await call('POST', '/api/getUserInstance', { json: { userId: 'no-such-user' } })).toMatchObject({
        status: 404,
        body: { error: 'User not found' },
      });
    });

    it('deploy requires imagename (undocumented) and every other field; primary may be 0', async () => {
      const { imagename: _omit, ...noImageName } = deployBody(sim);
      expect(await call('POST', '/api/instances/deploy', { json: noImageName })).toMatchObject({
        status: 400,
        body: { error: 'Missing required parameters' },
      });
      const { primary: _p, ...noPrimary } = deployBody(sim);
      expect((await call('POST', '/api/instances/deploy', { json: noPrimary })).status).toBe(400);
      const zero = await call('POST', '/api/instances/deploy', { json: deployBody(sim, { primary: 0, name: 'primary-zero' }) });
      expect(zero.status).toBe(201);
      expect(await call('POST', '/api/instances/deploy', { json: deployBody(sim, { nodeId: 'no-such-node' }) })).toMatchObject({
        status: 404,
        body: { error: 'Invalid node' },
      });
    });

    it('deploy → 201 INSTALLING, then the state poll (clock) moves it to READY with a container id', async () => {
      const d = await call('POST', '/api/instances/deploy', { json: deployBody(sim, { name: 'lifecycle' }) });
      expect(d.status).toBe(201);
      expect(d.body).toEqual({
        message: 'Container creation initiated. State will be updated asynchronously.',
        volumeId: expect.stringMatching(/^[0-9a-f]{8}$/),
        state: 'INSTALLING',
      });
      const before = await call('POST', '/api/getInstance', { json: { id: d.body.volumeId } });
      expect(before.body).toMatchObject({ Id: d.body.volumeId, Name: 'lifecycle', InternalState: 'INSTALLING', Memory: 1024, Cpu: 2, Ports: '25565:30001' });
      expect(before.body.ContainerId).toBeUndefined();
      await admin(sim, '/tick', { changes: 0 });
      const after = await call('POST', '/api/getInstance', { json: { id: d.body.volumeId } });
      expect(after.body.InternalState).toBe('READY');
      expect(after.body.ContainerId).toMatch(/^[0-9a-f]{64}$/);
      const users = await call('POST', '/api/getUserInstance', { json: { userId: deployBody(sim).user } });
      expect(users.body.some((i: any) => i.Id === d.body.volumeId)).toBe(true);
    });

    it('an image that never becomes ready ends FAILED; an unpullable image or an offline node → 500 with details', async () => {
      const d = await call('POST', '/api/instances/deploy', { json: deployBody(sim, { image: 'example/broken:latest', name: 'doomed' }) });
      expect(d.status).toBe(201);
      await admin(sim, '/tick', { changes: 0 });
      expect((await call('POST', '/api/getInstance', { json: { id: d.body.volumeId } })).body.InternalState).toBe('FAILED');
      const pull = await call('POST', '/api/instances/deploy', { json: deployBody(sim, { image: 'example/nonexistent:1' }) });
      expect(pull.status).toBe(500);
      expect(pull.body).toMatchObject({ error: 'Failed to create container', details: { message: expect.stringContaining('pull') } });
      const offline = sim.store.listNodes().find((n) => n?.status === 'Offline')!;
      const off = await call('POST', '/api/instances/deploy', { json: deployBody(sim, { nodeId: offline.id }) });
      expect(off).toMatchObject({ status: 500, body: { error: 'Failed to create container', details: 'No additional error info' } });
    });

    it('DELETE /api/instance/delete reads a JSON body; 200, 400, 404; deleting again answers 200 again', async () => {
      const list = (await call('GET', '/api/instances')).body;
      const victim = list.find((i: any) => i.InternalState === 'READY' && i.Node.status === 'Online');
      expect(await call('DELETE', '/api/instance/delete')).toMatchObject({ status: 400, body: { error: 'Missing ID parameter' } });
      expect(await call('DELETE', '/api/instance/delete', { json: { id: 'ffffffff' } })).toMatchObject({
        status: 404,
        body: { error: 'Instance not found' },
      });
      const del = await call('DELETE', '/api/instance/delete', { json: { id: victim.Id } });
      expect(del).toMatchObject({ status: 200, body: { message: 'The instance has been successfully deleted.' } });
      expect((await call('GET', '/api/instances')).body.some((i: any) => i.Id === victim.Id)).toBe(false);
      expect((await call('POST', '/api/getInstance', { json: { id: victim.Id } })).status).toBe(404);
      expect((await call('DELETE', '/api/instance/delete', { json: { id: victim.Id } })).status).toBe(200);
    });

    it('deleting an instance whose node daemon is unreachable → 500 and nothing removed', async () => {
      const list = (await call('GET', '/api/instances')).body;
      const stuck = list.find((i: any) => i.Node.status === 'Offline');
      expect(await call('DELETE', '/api/instance/delete', { json: { id: stuck.Id } })).toMatchObject({
        status: 500,
        body: { error: 'Failed to delete instance' },
      });
      expect((await call('GET', '/api/instances')).body.some((i: any) => i.Id === stuck.Id)).toBe(true);
    });

    it('suspend/unsuspend persist the flag, then answer 500 with a text body labelled HTML', async () => {
      const list = (await call('GET', '/api/instances')).body;
      const target = list.find((i: any) => i.InternalState === 'READY' && !i.suspended);
      const s = await call('POST', `/api/instances/suspend/${target.Id}`);
      expect(s.status).toBe(500);
      expect(s.type).toMatch(/text\/html/);
      expect(s.text).toBe('An error occurred while suspending the instance');
      expect((await call('POST', '/api/getInstance', { json: { id: target.Id } })).body.suspended).toBe(true);
      const u = await call('POST', `/api/instances/unsuspend/${target.Id}`);
      expect(u.status).toBe(500);
      expect(u.text).toBe('An error occurred while unsuspending the instance');
      expect((await call('POST', '/api/getInstance', { json: { id: target.Id } })).body.suspended).toBe(false);
      const missing = await call('POST', '/api/instances/suspend/ffffffff');
      expect(missing.status).toBe(404);
      expect(missing.text).toBe('Instance not found');
    });
  });

  describe('images, name, nodes', () => {
    it('GET /api/images and GET /api/name', async () => {
      const images = await call('GET', '/api/images');
      expect(images.status).toBe(200);
      expect(images.body.length).toBeGreaterThan(0);
      expect(images.body[0]).toMatchObject({ Id: expect.any(String), Name: expect.any(String), Image: expect.any(String), Env: expect.any(Array) });
      expect(await call('GET', '/api/name')).toMatchObject({ status: 200, body: { name: 'Skyport' } });
    });

    it('GET /api/nodes lists nodes with Online/Offline/Unconfigured status and the daemon apiKey', async () => {
      const a = await call('GET', '/api/nodes');
      expect(a.status).toBe(200);
      const statuses = new Set(a.body.map((n: any) => n.status));
      expect(statuses).toEqual(new Set(['Online', 'Offline', 'Unconfigured']));
      for (const n of a.body) expect(n).toMatchObject({ id: expect.any(String), name: expect.any(String), address: expect.any(String), ram: expect.any(String) });
      expect(a.body.filter((n: any) => n.status !== 'Unconfigured').every((n: any) => /^[0-9a-f]{32}$/.test(n.apiKey))).toBe(true);
      const fresh = a.body.find((n: any) => n.status === 'Unconfigured');
      expect(fresh.apiKey).toBeNull();
      expect(typeof fresh.configureKey).toBe('string');
    });

    it('POST /api/nodes/create never answers and saves nothing', async () => {
      const before = (await call('GET', '/api/nodes')).body.length;
      await expect(
        call('POST', '/api/nodes/create', {
          json: { name: 'n', tags: 't', ram: '1024', disk: '10240', processor: '2', address: '10.9.9.9', port: '3002' },
          signal: AbortSignal.timeout(400),
        }),
      ).rejects.toThrow(/abort|timeout/i);
      expect((await call('GET', '/api/nodes')).body.length).toBe(before);
    });

    it('DELETE /api/nodes/delete → 201 for a known or unknown id; no nodeId → 200 text', async () => {
      const nodes = (await call('GET', '/api/nodes')).body;
      const victim = nodes[nodes.length - 1];
      const del = await call('DELETE', '/api/nodes/delete', { json: { nodeId: victim.id } });
      expect(del).toMatchObject({ status: 201, body: { Message: 'The node has successfully deleted.' } });
      expect((await call('GET', '/api/nodes')).body.some((n: any) => n.id === victim.id)).toBe(false);
      expect((await call('DELETE', '/api/nodes/delete', { json: { nodeId: 'never-existed' } })).status).toBe(201);
      const none = await call('DELETE', '/api/nodes/delete', { json: {} });
      expect(none.status).toBe(200);
      expect(none.text).toBe('The node ID was invalid');
    });
  });

  describe('non-JSON answers', () => {
    it('unknown GET paths answer 200 with the HTML 404 page, without a key check', async () => {
      for (const p of ['/api/nope', '/api/instances/deploy', '/']) {
        const a = await call('GET', p, { key: null });
        expect(a.status).toBe(200);
        expect(a.type).toMatch(/text\/html/);
        expect(a.text).toMatch(/404/);
      }
    });

    it('unknown POST/DELETE get Express’ HTML 404', async () => {
      const p = await call('POST', '/api/nope', { json: {} });
      expect(p.status).toBe(404);
      expect(p.type).toMatch(/text\/html/);
      expect(p.text).toContain('<pre>Cannot POST /api/nope</pre>');
      const d = await call('DELETE', '/api/instances');
      expect(d.status).toBe(404);
      expect(d.text).toContain('Cannot DELETE /api/instances');
    });
  });

  describe('POST rate limit', () => {
    it('the 7th POST within 6 s gets 429 text, checked before the key; GET and DELETE are not limited', async () => {
      for (let i = 0; i < 6; i++) expect((await call('POST', '/api/getInstance', { json: {} })).status).toBe(400);
      const limited = await call('POST', '/api/getInstance', { key: null, json: { id: 'x' } });
      expect(limited.status).toBe(429);
      expect(limited.text).toBe('Too many requests, please try again later');
      expect(limited.type).not.toMatch(/json/);
      const wait = Number(limited.headers.get('retry-after'));
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(6);
      expect((await call('POST', '/api/nope')).status).toBe(429);
      for (let i = 0; i < 8; i++) expect((await call('GET', '/api/name')).status).toBe(200);
      expect((await call('DELETE', '/api/instance/delete', { json: {} })).status).toBe(400);
    });

    it('the window ends 6 s after its first POST, and not a millisecond before', async () => {
      for (let i = 0; i < 6; i++) await call('POST', '/api/getInstance', { json: {} });
      const limited = await call('POST', '/api/getInstance', { json: {} });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('6');
      now += 5_999;
      expect((await call('POST', '/api/getInstance', { json: {} })).status).toBe(429);
      now += 1;
      expect((await call('POST', '/api/getInstance', { json: {} })).status).toBe(400);
    });
  });

  describe('clock', () => {
    it('ticks suspend/unsuspend instances and flip nodes Online ↔ Offline', async () => {
      const snapshot = async () => {
        const i = (await call('GET', '/api/instances')).body.map((x: any) => `${x.Id}:${x.InternalState}:${!!x.suspended}`);
        const n = (await call('GET', '/api/nodes')).body.map((x: any) => `${x.id}:${x.status}`);
        return { i, n };
      };
      const before = await snapshot();
      await admin(sim, '/tick', { changes: 30 });
      const after = await snapshot();
      expect(after.i).not.toEqual(before.i);
      expect(after.n).not.toEqual(before.n);
      for (const s of after.n) expect(s).toMatch(/:(Online|Offline|Unconfigured)$/);
    });
  });
});

describe('Skyport simulator — quirks off', () => {
  let sim: SkyportSimulator;
  let call: ReturnType<typeof client>;
  let now = Date.now();

  beforeAll(async () => {
    sim = await startSkyportSimulator({ seed: 'contract-clean', instances: 12, nodes: 3, quirks: false, installMs: 100, now: () => now });
    call = client(sim);
  });
  afterAll(() => sim.close());

  it('no rate limit: ten POSTs in a row all answer', async () => {
    for (let i = 0; i < 10; i++) expect((await call('POST', '/api/getInstance', { json: {} })).status).toBe(400);
  });

  it('suspend/unsuspend answer 201 JSON', async () => {
    const list = (await call('GET', '/api/instances')).body;
    const target = list.find((i: any) => i.InternalState === 'READY');
    expect(await call('POST', `/api/instances/suspend/${target.Id}`)).toMatchObject({
      status: 201,
      body: { success: 'Instance Suspended Successfully' },
    });
    expect((await call('POST', '/api/getInstance', { json: { id: target.Id } })).body.suspended).toBe(true);
    expect((await call('POST', `/api/instances/unsuspend/${target.Id}`)).status).toBe(201);
    expect((await call('POST', '/api/getInstance', { json: { id: target.Id } })).body.suspended).toBe(false);
  });

  it('no secrets in users, nodes or instances', async () => {
    const users = (await call('GET', '/api/users')).body;
    expect(users.every((u: any) => !('password' in u))).toBe(true);
    const nodes = (await call('GET', '/api/nodes')).body;
    expect(nodes.every((n: any) => !('apiKey' in n))).toBe(true);
    const instances = (await call('GET', '/api/instances')).body;
    expect(instances.every((i: any) => !('apiKey' in i.Node))).toBe(true);
  });

  it('unknown paths answer 404 JSON', async () => {
    expect(await call('GET', '/api/nope')).toMatchObject({ status: 404, body: { error: 'Not found' } });
    expect(await call('POST', '/api/nope', { json: {} })).toMatchObject({ status: 404, body: { error: 'Not found' } });
  });

  it('POST /api/nodes/create → 201 {Message: node}; 400 on missing fields', async () => {
    expect(await call('POST', '/api/nodes/create', { json: { name: 'x' } })).toMatchObject({ status: 400, body: { error: 'Missing parameters' } });
    const c = await call('POST', '/api/nodes/create', {
      json: { name: 'edge-1', tags: 'eu', ram: '8192', disk: '102400', processor: '4', address: '10.1.1.1', port: '3002' },
    });
    expect(c.status).toBe(201);
    expect(c.body.Message).toMatchObject({ id: expect.any(String), name: 'edge-1', ram: '8192', address: '10.1.1.1', status: expect.any(String) });
    expect((await call('GET', '/api/nodes')).body.some((n: any) => n.id === c.body.Message.id)).toBe(true);
  });

  it('deploy settles to READY by itself after the install time; deleting twice → 404 the second time', async () => {
    const d = await call('POST', '/api/instances/deploy', { json: deployBody(sim, { name: 'self-settle' }) });
    expect(d.status).toBe(201);
    now += 99;
    expect((await call('POST', '/api/getInstance', { json: { id: d.body.volumeId } })).body.InternalState).toBe('INSTALLING');
    now += 1;
    expect((await call('POST', '/api/getInstance', { json: { id: d.body.volumeId } })).body.InternalState).toBe('READY');
    expect((await call('DELETE', '/api/instance/delete', { json: { id: d.body.volumeId } })).status).toBe(200);
    expect((await call('DELETE', '/api/instance/delete', { json: { id: d.body.volumeId } })).status).toBe(404);
  });

  it('quirks switch back on at run time through /__sim/', async () => {
    await admin(sim, '/quirks/on');
    try {
      const a = await call('GET', '/api/nope');
      expect(a.status).toBe(200);
      expect((await call('GET', '/api/users')).body[0].password).toMatch(BCRYPT);
    } finally {
      await admin(sim, '/quirks/off');
    }
  });
});

describe('Skyport simulator — data', () => {
  it('same seed, same data', async () => {
    const a = await startSkyportSimulator({ seed: 'same', instances: 30, nodes: 3 });
    const b = await startSkyportSimulator({ seed: 'same', instances: 30, nodes: 3 });
    try {
      const ca = client(a);
      const cb = client(b);
      expect((await ca('GET', '/api/instances')).text).toBe((await cb('GET', '/api/instances')).text.replaceAll(b.baseUrl, a.baseUrl));
      expect(a.account.secrets.apiKey).toBe(b.account.secrets.apiKey);
    } finally {
      await a.close();
      await b.close();
    }
  });

  // How fast they start is a benchmark figure (tests/bench), not a timed test.
  it('20,000 instances start and list in full', async () => {
    const sim = await startSkyportSimulator({ seed: 'scale', instances: 20_000, nodes: 40 });
    try {
      const list = await client(sim)('GET', '/api/instances');
      expect(list.body).toHaveLength(20_000);
      expect(new Set(list.body.map((i: any) => i.Id)).size).toBe(20_000);
    } finally {
      await sim.close();
    }
  });
});
