/**
 * The NIM simulator's real data plane: instances backed by real nginx processes (Debian's nginx here
 * and in CI). Publishing runs `nginx -t` and reloads only a config that passed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNimSimulator, type RunningNimSimulator } from '../../../electron/simulators/nim';
import { findNginx } from '../../../electron/simulators/nim/nginx/dataplane';
import { childPids, isAlive } from '../../../electron/simulators/nim/nginx/procfs';

const P = '/api/platform/v1';
let sim: RunningNimSimulator;

async function call(path: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(sim.baseUrl + path, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Basic ${Buffer.from(`${sim.credentials.username}:${sim.credentials.password}`).toString('base64')}`,
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function waitForDeployment(id: string) {
  const until = Date.now() + 15_000;
  for (;;) {
    const r = await call(`${P}/systems/instances/deployments/${id}`);
    if (r.body.status !== 'pending' || Date.now() > until) return r.body;
    await new Promise((res) => setTimeout(res, 50));
  }
}

async function served(port: number, path = '/'): Promise<string> {
  // A fresh connection each time, so a keep-alive socket to an old worker cannot answer.
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { connection: 'close' } });
  return res.text();
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

beforeAll(async () => {
  expect(findNginx(), 'nginx must be installed (Debian package nginx-light)').toBeTruthy();
  sim = await startNimSimulator({ seed: 'dataplane', instances: 6, nodes: 2, nginx: { instances: 2 } });
});
afterAll(async () => {
  await sim?.close();
});

describe('real nginx data plane', () => {
  it('runs the first instances as real nginx masters reported online with their pid and config path', async () => {
    expect(sim.nginxBinary).toBeTruthy();
    expect(sim.realInstances).toHaveLength(2);
    for (const ri of sim.realInstances) {
      expect(isAlive(ri.pid)).toBe(true);
      expect(await served(ri.port)).toContain('initial config');
      const inst = await call(`${P}/systems/${ri.systemUid}/instances/${ri.uid}`);
      expect(inst.body).toMatchObject({ status: { state: 'online' }, processId: String(ri.pid), configPath: ri.confPath });
    }
    const status = await served(sim.realInstances[0].port, '/nginx_status');
    expect(status).toMatch(/Active connections: \d+/);
  });

  it('publishing a broken config fails with nginx\'s own message and the old config keeps serving; a good one is reloaded', async () => {
    const ri = sim.realInstances[0];
    const path = `${P}/systems/${ri.systemUid}/instances/${ri.uid}/config`;
    const live = (await call(path)).body;
    expect(live.configFiles.rootDir).toBe(ri.confPath.replace(/\/nginx\.conf$/, ''));
    const original = Buffer.from(live.configFiles.files.find((f: { name: string }) => f.name === ri.confPath).contents, 'base64').toString();
    expect(await served(ri.port)).toContain('initial config');

    // Broken: an extra "}" — nginx -t must refuse it.
    const broken = original.replace('worker_connections 64;', 'worker_connections 64;\n}');
    const bad = await call(path, { method: 'POST', body: { configFiles: { rootDir: live.configFiles.rootDir, files: [{ name: ri.confPath, contents: b64(broken) }] }, updateTime: live.updateTime } });
    expect(bad.status).toBe(202);
    const failed = await waitForDeployment(bad.body.deploymentUID);
    expect(failed.status).toBe('failed');
    expect(failed.details.failure[0].failMessage).toMatch(/\[emerg\] unexpected "}" in .*nginx\.conf:\d+/);
    expect(failed.details.failure[0].failMessage).toContain('test failed');
    expect(await served(ri.port)).toContain('initial config');
    const afterBad = (await call(path)).body;
    expect(Buffer.from(afterBad.configFiles.files[0].contents, 'base64').toString()).toBe(original);
    expect(afterBad.updateTime).toBe(live.updateTime);

    // Good: a new response body, reloaded into the running master.
    const good = original.replace('initial config', 'published v2');
    const ok = await call(path, { method: 'PUT', body: { configFiles: { rootDir: live.configFiles.rootDir, files: [{ name: ri.confPath, contents: b64(good) }] }, updateTime: live.updateTime } });
    expect(ok.status).toBe(202);
    const done = await waitForDeployment(ok.body.deploymentUID);
    expect(done.status).toBe('finalized');
    expect(done.details.success).toHaveLength(1);
    expect(await served(ri.port)).toContain('published v2');
    const after = (await call(path)).body;
    expect(Date.parse(after.updateTime)).toBeGreaterThan(Date.parse(live.updateTime));
    expect(after.configVersion.versions[0].versionHash).not.toBe(live.configVersion.versions[0].versionHash);
    // The master is the same process: a reload, not a restart.
    expect((await call(`${P}/systems/${ri.systemUid}/instances/${ri.uid}`)).body.processId).toBe(String(ri.pid));
    // The other real instance was not touched.
    expect(await served(sim.realInstances[1].port)).toContain('initial config');
  });

  it('a config that passes nginx -t but cannot be applied (port in use) fails and keeps the old config', async () => {
    const [a, b] = sim.realInstances;
    const path = `${P}/systems/${a.systemUid}/instances/${a.uid}/config`;
    const live = (await call(path)).body;
    const original = Buffer.from(live.configFiles.files[0].contents, 'base64').toString();
    const clash = original.replace(`listen 127.0.0.1:${a.port};`, `listen 127.0.0.1:${a.port};\n        listen 127.0.0.1:${b.port};`);
    const r = await call(path, { method: 'POST', body: { configFiles: { rootDir: live.configFiles.rootDir, files: [{ name: a.confPath, contents: b64(clash) }] } } });
    const done = await waitForDeployment(r.body.deploymentUID);
    expect(done.status).toBe('failed');
    expect(done.details.failure[0].failMessage).toMatch(/bind\(\)|Address already in use/);
    expect(await served(a.port)).toContain('published v2');
    expect(await served(b.port)).toContain('initial config');
  });

  it('refuses files outside the instance directory', async () => {
    const ri = sim.realInstances[1];
    const r = await call(`${P}/systems/${ri.systemUid}/instances/${ri.uid}/config`, {
      method: 'POST',
      body: { configFiles: { rootDir: '/', files: [{ name: '/tmp/elsewhere.conf', contents: b64('x') }] } },
    });
    expect(r.status).toBe(400);
    expect(existsSync('/tmp/elsewhere.conf')).toBe(false);
  });

  it('reports real metrics: stub_status for the instance, /proc for its system', async () => {
    const ri = sim.realInstances[1];
    for (let k = 0; k < 3; k++) await served(ri.port);
    const filter = encodeURIComponent(`nginx_id='${ri.uid}'`);
    const r = await call(`${P}/analytics/metrics?names=nginx.http.conn.active,nginx.http.request.count&startTime=now-5m&filter=${filter}`);
    expect(r.status).toBe(200);
    const active = r.body.metrics[0].series[0];
    expect(active.dimensions.nginx_id).toBe(ri.uid);
    // The query itself holds a connection to stub_status: at least one active.
    expect(active.values.at(-1)).toBeGreaterThanOrEqual(1);
    const sys = await call(`${P}/analytics/metrics?names=system.mem.used&filter=${encodeURIComponent(`system_id='${ri.systemUid}'`)}`);
    const memUsed = sys.body.metrics[0].series[0].values[0];
    const meminfo = readFileSync('/proc/meminfo', 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(meminfo)![1]) * 1024;
    const expected = kb('MemTotal') - kb('MemAvailable');
    expect(Math.abs(memUsed - expected)).toBeLessThan(kb('MemTotal') * 0.1);
  });
});

describe('shutdown', () => {
  it('close() stops every nginx master and worker: no orphans', async () => {
    const own = await startNimSimulator({ seed: 'shutdown', instances: 3, nodes: 1, nginx: { instances: 2 } });
    const masters = own.realInstances.map((r) => r.pid!);
    const workers = masters.flatMap((m) => childPids(m));
    expect(masters.every((m) => isAlive(m))).toBe(true);
    expect(workers.length).toBeGreaterThanOrEqual(2);
    const prefix = own.realInstances[0].prefix;
    await own.close();
    for (const pid of [...masters, ...workers]) expect(isAlive(pid)).toBe(false);
    expect(existsSync(prefix)).toBe(false);
  });
});
