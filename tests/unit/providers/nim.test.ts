/**
 * The NIM provider against the NIM simulator over real HTTP (and a real nginx for one publish).
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment } from '../../../shared/model';
import { PROVIDERS } from '../../../shared/providers';
import { commonDir, createNimProvider } from '../../../electron/main/core/providers/nim';
import { PROVIDER_FACTORIES } from '../../../electron/main/core/providers/registry';
import type { Provider } from '../../../electron/main/core/providers/types';
import { startNimSimulator, type RunningNimSimulator } from '../../../electron/simulators/nim';
import { caught, providerContext, type ProviderContextOverrides } from '../../support/provider-context';

let sim: RunningNimSimulator;
const providers: Provider[] = [];

function providerFor(o: ProviderContextOverrides = {}) {
  const { ctx, lines } = providerContext('nim', sim.account, { http: { backoffMs: 20 }, ...o });
  const provider = createNimProvider(ctx);
  providers.push(provider);
  return { provider, lines };
}

async function settle(p: Provider, id: string): Promise<Deployment> {
  const until = Date.now() + 15_000;
  for (;;) {
    const d = await p.getDeployment(id);
    if (d.status !== 'pending' || Date.now() > until) return d;
    await new Promise((r) => setTimeout(r, 40));
  }
}

beforeAll(async () => {
  sim = await startNimSimulator({ seed: 'provider', instances: 12, nodes: 3, deployDelayMs: 20, nginx: { instances: 1 } });
});
afterAll(async () => {
  await Promise.all(providers.map((p) => p.close()));
  await sim.close();
});

describe('NIM provider', () => {
  it('is registered and declares exactly the capabilities of its descriptor', () => {
    expect(PROVIDER_FACTORIES.nim).toBe(createNimProvider);
    const { provider } = providerFor();
    expect(provider.id).toBe('nim');
    expect([...provider.capabilities]).toEqual(PROVIDERS.nim.capabilities);
  });

  it('test() summarises systems and instances', async () => {
    expect(await providerFor().provider.test()).toEqual({ summary: '3 systems, 12 instances' });
  });

  it('works with a Bearer token and with the /api/nim/v1 prefix', async () => {
    const { provider } = providerFor({ authMethod: 'bearer', fields: { apiPrefix: '/api/nim/v1/' }, secrets: { token: sim.credentials.token } });
    expect((await provider.test()).summary).toBe('3 systems, 12 instances');
  });

  it('maps systems to nodes and instances with online → running, offline → offline, raw kept', async () => {
    const { provider } = providerFor();
    const nodes = await provider.listNodes();
    expect(nodes).toHaveLength(3);
    expect(nodes[0]).toMatchObject({ provider: 'nim', accountId: 'acct-nim', status: expect.stringMatching(/^(online|offline)$/), cpu: expect.any(Number), memoryMb: expect.any(Number) });
    expect(nodes[0].address).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(await provider.getNode(nodes[1].id)).toMatchObject({ id: nodes[1].id, name: nodes[1].name });

    const target = sim.realInstances[0];
    const offlineUid = (await provider.listInstances()).find((i) => i.id !== `${target.systemUid}:${target.uid}` && i.nodeId !== target.systemUid)!;
    await fetch(`${sim.baseUrl}/__sim/instances/${offlineUid.id.split(':')[1]}/state`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"state":"offline"}' });
    const instances = await provider.listInstances();
    expect(instances).toHaveLength(12);
    const off = instances.find((i) => i.id === offlineUid.id)!;
    expect(off).toMatchObject({ status: 'offline', rawStatus: 'offline' });
    const real = instances.find((i) => i.id === `${target.systemUid}:${target.uid}`)!;
    expect(real).toMatchObject({ status: 'running', rawStatus: 'online', nodeId: target.systemUid, name: target.displayName });
    expect((real.raw as { uid: string }).uid).toBe(target.uid);
    const one = await provider.getInstance(real.id);
    expect(one.id).toBe(real.id);
    // A bare nginx uid is resolved through the instance list.
    expect((await provider.getInstance(target.uid)).id).toBe(real.id);
    expect((await caught(provider.getInstance('nope:nope'))).code).toBe('NOT_FOUND');
    expect((await caught(provider.getInstance('../../etc'))).code).toBe('VALIDATION');
  });

  it('reads every page of a large fleet with one pageToken and bounded concurrency', async () => {
    const big = await startNimSimulator({ seed: 'provider-big', instances: 2_345, nodes: 120 });
    try {
      let inFlight = 0;
      let maxInFlight = 0;
      const { ctx } = providerContext('nim', big.account);
      const http = ctx.http;
      ctx.http = (opts) => {
        const client = http(opts);
        const request = client.request.bind(client);
        client.request = (async (r: Parameters<typeof request>[0]) => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          try {
            return await request(r);
          } finally {
            inFlight--;
          }
        }) as typeof client.request;
        return client;
      };
      const provider = createNimProvider(ctx);
      providers.push(provider);
      const before = big.server.requestCount;
      const list = await provider.listInstances();
      expect(list).toHaveLength(2_345);
      expect(new Set(list.map((i) => i.id)).size).toBe(2_345);
      expect(big.server.requestCount - before).toBe(24);
      expect(maxInFlight).toBeGreaterThan(1);
      expect(maxInFlight).toBeLessThanOrEqual(4);
      expect(await provider.listNodes()).toHaveLength(120);
    } finally {
      await big.close();
    }
  });

  it('reads node metrics from /analytics/metrics as time series', async () => {
    const { provider } = providerFor();
    const nodes = await provider.listNodes();
    const series = await provider.nodeMetrics(nodes[2].id, 60);
    expect(series.map((s) => s.name)).toEqual([
      'system.cpu.user',
      'system.cpu.system',
      'system.mem.pct_used',
      'system.load.1',
      'system.net.bytes_rcvd',
      'system.net.bytes_sent',
      'nginx.http.request.count',
      'nginx.http.conn.active',
    ]);
    expect(series.find((s) => s.name === 'nginx.http.request.count')!.points.length).toBeGreaterThanOrEqual(59);
    expect(series[0].points.length).toBeGreaterThanOrEqual(59);
    expect(series[0].points.every((p) => p.v >= 0 && p.v <= 100 && p.t <= Date.now())).toBe(true);
    expect(series[0].unit).toBe('%');
    expect((await caught(provider.nodeMetrics("x' OR hostname='*", 60))).code).toBe('VALIDATION');
  });

  it('gets a config decoded, with updateTime as revision', async () => {
    const { provider } = providerFor();
    const inst = (await provider.listInstances()).find((i) => i.status === 'running' && !i.id.includes(sim.realInstances[0].uid))!;
    const doc = await provider.getConfig(inst.id);
    expect(doc).toMatchObject({ accountId: 'acct-nim', instanceId: inst.id, rootDir: '/etc/nginx', versionHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(Date.parse(doc.revision)).not.toBeNaN();
    expect(doc.files.find((f) => f.name === '/etc/nginx/nginx.conf')!.contents).toContain('http {');
  });

  it('analyzes a config on the server', async () => {
    const { provider } = providerFor();
    const id = (await provider.listInstances())[3].id;
    const bad = await provider.analyzeConfig(id, [{ name: '/etc/nginx/nginx.conf', contents: 'events {}\nhttp {\n  server { listen 80 }\n}\n' }]);
    expect(bad.ok).toBe(false);
    expect(bad.messages[0]).toContain('unexpected "}" in /etc/nginx/nginx.conf:3');
    expect(await provider.analyzeConfig(id, [{ name: '/etc/nginx/nginx.conf', contents: 'events {}\n' }])).toEqual({ ok: true, messages: [] });
  });

  it('publishes with the base revision, follows the deployment, and reports CONFLICT unless forced', async () => {
    const { provider } = providerFor();
    const inst = (await provider.listInstances()).find((i) => i.status === 'running' && !i.id.includes(sim.realInstances[0].uid))!;
    const doc = await provider.getConfig(inst.id);
    const files = doc.files.map((f) => (f.name.endsWith('default.conf') ? { ...f, contents: f.contents.replace('listen 80;', 'listen 8080;') } : f));
    const d = await provider.publishConfig({ instanceId: inst.id, files, baseRevision: doc.revision });
    expect(d).toMatchObject({ status: 'pending', instanceId: inst.id, id: expect.any(String) });
    const done = await settle(provider, d.id);
    expect(done).toMatchObject({ status: 'succeeded', failures: [] });
    expect(done.succeeded).toHaveLength(1);
    const after = await provider.getConfig(inst.id);
    expect(after.revision).not.toBe(doc.revision);
    expect(after.files.find((f) => f.name.endsWith('default.conf'))!.contents).toContain('listen 8080;');

    // Publishing again from the old base is a conflict and changes nothing.
    const stale = await caught(provider.publishConfig({ instanceId: inst.id, files, baseRevision: doc.revision }));
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/live config changed/);
    expect((await provider.getConfig(inst.id)).revision).toBe(after.revision);

    // The server's own 409 (a change between our read and the POST) is CONFLICT too.
    sim.touchConfig(inst.id.split(':')[1]);
    const moved = await provider.getConfig(inst.id);
    const racing = await caught(provider.publishConfig({ instanceId: inst.id, files, baseRevision: after.revision }));
    expect(racing.code).toBe('CONFLICT');

    const forced = await provider.publishConfig({ instanceId: inst.id, files, baseRevision: after.revision, force: true });
    expect((await settle(provider, forced.id)).status).toBe('succeeded');
    expect((await provider.getConfig(inst.id)).revision).not.toBe(moved.revision);
  });

  it('a broken config on a real nginx ends failed with nginx\'s message', async () => {
    const { provider } = providerFor();
    const ri = sim.realInstances[0];
    const id = `${ri.systemUid}:${ri.uid}`;
    const doc = await provider.getConfig(id);
    const broken = doc.files.map((f) => ({ ...f, contents: f.contents.replace('events {', 'events {{') }));
    const d = await provider.publishConfig({ instanceId: id, files: broken, baseRevision: doc.revision });
    const done = await settle(provider, d.id);
    expect(done.status).toBe('failed');
    expect(done.failures[0].message).toMatch(/nginx: \[emerg\]/);
    expect(await (await fetch(ri.url)).text()).toContain('initial config');
  });

  it('maps wrong credentials to AUTH and never puts the password in a message or log line', async () => {
    const password = 'Sup3r-Secret-Passw0rd!';
    const { provider, lines } = providerFor({ secrets: { password } });
    const err = await caught(provider.listInstances());
    expect(err.code).toBe('AUTH');
    expect(err.status).toBe(401);
    expect(err.message).toContain('Unauthorized');
    const basic = Buffer.from(`${sim.credentials.username}:${password}`).toString('base64');
    for (const text of [err.message, JSON.stringify(err.toInfo()), ...lines]) {
      expect(text).not.toContain(password);
      expect(text).not.toContain(basic);
    }
    const bearer = providerFor({ authMethod: 'bearer', secrets: { token: 'wrong-token-value' } });
    expect((await caught(bearer.provider.test())).code).toBe('AUTH');
    const missing = providerFor({ secrets: {} });
    expect((await caught(missing.provider.test())).code).toBe('AUTH');
  });

  it('maps an unreachable port to OFFLINE', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const { provider } = providerFor({ baseUrl: `http://127.0.0.1:${port}`, secrets: { password: 'OfflinePassw0rd' } });
    const err = await caught(provider.test());
    expect(err.code).toBe('OFFLINE');
    expect(err.message).not.toContain('OfflinePassw0rd');
  });

  it('retries through the 429 rate limit on reads', async () => {
    // 24 requests against a bucket of 20 refilled at 20/s: backoffs of 300 and 600 ms leave room for all.
    const { provider } = providerFor({ http: { backoffMs: 300 } });
    sim.setRateLimit(true);
    try {
      const before = sim.server.requestCount;
      const results = await Promise.all(Array.from({ length: 12 }, () => provider.test()));
      expect(results.every((r) => r.summary === '3 systems, 12 instances')).toBe(true);
      // More requests than calls: some were answered 429 and retried.
      expect(sim.server.requestCount - before).toBeGreaterThan(24);
    } finally {
      sim.setRateLimit(false);
    }
  });

  it('rejects a bad API prefix and bad responses with typed errors', async () => {
    expect((await caught(providerFor({ fields: { ...sim.account.fields, apiPrefix: 'http://evil/' } }).provider.test())).code).toBe('VALIDATION');
    const wrongPrefix = providerFor({ fields: { ...sim.account.fields, apiPrefix: '/api/platform/v9' } });
    expect((await caught(wrongPrefix.provider.test())).code).toBe('NOT_FOUND');
    expect(commonDir(['/etc/nginx/nginx.conf', '/etc/nginx/conf.d/a.conf'])).toBe('/etc/nginx');
    expect(commonDir(['/a/x', '/b/y'])).toBe('/');
  });
});

