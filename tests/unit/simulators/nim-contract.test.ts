/**
 * Contract tests for the NIM simulator, written from the API documents (seed 001 and apis.md §2):
 * auth, shapes, pagination, conflicts, rate limits, deployments. Real HTTP on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNimSimulator, type RunningNimSimulator } from '../../../electron/simulators/nim';

const P = '/api/platform/v1';
let sim: RunningNimSimulator;

function basic(user: string, pass: string) {
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

async function call(path: string, init: { method?: string; body?: unknown; auth?: string | null } = {}) {
  const headers: Record<string, string> = {};
  const auth = init.auth === undefined ? basic(sim.credentials.username, sim.credentials.password) : init.auth;
  if (auth) headers.authorization = auth;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(sim.baseUrl + path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body, headers: res.headers };
}

async function waitForDeployment(id: string, timeoutMs = 5000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await call(`${P}/systems/instances/deployments/${id}`);
    expect(r.status).toBe(200);
    if (r.body.status !== 'pending' || Date.now() > until) return r.body;
    await new Promise((res) => setTimeout(res, 30));
  }
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

beforeAll(async () => {
  sim = await startNimSimulator({ seed: 'contract', instances: 250, nodes: 5, deployDelayMs: 20 });
});
afterAll(async () => {
  await sim.close();
});

describe('auth', () => {
  it('rejects a request without credentials with a JSON 401', async () => {
    const r = await call(`${P}/systems`, { auth: null });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ code: 401, message: expect.any(String) });
  });
  it('rejects a wrong Basic password and a wrong Bearer token', async () => {
    const wrongBasic = await call(`${P}/systems`, { auth: basic(sim.credentials.username, 'not-the-password') });
    expect(wrongBasic.status).toBe(401);
    expect(wrongBasic.body.code).toBe(401);
    const wrongBearer = await call(`${P}/systems`, { auth: 'Bearer not-a-valid-token' });
    expect(wrongBearer.status).toBe(401);
    expect(wrongBearer.body.code).toBe(401);
  });
  it('accepts Basic and Bearer, on both API prefixes', async () => {
    expect((await call(`${P}/systems`)).status).toBe(200);
    expect((await call('/api/nim/v1/systems', { auth: `Bearer ${sim.credentials.token}` })).status).toBe(200);
  });
  it('gives the account shape accounts.add takes', () => {
    expect(sim.account).toEqual({
      baseUrl: sim.baseUrl,
      authMethod: 'basic',
      fields: { username: sim.credentials.username },
      secrets: { password: sim.credentials.password },
    });
  });
});

describe('systems and instances', () => {
  it('an unsupported method answers 405 with the same {code, message} body as every other error, and Allow', async () => {
    const r = await call(`${P}/systems`, { method: 'DELETE' });
    expect(r.status).toBe(405);
    expect(r.body).toEqual({ code: 405, message: expect.stringContaining('DELETE') });
    expect(r.headers.get('allow')).toBe('GET');
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
  });

  it('lists systems as {count, items} and filters by hostname', async () => {
    const r = await call(`${P}/systems`);
    expect(r.status).toBe(200);
    expect(r.body.count).toBe(5);
    expect(r.body.items).toHaveLength(5);
    const s = r.body.items[0];
    expect(s).toMatchObject({ uid: expect.any(String), hostname: expect.any(String), status: { state: expect.stringMatching(/^(online|offline)$/) } });
    const one = await call(`${P}/systems?hostname=${encodeURIComponent(s.hostname)}`);
    expect(one.body.count).toBe(1);
    expect(one.body.items[0].uid).toBe(s.uid);
    expect((await call(`${P}/systems/${s.uid}`)).body.uid).toBe(s.uid);
    const missing = await call(`${P}/systems/00000000-0000-4000-a000-000000000000`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 404, message: expect.any(String) });
  });

  it('lists instances with displayName, systemUid, uid and counts', async () => {
    const r = await call(`${P}/instances?pageSize=0`);
    expect(r.status).toBe(200);
    expect(r.body.count).toBe(250);
    expect(r.body.items).toHaveLength(250);
    expect(typeof r.body.nginxPlusCount).toBe('number');
    expect(typeof r.body.nginxAppProtectWAFCount).toBe('number');
    for (const i of r.body.items.slice(0, 5)) expect(i).toMatchObject({ displayName: expect.any(String), systemUid: expect.any(String), uid: expect.any(String) });
  });

  it('answers one instance with the documented object (status.state, build, configVersion, links)', async () => {
    const list = await call(`${P}/instances?pageSize=1`);
    const { systemUid, uid } = list.body.items[0];
    const perSystem = await call(`${P}/systems/${systemUid}/instances`);
    expect(perSystem.body.items.some((i: { uid: string }) => i.uid === uid)).toBe(true);
    const r = await call(`${P}/systems/${systemUid}/instances/${uid}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      uid,
      displayName: expect.any(String),
      status: { state: expect.stringMatching(/^(online|offline)$/), lastStatusReport: expect.any(String) },
      build: { nginxPlus: expect.any(Boolean), version: expect.any(String) },
      configPath: expect.any(String),
      configVersion: { versions: [{ uid, versionHash: expect.stringMatching(/^[0-9a-f]{64}$/) }] },
      links: expect.arrayContaining([{ rel: `${P}/systems/${systemUid}`, name: 'system' }]),
    });
    expect((await call(`${P}/systems/${systemUid}/instances/nope`)).status).toBe(404);
  });

  it('lists and creates instance groups; a duplicate name is 409', async () => {
    const r = await call(`${P}/instance-groups`);
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(0);
    expect(r.body.items[0]).toMatchObject({ uid: expect.any(String), name: expect.any(String), displayName: expect.any(String) });
    const created = await call(`${P}/instance-groups`, { method: 'POST', body: { name: 'canary', displayName: 'Canary', description: 'c' } });
    expect(created.status).toBe(201);
    expect((await call(`${P}/instance-groups/${created.body.uid}`)).body.name).toBe('canary');
    expect((await call(`${P}/instance-groups`, { method: 'POST', body: { name: 'canary' } })).status).toBe(409);
    expect((await call(`${P}/instance-groups`, { method: 'POST', body: {} })).status).toBe(400);
  });

  it('the clock flips instance states and records events', async () => {
    const before = (await call(`${P}/instances?pageSize=0`)).body.items.map((i: { status: { state: string } }) => i.status.state);
    const changes = sim.tick(10);
    expect(changes).toHaveLength(10);
    const after = (await call(`${P}/instances?pageSize=0`)).body.items.map((i: { status: { state: string } }) => i.status.state);
    expect(after).not.toEqual(before);
  });
});

describe('pagination', () => {
  it('defaults to 100 per page, scales pageSize down to 100, and pages with a stable pageToken', async () => {
    const first = await call(`${P}/instances`);
    expect(first.body.items).toHaveLength(100);
    expect(first.body.count).toBe(250);
    const token = first.body.Metadata.pagination.pageToken;
    expect(token).toEqual(expect.any(String));
    expect((await call(`${P}/instances?pageSize=500`)).body.items).toHaveLength(100);

    // The snapshot holds while the fleet changes underneath.
    const page3Before = await call(`${P}/instances?page=3&pageSize=100&pageToken=${token}`);
    expect(page3Before.body.items).toHaveLength(50);
    sim.tick(50);
    const page3Again = await call(`${P}/instances?page=3&pageSize=100&pageToken=${token}`);
    expect(page3Again.body.items).toEqual(page3Before.body.items);

    const all = [first, await call(`${P}/instances?page=2&pageToken=${token}`), page3Before].flatMap((r) => r.body.items.map((i: { uid: string }) => i.uid));
    expect(new Set(all).size).toBe(250);
    expect((await call(`${P}/instances?page=4&pageToken=${token}`)).body.items).toEqual([]);
  });

  it('rejects a bad page, pageSize or unknown pageToken with 400', async () => {
    expect((await call(`${P}/instances?page=0`)).status).toBe(400);
    expect((await call(`${P}/instances?pageSize=-1`)).status).toBe(400);
    expect((await call(`${P}/instances?pageSize=abc`)).status).toBe(400);
    const r = await call(`${P}/instances?pageToken=12345`);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe(400);
  });

  it('pageSize=0 returns everything, capped at 10,000 with a warning', async () => {
    const big = await startNimSimulator({ seed: 'cap', instances: 10_050, nodes: 50 });
    try {
      const res = await fetch(`${big.baseUrl}${P}/instances?pageSize=0`, { headers: { authorization: basic(big.credentials.username, big.credentials.password) } });
      const body = (await res.json()) as { count: number; items: unknown[]; Metadata: { warning?: string } };
      expect(body.count).toBe(10_050);
      expect(body.items).toHaveLength(10_000);
      expect(body.Metadata.warning).toMatch(/10000/);
    } finally {
      await big.close();
    }
  });
});

describe('configs, publish and deployments', () => {
  async function someOnlineInstance() {
    const list = await call(`${P}/instances?pageSize=0`);
    const inst = list.body.items.find((i: { status: { state: string } }) => i.status.state === 'online');
    const sys = await call(`${P}/systems/${inst.systemUid}`);
    if (sys.body.status.state !== 'online') {
      await fetch(`${sim.baseUrl}/__sim/systems/${inst.systemUid}/state`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"state":"online"}' });
    }
    return inst as { uid: string; systemUid: string };
  }

  it('GET config returns base64 files, a versionHash and updateTime', async () => {
    const inst = await someOnlineInstance();
    const r = await call(`${P}/systems/${inst.systemUid}/instances/${inst.uid}/config`);
    expect(r.status).toBe(200);
    expect(r.body.configFiles.rootDir).toBe('/etc/nginx');
    const main = r.body.configFiles.files.find((f: { name: string }) => f.name === '/etc/nginx/nginx.conf');
    expect(Buffer.from(main.contents, 'base64').toString()).toContain('http {');
    expect(r.body.configVersion.versions[0].versionHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(r.body.updateTime)).not.toBeNaN();
  });

  it('publish → 202 with a deployment link → pending → finalized, and the config changes', async () => {
    const inst = await someOnlineInstance();
    const path = `${P}/systems/${inst.systemUid}/instances/${inst.uid}/config`;
    const live = (await call(path)).body;
    const conf = 'events {}\nhttp { server { listen 80; return 200 "published"; } }\n';
    const r = await call(path, {
      method: 'POST',
      body: { configFiles: { rootDir: '/etc/nginx', files: [{ name: '/etc/nginx/nginx.conf', contents: b64(conf) }] }, updateTime: live.updateTime },
    });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ deploymentUID: expect.any(String), result: 'Publish configuration request Accepted' });
    expect(r.body.links.rel).toBe(`${P}/systems/instances/deployments/${r.body.deploymentUID}`);
    const pending = await call(r.body.links.rel);
    expect(pending.body.status).toBe('pending');
    expect(pending.body.details).toMatchObject({ success: [], failure: [] });
    const done = await waitForDeployment(r.body.deploymentUID);
    expect(done.status).toBe('finalized');
    expect(done.details.success).toHaveLength(1);
    expect(done.details.failure).toEqual([]);
    const after = (await call(path)).body;
    expect(Buffer.from(after.configFiles.files.find((f: { name: string }) => f.name === '/etc/nginx/nginx.conf').contents, 'base64').toString()).toBe(conf);
    expect(Date.parse(after.updateTime)).toBeGreaterThan(Date.parse(live.updateTime));
    expect(after.configVersion.versions[0].versionHash).not.toBe(live.configVersion.versions[0].versionHash);
  });

  it('a config that does not parse ends in a failed deployment with the line in failMessage', async () => {
    const inst = await someOnlineInstance();
    const path = `${P}/systems/${inst.systemUid}/instances/${inst.uid}/config`;
    const before = (await call(path)).body;
    const r = await call(path, {
      method: 'PUT',
      body: { configFiles: { rootDir: '/etc/nginx', files: [{ name: '/etc/nginx/nginx.conf', contents: b64('events {}\nhttp {\n  server { listen 80 }\n}\n') }] } },
    });
    expect(r.status).toBe(202);
    const done = await waitForDeployment(r.body.deploymentUID);
    expect(done.status).toBe('failed');
    expect(done.details.success).toEqual([]);
    expect(done.details.failure[0].failMessage).toContain('unexpected "}" in /etc/nginx/nginx.conf:3');
    expect((await call(path)).body.updateTime).toBe(before.updateTime);
  });

  it('409 when updateTime is older than the live config, accepted with ignoreConflict', async () => {
    const inst = await someOnlineInstance();
    const path = `${P}/systems/${inst.systemUid}/instances/${inst.uid}/config`;
    const base = (await call(path)).body.updateTime;
    sim.touchConfig(inst.uid);
    const payload = { configFiles: { rootDir: '/etc/nginx', files: [{ name: '/etc/nginx/nginx.conf', contents: b64('events {}\n') }] }, updateTime: base };
    const conflict = await call(path, { method: 'POST', body: payload });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ code: 409, message: expect.stringContaining('ignoreConflict') });
    const forced = await call(path, { method: 'POST', body: { ...payload, ignoreConflict: true } });
    expect(forced.status).toBe(202);
    expect((await waitForDeployment(forced.body.deploymentUID)).status).toBe('finalized');
  });

  it('rejects bad payloads with 400 and unknown deployments with 404', async () => {
    const inst = await someOnlineInstance();
    const path = `${P}/systems/${inst.systemUid}/instances/${inst.uid}/config`;
    expect((await call(path, { method: 'POST', body: {} })).status).toBe(400);
    const notB64 = await call(path, { method: 'POST', body: { configFiles: { rootDir: '/etc/nginx', files: [{ name: '/etc/nginx/nginx.conf', contents: '%%%' }] } } });
    expect(notB64.status).toBe(400);
    const outside = await call(path, { method: 'POST', body: { configFiles: { rootDir: '/etc/nginx', files: [{ name: '/etc/passwd', contents: b64('x') }] } } });
    expect(outside.status).toBe(400);
    expect(outside.body.message).toContain('rootDir');
    const unknown = await call(`${P}/systems/instances/deployments/00000000-0000-4000-a000-000000000000`);
    expect(unknown.status).toBe(404);
  });

  it('an offline instance fails its deployment', async () => {
    const list = await call(`${P}/instances?pageSize=0`);
    const inst = list.body.items[7];
    await fetch(`${sim.baseUrl}/__sim/instances/${inst.uid}/state`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"state":"offline"}' });
    const r = await call(`${P}/systems/${inst.systemUid}/instances/${inst.uid}/config`, {
      method: 'POST',
      body: { configFiles: { rootDir: '/etc/nginx', files: [{ name: '/etc/nginx/nginx.conf', contents: b64('events {}\n') }] } },
    });
    const done = await waitForDeployment(r.body.deploymentUID);
    expect(done.status).toBe('failed');
    expect(done.details.failure[0].failMessage).toMatch(/offline/);
  });

  it('stages a config and publishes it by configUid', async () => {
    const payload = { configName: 'staged-one', configFiles: { rootDir: '/etc/nginx', files: [{ name: '/etc/nginx/nginx.conf', contents: b64('events {}\n') }] } };
    const created = await call(`${P}/configs`, { method: 'POST', body: payload });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ uid: expect.any(String), configName: 'staged-one' });
    expect((await call(`${P}/configs`, { method: 'POST', body: payload })).status).toBe(409);
    expect((await call(`${P}/configs`, { method: 'POST', body: { configFiles: payload.configFiles } })).status).toBe(400);
    const list = await call(`${P}/configs`);
    expect(list.body.items).toContainEqual(expect.objectContaining({ uid: created.body.uid, configName: 'staged-one', createTime: expect.any(String) }));
    expect((await call(`${P}/configs/${created.body.uid}`)).body.configFiles.files[0].name).toBe('/etc/nginx/nginx.conf');
    const inst = await someOnlineInstance();
    const pub = await call(`${P}/systems/${inst.systemUid}/instances/${inst.uid}/config`, { method: 'POST', body: { configUid: created.body.uid } });
    expect(pub.status).toBe(202);
    expect((await waitForDeployment(pub.body.deploymentUID)).status).toBe('finalized');
    expect((await call(`${P}/configs/${created.body.uid}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`${P}/configs/${created.body.uid}`)).status).toBe(404);
  });

  it('analysis reports parse errors with file and line, and passes a good config', async () => {
    const bad = await call(`${P}/analysis/config`, {
      method: 'POST',
      body: { configFiles: { rootDir: '/etc/nginx', files: [{ name: '/etc/nginx/nginx.conf', contents: b64('http {\n  listen 80\n  server_name x;\n}\n') }] } },
    });
    expect(bad.status).toBe(200);
    expect(bad.body.result).toBe('fail');
    expect(bad.body.errors[0]).toMatchObject({ file: '/etc/nginx/nginx.conf', line: 2 });
    const good = await call(`${P}/analysis/config`, {
      method: 'POST',
      body: { configFiles: { rootDir: '/etc/nginx', files: [{ name: '/etc/nginx/nginx.conf', contents: b64('events {}\nhttp {}\n') }] } },
    });
    expect(good.body).toMatchObject({ result: 'pass', errors: [] });
    expect((await call(`${P}/analysis/config`, { method: 'POST', body: { nothing: true } })).status).toBe(400);
  });
});

describe('analytics', () => {
  it('returns metric series with RFC3339 timestamps for a system over the last hour', async () => {
    const sys = (await call(`${P}/systems`)).body.items[1];
    const r = await call(`${P}/analytics/metrics?names=system.cpu.user,system.mem.pct_used&startTime=now-1h&filter=${encodeURIComponent(`system_id='${sys.uid}'`)}`);
    expect(r.status).toBe(200);
    expect(r.body.metrics.map((m: { name: string }) => m.name)).toEqual(['system.cpu.user', 'system.mem.pct_used']);
    const series = r.body.metrics[0].series;
    expect(series).toHaveLength(1);
    expect(series[0].dimensions.system_id).toBe(sys.uid);
    expect(series[0].timestamps.length).toBeGreaterThanOrEqual(100);
    expect(series[0].timestamps.length).toBe(series[0].values.length);
    expect(series[0].timestamps[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('aggregates with a resolution and an RFC3339 window', async () => {
    const end = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const start = new Date(end.getTime() - 12 * 3_600_000);
    const sys = (await call(`${P}/systems`)).body.items[0];
    const q = `names=AVG(system.cpu.user)&startTime=${start.toISOString()}&endTime=${end.toISOString()}&resolution=1h&filter=${encodeURIComponent(`system_id='${sys.uid}'`)}`;
    const r = await call(`${P}/analytics/metrics?${q}`);
    expect(r.status).toBe(200);
    expect(r.body.metrics[0]).toMatchObject({ name: 'system.cpu.user', aggr: 'AVG' });
    expect(r.body.metrics[0].series[0].values).toHaveLength(12);
  });

  it('without startTime returns the last value; bad queries are 400', async () => {
    const last = await call(`${P}/analytics/metrics?names=nginx.http.request.count&filter=${encodeURIComponent("nginx_id='x' OR hostname='*'")}`);
    expect(last.status).toBe(200);
    for (const s of last.body.metrics[0].series) expect(s.values).toHaveLength(1);
    expect((await call(`${P}/analytics/metrics`)).status).toBe(400);
    expect((await call(`${P}/analytics/metrics?names=no.such.metric`)).status).toBe(400);
    expect((await call(`${P}/analytics/metrics?names=system.cpu.user&endTime=now`)).status).toBe(400);
    expect((await call(`${P}/analytics/metrics?names=system.cpu.user&startTime=yesterday`)).status).toBe(400);
    expect((await call(`${P}/analytics/metrics?names=system.cpu.user&startTime=now-1h&filter=${encodeURIComponent("system_id='a")}`)).status).toBe(400);
  });

  it('pages events with Metadata.pagination.pageToken (capital M) and includeTotal', async () => {
    const first = await call(`${P}/analytics/events?pageSize=50&includeTotal=true`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(50);
    expect(first.body.Metadata.pagination.pageToken).toEqual(expect.any(String));
    expect(first.body.Metadata.total).toBeGreaterThanOrEqual(250);
    const ev = first.body.items[0];
    expect(ev).toMatchObject({ id: expect.any(String), category: expect.any(String), level: expect.any(String), timestamp: expect.any(String), dimensions: { system_id: expect.any(String) } });
    const second = await call(`${P}/analytics/events?page=2&pageSize=50&pageToken=${first.body.Metadata.pagination.pageToken}`);
    expect(second.body.items[0].id).not.toBe(ev.id);
    expect((await call(`${P}/analytics/events/${ev.id}`)).body.id).toBe(ev.id);
    const recent = await call(`${P}/analytics/events?startTime=now-10m&pageSize=0`);
    for (const e of recent.body.items) expect(Date.parse(e.timestamp)).toBeGreaterThanOrEqual(Date.now() - 11 * 60_000);
  });
});

describe('platform endpoints', () => {
  it('scans a CIDR and lists servers', async () => {
    const r = await call(`${P}/servers/scan`, { method: 'POST', body: { cidr: '10.0.0.0/24', portRanges: ['80', '443'], hostDiscovery: 'none' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'complete', percentageComplete: 100, serversFound: expect.any(Number), nginxFound: expect.any(Number) });
    expect(r.body.serversFound).toBe(5);
    expect((await call(`${P}/servers`)).body.items).toHaveLength(5);
    expect((await call(`${P}/servers/scan`, { method: 'POST', body: { cidr: 'not-a-cidr' } })).status).toBe(400);
  });

  it('manages certificates, users and roles with the documented codes', async () => {
    expect((await call(`${P}/certs`)).body.items.length).toBeGreaterThan(0);
    const pem = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----';
    expect((await call(`${P}/certs/new-cert`, { method: 'PUT', body: { name: 'new-cert', certPEMDetails: { type: 'PEM', publicCert: pem } } })).status).toBe(201);
    expect((await call(`${P}/certs/new-cert`, { method: 'PUT', body: { name: 'new-cert', certPEMDetails: { type: 'PEM', publicCert: pem } } })).status).toBe(200);
    expect((await call(`${P}/certs/new-cert`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`${P}/certs/new-cert`)).status).toBe(404);

    const users = await call(`${P}/users`);
    expect(users.body.items.map((u: { metadata: { name: string } }) => u.metadata.name)).toContain(sim.credentials.username);
    const user = { metadata: { name: 'jo', displayName: 'Jo' }, userDef: { email: 'jo@example.com', roles: [{ ref: `${P}/roles/viewer` }] } };
    expect((await call(`${P}/users`, { method: 'POST', body: user })).status).toBe(201);
    expect((await call(`${P}/users`, { method: 'POST', body: user })).status).toBe(409);
    expect((await call(`${P}/users/jo`)).body.userDef.email).toBe('jo@example.com');
    expect((await call(`${P}/users/nobody`)).status).toBe(404);

    expect((await call(`${P}/roles`)).body.items.length).toBeGreaterThanOrEqual(2);
    const role = { metadata: { kind: 'role', name: 'ops', displayName: 'Ops' }, roleDef: { permissions: [{ feature: 'INSTANCE-MANAGEMENT', accessTypes: ['READ'] }] } };
    expect((await call(`${P}/roles/ops`, { method: 'PUT', body: role })).status).toBe(201);
    expect((await call(`${P}/roles/ops`)).body.metadata.name).toBe('ops');
  });
});

describe('rate limit', () => {
  it('answers 429 past 20 requests per second with burst 20, when enabled', async () => {
    sim.setRateLimit(true);
    try {
      const statuses = await Promise.all(Array.from({ length: 40 }, () => call(`${P}/systems?pageSize=1`).then((r) => r.status)));
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(20);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    } finally {
      sim.setRateLimit(false);
    }
    const after = await Promise.all(Array.from({ length: 40 }, () => call(`${P}/systems?pageSize=1`).then((r) => r.status)));
    expect(after.every((s) => s === 200)).toBe(true);
  });
});

describe('scale', () => {
  // How fast it starts is a benchmark figure (tests/bench), not a timed test.
  it('starts 20,000 instances over 400 systems, same data for the same seed', async () => {
    const a = await startNimSimulator({ seed: 'scale', instances: 20_000, nodes: 400 });
    const b = await startNimSimulator({ seed: 'scale', instances: 20_000, nodes: 400 });
    try {
      const get = async (s: RunningNimSimulator, path: string) =>
        (await fetch(s.baseUrl + path, { headers: { authorization: basic(s.credentials.username, s.credentials.password) } })).json() as Promise<any>;
      const pa = await get(a, `${P}/instances?page=137`);
      const pb = await get(b, `${P}/instances?page=137`);
      expect(pa.count).toBe(20_000);
      expect(pa.items.map((i: { uid: string }) => i.uid)).toEqual(pb.items.map((i: { uid: string }) => i.uid));
      expect((await get(a, `${P}/systems?pageSize=0`)).count).toBe(400);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
