/**
 * Contract tests for the Zesty.io simulator, written from the API documents (shared/seeds/000,
 * notes/apis.md §1): login is multipart with the token at meta.token, 401 on a bad password and
 * 403 once 5 attempts failed; every call carries `Authorization: Bearer`; `{ data, _meta }`
 * envelopes with `_meta.totalResults`; 404 `{ data: {}, message: "No Results Found for ZUID: …" }`;
 * create 201, DELETE 200 with a body; items paged by page/limit until an empty data array;
 * publishing refused to access tokens; 5xx bodies are not JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZestySimulator, type ZestySimulator } from '../../../electron/simulators/zesty';

const EMAIL = 'ops@hangar.test';
const PASSWORD = 'orange-kite-42';
const ACCESS = 'access-token-for-contract-tests';

type Body = any;

function loginForm(email: string, password: string): FormData {
  const fd = new FormData();
  fd.append('email', email);
  fd.append('password', password);
  return fd;
}

async function login(sim: ZestySimulator, email = EMAIL, password = PASSWORD) {
  const res = await fetch(`${sim.account.fields.authUrl}/login`, { method: 'POST', body: loginForm(email, password) });
  return { status: res.status, body: (await res.json()) as Body };
}

async function call(method: string, url: string, token: string | undefined, body?: unknown) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const isJson = /json/.test(res.headers.get('content-type') ?? '');
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, body: (isJson ? JSON.parse(text) : text) as Body };
}


let sim: ZestySimulator;
let token: string;
let accounts: string;
let inst: (zuid: string) => string;

beforeAll(async () => {
  sim = await startZestySimulator({ seed: 'contract', instances: 6, email: EMAIL, password: PASSWORD, accessToken: ACCESS, clock: { intervalMs: 0 } });
  accounts = sim.account.baseUrl;
  inst = (zuid) => sim.account.fields.instancesUrl.replace('{zuid}', zuid);
  token = (await login(sim)).body.meta.token;
});
afterAll(() => sim.close());

describe('Zesty simulator: account shape', () => {
  it('gives exactly what accounts.add needs for the login method', () => {
    expect(sim.id).toBe('zesty');
    expect(sim.account).toEqual({
      baseUrl: `${sim.baseUrl}/accounts/v1`,
      authMethod: 'login',
      fields: { email: EMAIL, authUrl: `${sim.baseUrl}/auth`, instancesUrl: `${sim.baseUrl}/instances/{zuid}/v1` },
      secrets: { password: PASSWORD },
    });
  });
});

describe('Zesty simulator: Auth API', () => {
  it('logs in with multipart/form-data and returns the token at meta.token', async () => {
    const r = await login(sim);
    expect(r.status).toBe(200);
    expect(typeof r.body.meta.token).toBe('string');
    expect(r.body.meta.token.length).toBeGreaterThan(20);
    expect(r.body.meta.token).not.toBe(token);
  });

  it('refuses a JSON or urlencoded login body with 400 (multipart only) and does not count it as a failure', async () => {
    const asJson = await fetch(`${sim.account.fields.authUrl}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
    });
    expect(asJson.status).toBe(400);
    expect(((await asJson.json()) as Body).message).toMatch(/multipart\/form-data/);
    const asForm = await fetch(`${sim.account.fields.authUrl}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: EMAIL, password: PASSWORD }).toString(),
    });
    expect(asForm.status).toBe(400);
    expect((await login(sim)).status).toBe(200);
  });

  it('answers 400 when email or password is missing', async () => {
    const fd = new FormData();
    fd.append('email', EMAIL);
    const res = await fetch(`${sim.account.fields.authUrl}/login`, { method: 'POST', body: fd });
    expect(res.status).toBe(400);
  });

  it('answers 401 for a wrong password or an unknown email, with a message and no token', async () => {
    const wrong = await login(sim, EMAIL, 'nope');
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toEqual(expect.any(String));
    expect(wrong.body.meta?.token).toBeUndefined();
    expect((await login(sim, 'stranger@hangar.test', PASSWORD)).status).toBe(401);
    // A successful login resets the failure count, so the next test starts from zero.
    expect((await login(sim)).status).toBe(200);
  });

  it('verifies session and access tokens (200) and refuses others (401)', async () => {
    const ok = await call('GET', `${sim.account.fields.authUrl}/verify`, token);
    expect(ok.status).toBe(200);
    expect((await call('GET', `${sim.account.fields.authUrl}/verify`, ACCESS)).status).toBe(200);
    expect((await call('GET', `${sim.account.fields.authUrl}/verify`, 'not-a-token')).status).toBe(401);
    expect((await call('GET', `${sim.account.fields.authUrl}/verify`, undefined)).status).toBe(401);
  });

  it('ends a session on logout', async () => {
    const t = (await login(sim)).body.meta.token;
    expect((await call('POST', `${sim.account.fields.authUrl}/logout`, t)).status).toBe(200);
    expect((await call('GET', `${sim.account.fields.authUrl}/verify`, t)).status).toBe(401);
    expect((await call('GET', `${accounts}/instances`, t)).status).toBe(401);
  });
});

describe('Zesty simulator: lockout', () => {
  it('answers 401 to the first 5 failures, then 403 even with the right password', async () => {
    const s = await startZestySimulator({ seed: 'lock', instances: 1, email: EMAIL, password: PASSWORD, clock: { intervalMs: 0 } });
    try {
      for (let i = 1; i <= 5; i++) expect((await login(s, EMAIL, `wrong-${i}`)).status).toBe(401);
      const locked = await login(s, EMAIL, PASSWORD);
      expect(locked.status).toBe(403);
      expect(locked.body.message).toMatch(/locked/i);
      expect(locked.body.meta?.token).toBeUndefined();
      expect((await login(s, EMAIL, 'wrong-again')).status).toBe(403);
      // The admin unlock (a password reset) lets the right password in again.
      await fetch(`${s.baseUrl}/__sim/unlock`, { method: 'POST' });
      expect((await login(s)).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('does not lock after 4 failures followed by a success', async () => {
    const s = await startZestySimulator({ seed: 'lock2', instances: 1, email: EMAIL, password: PASSWORD, clock: { intervalMs: 0 } });
    try {
      for (let i = 0; i < 4; i++) expect((await login(s, EMAIL, 'bad')).status).toBe(401);
      expect((await login(s)).status).toBe(200);
      for (let i = 0; i < 4; i++) expect((await login(s, EMAIL, 'bad')).status).toBe(401);
      expect((await login(s)).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});

describe('Zesty simulator: session lifetime', () => {
  it('expires a session after sessionTtlMs of inactivity and extends it on every authenticated call', async () => {
    let now = Date.now();
    const s = await startZestySimulator({ seed: 'ttl', instances: 1, email: EMAIL, password: PASSWORD, sessionTtlMs: 800, clock: { intervalMs: 0 }, now: () => now });
    try {
      const active = (await login(s)).body.meta.token;
      const idle = (await login(s)).body.meta.token;
      // Keep `active` busy for well over one TTL: each call pushes its expiry out again.
      for (let i = 0; i < 8; i++) {
        now += 150;
        expect((await call('GET', `${s.account.baseUrl}/instances`, active)).status).toBe(200);
      }
      const expired = await call('GET', `${s.account.baseUrl}/instances`, idle);
      expect(expired.status).toBe(401);
      expect(expired.body.message).toMatch(/expired/i);
      now += 799;
      expect((await call('GET', `${s.account.baseUrl}/instances`, active)).status).toBe(200);
      now += 800;
      expect((await call('GET', `${s.account.baseUrl}/instances`, active)).status).toBe(401);
    } finally {
      await s.close();
    }
  });

  it('defaults the session lifetime to 30 minutes', async () => {
    const r = await login(sim);
    const ttl = Date.parse(r.body.meta.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(29 * 60_000);
    expect(ttl).toBeLessThanOrEqual(30 * 60_000);
  });
});

describe('Zesty simulator: Accounts API', () => {
  it('requires a Bearer token on every call', async () => {
    const r = await call('GET', `${accounts}/instances`, undefined);
    expect(r.status).toBe(401);
    expect(r.body.message).toEqual(expect.any(String));
    expect((await call('GET', `${accounts}/instances`, 'garbage')).status).toBe(401);
  });

  it('lists instances in a { data, _meta } envelope with 8- ZUIDs', async () => {
    const r = await call('GET', `${accounts}/instances`, token);
    expect(r.status).toBe(200);
    expect(r.body._meta.totalResults).toBe(6);
    expect(r.body.data).toHaveLength(6);
    for (const i of r.body.data) {
      expect(i.ZUID).toMatch(/^8-[0-9a-f]{10}-[0-9a-z]{6}$/);
      expect(typeof i.ID).toBe('number');
      expect(typeof i.name).toBe('string');
      expect(i).toHaveProperty('domain');
      expect(i).toHaveProperty('cancelledAt');
    }
  });

  it('gets one instance, and answers an unknown ZUID with the documented 404 shape', async () => {
    const first = (await call('GET', `${accounts}/instances`, token)).body.data[0];
    const one = await call('GET', `${accounts}/instances/${first.ZUID}`, token);
    expect(one.status).toBe(200);
    expect(one.body.data).toEqual(first);
    expect(one.body._meta.totalResults).toBe(1);
    const missing = await call('GET', `${accounts}/instances/8-0000-00000`, token);
    expect(missing.status).toBe(404);
    expect(missing.body.data).toEqual({});
    expect(missing.body.message).toBe('No Results Found for ZUID: 8-0000-00000');
  });

  it('creates an instance (201) that then appears in the list, and validates the name', async () => {
    const created = await call('POST', `${accounts}/instances`, token, { name: 'Contract Site' });
    expect(created.status).toBe(201);
    expect(created.body.data.ZUID).toMatch(/^8-/);
    expect(created.body.data.name).toBe('Contract Site');
    const list = (await call('GET', `${accounts}/instances`, token)).body.data;
    expect(list.map((i: Body) => i.ZUID)).toContain(created.body.data.ZUID);
    expect((await call('POST', `${accounts}/instances`, token, {})).status).toBe(400);
    expect((await call('POST', `${accounts}/instances`, token, { name: '   ' })).status).toBe(400);
  });

  it('updates a domain with PUT ?action=updateDomain', async () => {
    const z = (await call('GET', `${accounts}/instances`, token)).body.data[1].ZUID;
    const r = await call('PUT', `${accounts}/instances/${z}?action=updateDomain`, token, { domain: 'www.contract.test' });
    expect(r.status).toBe(200);
    expect(r.body.data.domain).toBe('www.contract.test');
    expect((await call('PUT', `${accounts}/instances/${z}?action=explode`, token, {})).status).toBe(400);
  });

  it('lists users and roles of an instance', async () => {
    const z = (await call('GET', `${accounts}/instances`, token)).body.data[0].ZUID;
    const r = await call('GET', `${accounts}/instances/${z}/users/roles`, token);
    expect(r.status).toBe(200);
    expect(r.body.data.length).toBeGreaterThanOrEqual(1);
    expect(r.body.data[0]).toMatchObject({ ZUID: expect.stringMatching(/^5-/), role: { name: 'Owner' } });
    expect((await call('GET', `${accounts}/instances/8-0000-00000/users/roles`, token)).status).toBe(404);
  });

  it('creates an access token once from a session; the value works and is not shown again', async () => {
    const r = await call('POST', `${accounts}/tokens`, token, { name: 'ci', roleZUID: '30-abc-def' });
    expect(r.status).toBe(201);
    const value = r.body.data.token;
    expect(typeof value).toBe('string');
    const again = await call('GET', `${accounts}/tokens/${r.body.data.ZUID}`, token);
    expect(again.status).toBe(200);
    expect(again.body.data.token).toBeUndefined();
    expect((await call('GET', `${accounts}/instances`, value)).status).toBe(200);
    expect((await call('POST', `${accounts}/tokens`, value, { name: 'x', roleZUID: '30-a' })).status).toBe(403);
    expect((await call('PUT', `${accounts}/tokens/${r.body.data.ZUID}?action=renew`, token)).status).toBe(200);
    const del = await call('DELETE', `${accounts}/tokens/${r.body.data.ZUID}`, token);
    expect(del.status).toBe(200);
    expect(del.body._meta.totalResults).toBe(1);
    expect((await call('GET', `${accounts}/instances`, value)).status).toBe(401);
  });
});

describe('Zesty simulator: Instances API', () => {
  let zuid: string;
  let base: string;
  let pageset: Body;

  beforeAll(async () => {
    zuid = (await call('GET', `${accounts}/instances`, token)).body.data[0].ZUID;
    base = inst(zuid);
    const models = (await call('GET', `${base}/content/models`, token)).body.data;
    pageset = models.find((m: Body) => m.type === 'pageset');
  });

  it('requires a Bearer token and answers an unknown instance with 404', async () => {
    expect((await call('GET', `${base}/content/models`, undefined)).status).toBe(401);
    const r = await call('GET', `${inst('8-0000-00000')}/content/models`, token);
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ data: {}, message: 'No Results Found for ZUID: 8-0000-00000' });
  });

  it('lists and gets content models; an unknown model is the documented 404', async () => {
    const r = await call('GET', `${base}/content/models`, token);
    expect(r.status).toBe(200);
    expect(r.body._meta.totalResults).toBe(r.body.data.length);
    for (const m of r.body.data) {
      expect(m.ZUID).toMatch(/^6-/);
      expect(['templateset', 'pageset', 'dataset']).toContain(m.type);
    }
    const one = await call('GET', `${base}/content/models/${pageset.ZUID}`, token);
    expect(one.status).toBe(200);
    expect(one.body.data).toEqual(pageset);
    const missing = await call('GET', `${base}/content/models/6-0000-00000`, token);
    expect(missing.status).toBe(404);
    expect(missing.body.data).toEqual({});
    expect(missing.body.message).toBe('No Results Found for ZUID: 6-0000-00000');
  });

  it('creates a model with 201 and refuses an invalid type with 400', async () => {
    const r = await call('POST', `${base}/content/models`, token, { label: 'Events', name: 'events', type: 'dataset', listed: true });
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({ ZUID: expect.stringMatching(/^6-/), name: 'events', type: 'dataset' });
    expect((await call('POST', `${base}/content/models`, token, { label: 'X', name: 'x', type: 'blob' })).status).toBe(400);
  });

  it('serves fields: list, get, create 201, put, patch, delete 200 with totalResults', async () => {
    const F = `${base}/content/models/${pageset.ZUID}/fields`;
    const list = await call('GET', F, token);
    expect(list.status).toBe(200);
    expect(list.body.data.map((f: Body) => f.name)).toContain('title');
    const created = await call('POST', F, token, { name: 'subtitle', label: 'Subtitle', datatype: 'text' });
    expect(created.status).toBe(201);
    const fz = created.body.data.ZUID;
    expect((await call('GET', `${F}/${fz}`, token)).body.data.label).toBe('Subtitle');
    expect((await call('PUT', `${F}/${fz}`, token, { name: 'subtitle', label: 'Sub title', datatype: 'text' })).body.data.label).toBe('Sub title');
    expect((await call('PUT', `${F}/${fz}`, token, { label: 'missing name' })).status).toBe(400);
    expect((await call('PATCH', `${F}/${fz}`, token, { label: 'Strapline' })).body.data.label).toBe('Strapline');
    const del = await call('DELETE', `${F}/${fz}`, token);
    expect(del.status).toBe(200);
    expect(del.body._meta.totalResults).toBe(1);
    expect((await call('GET', `${F}/${fz}`, token)).status).toBe(404);
  });

  it('pages items with page/limit and ends the list with an empty data array', async () => {
    const I = `${base}/content/models/${pageset.ZUID}/items`;
    const all = (await call('GET', I, token)).body.data;
    expect(all.length).toBeGreaterThan(3);
    const seen: string[] = [];
    for (let page = 1; page < 100; page++) {
      const r = await call('GET', `${I}?page=${page}&limit=3&lang=en-US&_active=0`, token);
      expect(r.status).toBe(200);
      expect(r.body._meta.totalResults).toBe(r.body.data.length);
      if (r.body.data.length === 0) break;
      expect(r.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...r.body.data.map((i: Body) => i.meta.ZUID));
    }
    expect(seen).toEqual(all.map((i: Body) => i.meta.ZUID));
    expect(new Set(seen).size).toBe(seen.length);
    expect((await call('GET', `${I}?page=0`, token)).status).toBe(400);
    expect((await call('GET', `${I}?limit=abc`, token)).status).toBe(400);
  });

  it('creates (201), reads, patches, puts and deletes an item, versioning each save', async () => {
    const I = `${base}/content/models/${pageset.ZUID}/items`;
    const created = await call('POST', I, token, { data: { title: 'Hello Contract' }, web: { pathPart: 'hello-contract' } });
    expect(created.status).toBe(201);
    const iz = created.body.data.ZUID;
    expect(iz).toMatch(/^7-/);
    const got = await call('GET', `${I}/${iz}`, token);
    expect(got.body.data.meta).toMatchObject({ ZUID: iz, contentModelZUID: pageset.ZUID, version: 1 });
    expect(got.body.data.web.pathPart).toBe('hello-contract');

    const patched = await call('PATCH', `${I}/${iz}`, token, { data: { body: '<p>hi</p>' } });
    expect(patched.status).toBe(200);
    expect(patched.body.data.ZUID).toBe(iz);
    const put = await call('PUT', `${I}/${iz}`, token, { data: { title: 'Hello again' }, web: {}, meta: { masterZUID: iz } });
    expect(put.status).toBe(200);
    expect((await call('PUT', `${I}/${iz}`, token, { data: { title: 'x' }, meta: { masterZUID: '7-other' } })).status).toBe(400);

    const versions = await call('GET', `${I}/${iz}/versions`, token);
    expect(versions.body.data.map((v: Body) => v.meta.version)).toEqual([3, 2, 1]);
    expect((await call('GET', `${I}/${iz}/versions/2`, token)).body.data.data).toEqual({ title: 'Hello Contract', body: '<p>hi</p>' });
    expect((await call('GET', `${I}/${iz}/versions/9`, token)).status).toBe(404);

    expect((await call('POST', I, token, { data: { nope: 1 } })).status).toBe(400);
    expect((await call('POST', I, token, { web: {} })).status).toBe(400);

    const del = await call('DELETE', `${I}/${iz}`, token);
    expect(del.status).toBe(200);
    expect(del.body._meta.totalResults).toBe(1);
    expect((await call('GET', `${I}/${iz}`, token)).status).toBe(404);
  });

  it('refuses a write whose body is not JSON', async () => {
    const res = await fetch(`${base}/content/models`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{oops' });
    expect(res.status).toBe(400);
  });

  it('publishes a version (201) with a session, lists and unpublishes it', async () => {
    const item = (await call('GET', `${base}/content/models/${pageset.ZUID}/items`, token)).body.data[0];
    const P = `${base}/content/models/${pageset.ZUID}/items/${item.meta.ZUID}/publishings`;
    const r = await call('POST', P, token, { version: item.meta.version, publishAt: 'now', unpublishAt: 'never' });
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({ ZUID: expect.stringMatching(/^18-/), itemZUID: item.meta.ZUID, version: item.meta.version });
    const list = await call('GET', P, token);
    expect(list.body.data.map((p: Body) => p.ZUID)).toContain(r.body.data.ZUID);
    expect((await call('GET', `${P}/${r.body.data.ZUID}`, token)).body.data.version).toBe(item.meta.version);
    expect((await call('POST', P, token, { version: 999 })).status).toBe(400);
    const del = await call('DELETE', `${P}/${r.body.data.ZUID}`, token);
    expect(del.status).toBe(200);
    expect(del.body._meta.totalResults).toBe(1);
  });

  it('lets an access token read and write, but refuses publishing with 403 and a message', async () => {
    const items = await call('GET', `${base}/content/models/${pageset.ZUID}/items`, ACCESS);
    expect(items.status).toBe(200);
    const item = items.body.data[0];
    const P = `${base}/content/models/${pageset.ZUID}/items/${item.meta.ZUID}/publishings`;
    expect((await call('GET', P, ACCESS)).status).toBe(200);
    const refused = await call('POST', P, ACCESS, { version: item.meta.version });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/access token/i);
    expect(refused.body.data).toEqual({});
    const published = await call('POST', P, token, { version: item.meta.version });
    expect((await call('DELETE', `${P}/${published.body.data.ZUID}`, ACCESS)).status).toBe(403);
  });

  it('serves env settings: list, filter, create 201, get, patch, delete', async () => {
    const S = `${base}/env/settings`;
    const list = await call('GET', S, token);
    expect(list.status).toBe(200);
    expect(list.body._meta.totalResults).toBe(list.body.data.length);
    expect(list.body.data.length).toBeGreaterThan(0);
    const general = await call('GET', `${S}?category=general`, token);
    expect(general.body.data.every((s: Body) => s.category === 'general')).toBe(true);
    const created = await call('POST', S, token, { category: 'custom', key: 'contract', value: 'yes' });
    expect(created.status).toBe(201);
    const sz = created.body.data.ZUID;
    expect((await call('PATCH', `${S}/${sz}`, token, { value: 'no' })).body.data.value).toBe('no');
    expect((await call('PUT', `${S}/${sz}`, token, {})).status).toBe(400);
    expect((await call('DELETE', `${S}/${sz}`, token)).body._meta.totalResults).toBe(1);
    expect((await call('GET', `${S}/${sz}`, token)).status).toBe(404);
  });

  it('records audits for writes, newest first, filterable by affected ZUID', async () => {
    const I = `${base}/content/models/${pageset.ZUID}/items`;
    const iz = (await call('POST', I, token, { data: { title: 'Audited' } })).body.data.ZUID;
    const r = await call('GET', `${base}/env/audits?affectedZUID=${iz}`, token);
    expect(r.status).toBe(200);
    expect(r.body.data).toHaveLength(1);
    expect(r.body.data[0]).toMatchObject({ affectedZUID: iz, action: 1 });
    const latest = (await call('GET', `${base}/env/audits?limit=1`, token)).body.data;
    expect(latest).toHaveLength(1);
    expect(latest[0].affectedZUID).toBe(iz);
    expect((await call('GET', `${base}/env/audits/${latest[0].ZUID}`, token)).body.data.ZUID).toBe(latest[0].ZUID);
  });

  it('searches items by term and requires one', async () => {
    const I = `${base}/content/models/${pageset.ZUID}/items`;
    await call('POST', I, token, { data: { title: 'Zebra unique phrase' } });
    const r = await call('GET', `${base}/search/items?q=zebra%20unique`, token);
    expect(r.status).toBe(200);
    expect(r.body.data).toHaveLength(1);
    expect(r.body.data[0].data.title).toBe('Zebra unique phrase');
    expect((await call('GET', `${base}/search/items`, token)).status).toBe(400);
  });
});

describe('Zesty simulator: faults, seeding, clock, scale', () => {
  it('answers injected 5xx faults with a plain-text body', async () => {
    const s = await startZestySimulator({ seed: 'faults', instances: 1, clock: { intervalMs: 0 }, faults: { errorRate: 1, errorStatus: 503 } });
    try {
      const r = await call('GET', `${s.account.baseUrl}/instances`, ACCESS);
      expect(r.status).toBe(503);
      expect(r.contentType).toMatch(/text\/plain/);
      expect(() => JSON.parse(r.text)).toThrow();
      await fetch(`${s.baseUrl}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorRate: 1, errorStatus: 500 }) });
      const r500 = await call('GET', `${s.account.baseUrl}/instances`, ACCESS);
      expect(r500.status).toBe(500);
      expect(r500.text).toBe('Internal Server Error');
    } finally {
      await s.close();
    }
  });

  it('seeds the same data for the same seed and different data for another', async () => {
    const a = await startZestySimulator({ seed: 'same', instances: 5, accessToken: ACCESS, clock: { intervalMs: 0 } });
    const b = await startZestySimulator({ seed: 'same', instances: 5, accessToken: ACCESS, clock: { intervalMs: 0 } });
    const c = await startZestySimulator({ seed: 'other', instances: 5, accessToken: ACCESS, clock: { intervalMs: 0 } });
    try {
      const list = async (s: ZestySimulator) => (await call('GET', `${s.account.baseUrl}/instances`, ACCESS)).body.data;
      const [la, lb, lc] = await Promise.all([list(a), list(b), list(c)]);
      expect(la).toEqual(lb);
      expect(la.map((i: Body) => i.ZUID)).not.toEqual(lc.map((i: Body) => i.ZUID));
      const models = async (s: ZestySimulator, z: string) => (await call('GET', `${s.account.fields.instancesUrl.replace('{zuid}', z)}/content/models`, ACCESS)).body.data;
      expect(await models(a, la[2].ZUID)).toEqual(await models(b, lb[2].ZUID));
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('cancels and restores instances on clock ticks (cancelledAt/cancelledReason)', async () => {
    const s = await startZestySimulator({ seed: 'tick', instances: 4, accessToken: ACCESS, clock: { intervalMs: 0 } });
    try {
      const state = async () => (await call('GET', `${s.account.baseUrl}/instances`, ACCESS)).body.data.map((i: Body) => [i.cancelledAt, i.cancelledReason]);
      const before = await state();
      await fetch(`${s.baseUrl}/__sim/tick`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ changes: 3 }) });
      const after = await state();
      expect(after).not.toEqual(before);
      for (const [at, reason] of after) expect(at === null).toBe(reason === null);
    } finally {
      await s.close();
    }
  });

  // How fast it starts is a benchmark figure (tests/bench), not a timed test.
  it('starts with 20,000 instances and lists them all', async () => {
    const s = await startZestySimulator({ seed: 'scale', instances: 20_000, accessToken: ACCESS, clock: { intervalMs: 0 } });
    try {
      const r = await call('GET', `${s.account.baseUrl}/instances`, ACCESS);
      expect(r.body._meta.totalResults).toBe(20_000);
      expect(new Set(r.body.data.map((i: Body) => i.ZUID)).size).toBe(20_000);
    } finally {
      await s.close();
    }
  });
});
