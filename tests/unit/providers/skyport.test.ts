/**
 * The Skyport provider end to end against the Skyport simulator over real HTTP on loopback:
 * the real panel's behaviour (quirks on) and a well-behaved panel (quirks off).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionParams } from '../../../shared/model';
import { PROVIDERS } from '../../../shared/providers';
import { readSkyportError } from '../../../electron/main/core/providers/skyport/errors';
import { createSkyportProvider, SkyportProvider, type SkyportProviderOptions } from '../../../electron/main/core/providers/skyport/index';
import { PROVIDER_FACTORIES } from '../../../electron/main/core/providers/registry';
import type { ProviderContext } from '../../../electron/main/core/providers/types';
import { startSkyportSimulator, type SkyportSimulator } from '../../../electron/simulators/skyport/index';
import { caught, providerContext, type ProviderContextOverrides } from '../../support/provider-context';

interface Harness {
  provider: SkyportProvider;
  ctx: ProviderContext;
  logLines: string[];
}

function harness(sim: SkyportSimulator, opts: ProviderContextOverrides & { provider?: SkyportProviderOptions } = {}): Harness {
  const { provider, ...overrides } = opts;
  const { ctx, lines } = providerContext('skyport', sim.account, { id: 'acc-skyport', http: { backoffMs: 20 }, ...overrides });
  return { provider: new SkyportProvider(ctx, provider), ctx, logLines: lines };
}

/** Every credential the simulated panel holds: the account key, node daemon keys, configure keys, bcrypt hashes. */
function panelSecrets(sim: SkyportSimulator): string[] {
  const out = [sim.account.secrets.apiKey];
  for (const n of sim.store.listNodes()) {
    if (n?.apiKey) out.push(n.apiKey);
    if (n?.configureKey) out.push(n.configureKey);
  }
  for (const u of sim.store.users) out.push(u.password);
  for (const i of sim.store.listInstances()) for (const e of i.Env) if (/PASSWORD=/.test(e)) out.push(e.split('=')[1]);
  return out;
}

function expectNoSecrets(sim: SkyportSimulator, ...things: unknown[]) {
  const text = things.map((t) => (t instanceof Error ? `${t.message} ${JSON.stringify(t)}` : JSON.stringify(t))).join('\n');
  for (const s of panelSecrets(sim)) expect(text.includes(s), `a secret leaked: ${s.slice(0, 6)}…`).toBe(false);
  expect(text).not.toMatch(/\$2[aby]\$\d\d\$/);
}

function deployParams(sim: SkyportSimulator, overrides: ActionParams = {}): ActionParams {
  const node = sim.store.listNodes().find((n) => n?.status === 'Online')!;
  return {
    name: 'hangar-deploy',
    image: 'ghcr.io/skyportlabs/images:java21',
    imagename: 'Paper',
    nodeId: node.id,
    user: sim.store.users[1].userId,
    memory: '2048',
    cpu: '2',
    ports: '25565:31000',
    primary: '0',
    ...overrides,
  };
}

const onlineReady = (sim: SkyportSimulator) =>
  sim.store.listInstances().filter((i) => i.InternalState === 'READY' && !i.suspended && i.Node.status === 'Online');

describe('Skyport provider against the real panel’s behaviour (quirks on)', () => {
  let sim: SkyportSimulator;
  let h: Harness;

  // One clock for the panel (rate-limit window, installs) and for the provider's waits: nothing sleeps.
  let now = Date.now();
  const waited: number[] = [];
  const sleepOnClock = async (ms: number) => {
    waited.push(ms);
    now += ms;
  };

  beforeAll(async () => {
    sim = await startSkyportSimulator({ seed: 'provider', instances: 40, nodes: 4, installMs: 60_000, now: () => now });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.rateLimiter.reset();
    waited.length = 0;
    h = harness(sim, { provider: { nodeCreateTimeoutMs: 500, sleep: sleepOnClock } });
  });
  afterEach(async () => {
    expectNoSecrets(sim, h.logLines);
    await h.provider.close();
  });

  it('is registered and declares exactly the descriptor’s capabilities', () => {
    expect(PROVIDER_FACTORIES.skyport).toBe(createSkyportProvider);
    const p = createSkyportProvider(h.ctx);
    expect(p).toBeInstanceOf(SkyportProvider);
    expect([...p.capabilities]).toEqual(PROVIDERS.skyport.capabilities);
    expect(p.id).toBe('skyport');
  });

  it('test() sums up nodes and instances', async () => {
    expect(await h.provider.test()).toEqual({ summary: '4 nodes, 40 instances' });
  });

  it('lists instances with mapped status, node and address, and raw objects without any credential', async () => {
    const list = await h.provider.listInstances();
    expect(list).toHaveLength(40);
    const byId = new Map(sim.store.listInstances().map((i) => [i.Id, i]));
    const seen = new Set<string>();
    for (const i of list) {
      const raw = byId.get(i.id)!;
      const expected = raw.suspended ? 'suspended' : { READY: 'running', INSTALLING: 'installing', FAILED: 'failed' }[raw.InternalState as string];
      expect(i.status).toBe(expected);
      seen.add(i.status);
      expect(i).toMatchObject({ accountId: 'acc-skyport', provider: 'skyport', name: raw.Name, nodeId: raw.Node.id });
      expect(i.address).toMatch(/^10\.0\.\d+\.\d+:\d+$/);
      expect((i.raw as any).Node.apiKey).toBeUndefined();
      expect((i.raw as any).Id).toBe(raw.Id);
    }
    expect(seen).toContain('running');
    expect(seen).toContain('suspended');
    const withRcon = list.find((i) => ((i.raw as any).Env as string[]).some((e) => e.startsWith('RCON_PASSWORD=')));
    expect(((withRcon!.raw as any).Env as string[]).find((e) => e.startsWith('RCON_PASSWORD='))).toBe('RCON_PASSWORD=***');
    expectNoSecrets(sim, list);
  });

  it('lists nodes: Online/Offline/Unconfigured → online/offline/unconfigured, with cpu, RAM and disk', async () => {
    const nodes = await h.provider.listNodes();
    expect(nodes).toHaveLength(4);
    const raw = new Map(sim.store.listNodes().map((n) => [n!.id, n!]));
    for (const n of nodes) {
      const r = raw.get(n.id)!;
      expect(n.status).toBe({ Online: 'online', Offline: 'offline', Unconfigured: 'unconfigured' }[r.status as string]);
      expect(n.memoryMb).toBe(Number(r.ram));
      expect(n.diskMb).toBe(Number(r.disk));
      expect(n.cpu).toBeGreaterThan(0);
      expect(n.address).toBe(`${r.address}:${r.port}`);
      expect((n.raw as any).apiKey).toBeUndefined();
      expect((n.raw as any).configureKey).toBeUndefined();
    }
    expect(new Set(nodes.map((n) => n.status))).toEqual(new Set(['online', 'offline', 'unconfigured']));
    expect((await h.provider.getNode(nodes[1].id)).id).toBe(nodes[1].id);
    expect((await caught(h.provider.getNode('no-such-node'))).code).toBe('NOT_FOUND');
    expectNoSecrets(sim, nodes);
  });

  it('gets one instance; an unknown id is NOT_FOUND with the panel’s words', async () => {
    const target = sim.store.listInstances()[5];
    const one = await h.provider.getInstance(target.Id);
    expect(one).toMatchObject({ id: target.Id, name: target.Name });
    const e = await caught(h.provider.getInstance('ffffffff'));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain('Instance not found');
  });

  it('deploys (primary "0" allowed): installing at once, running after the panel’s state poll', async () => {
    const res = await h.provider.actInstance('deploy', undefined, deployParams(sim, { name: 'deployed-by-hangar' }));
    expect(res.instance).toMatchObject({ name: 'deployed-by-hangar', status: 'installing', rawStatus: 'INSTALLING' });
    expect(res.instance!.id).toMatch(/^[0-9a-f]{8}$/);
    expect(res.message).toContain(res.instance!.id);
    expect(sim.store.getInstance(res.instance!.id)!.Primary).toBe('0');
    sim.clock.tick(0);
    const after = await h.provider.getInstance(res.instance!.id);
    expect(after.status).toBe('running');
    expect(after.nodeId).toBe(deployParams(sim).nodeId);
  });

  it('checks deploy parameters before calling the panel', async () => {
    const before = sim.server.requestCount;
    const { imagename: _drop, ...noImageName } = deployParams(sim);
    for (const params of [noImageName, deployParams(sim, { memory: 'lots' }), deployParams(sim, { ports: '25565' }), deployParams(sim, { variables: '[1' })]) {
      expect((await caught(h.provider.actInstance('deploy', undefined, params))).code).toBe('VALIDATION');
    }
    expect(sim.server.requestCount).toBe(before);
  });

  it('reports deploy failures readably: unknown node, image pull failure', async () => {
    const bad = await caught(h.provider.actInstance('deploy', undefined, deployParams(sim, { nodeId: 'nope' })));
    expect(bad.code).toBe('NOT_FOUND');
    expect(bad.message).toContain('Invalid node');
    const pull = await caught(h.provider.actInstance('deploy', undefined, deployParams(sim, { image: 'example/nonexistent:1' })));
    expect(pull.code).toBe('SERVER');
    expect(pull.message).toMatch(/Failed to create container: Failed to pull image/);
  });

  it('suspend/unsuspend: the panel answers 500, a re-read confirms the change', async () => {
    const target = onlineReady(sim)[0];
    const s = await h.provider.actInstance('suspend', target.Id, {});
    expect(s.confirmedByReread).toBe(true);
    expect(s.instance?.status).toBe('suspended');
    expect(s.message).toMatch(/500.*suspended/);
    const u = await h.provider.actInstance('unsuspend', target.Id, {});
    expect(u.confirmedByReread).toBe(true);
    expect(u.instance?.status).toBe('running');
  });

  it('suspend of an unknown id is NOT_FOUND, checked against the list before anything is sent', async () => {
    const before = sim.server.requestCount;
    const e = await caught(h.provider.actInstance('suspend', 'ffffffff', {}));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain('not in the panel');
    expect(e.message).not.toMatch(/<|html/i);
    expect(sim.server.requestCount - before).toBe(1);
  });

  it('suspend of a deleted instance is NOT_FOUND: the panel’s surviving per-id record is not written', async () => {
    // The real panel keeps the per-id record of a deleted instance and would write the flag on it (then answer 500).
    const target = onlineReady(sim)[1];
    await h.provider.actInstance('delete', target.Id, {});
    const e = await caught(h.provider.actInstance('suspend', target.Id, {}));
    expect(e.code).toBe('NOT_FOUND');
    expect(sim.store.instanceRecord(target.Id)?.suspended).toBeFalsy();
  });

  it('deletes an instance with a JSON body; an unreachable node daemon is a clear SERVER error', async () => {
    const target = onlineReady(sim)[2];
    const res = await h.provider.actInstance('delete', target.Id, {});
    expect(res.message).toBe(`Deleted instance ${target.Name} (${target.Id})`);
    expect(res).toMatchObject({ deletedId: target.Id, confirmedBy: 'reread' });
    expect(res.removedIds).toBeUndefined();
    expect((await caught(h.provider.getInstance(target.Id))).code).toBe('NOT_FOUND');
    const stuck = sim.store.listInstances().find((i) => i.Node.status === 'Offline')!;
    const e = await caught(h.provider.actInstance('delete', stuck.Id, {}));
    expect(e.code).toBe('SERVER');
    expect(e.message).toMatch(/Failed to delete instance.*could not reach/);
  });

  it('node create: the panel never answers → TIMEOUT saying nothing may have been saved', async () => {
    const before = sim.store.nodeCount;
    const e = await caught(
      h.provider.actNode('create', undefined, { name: 'edge-9', tags: 'eu', ram: '8192', disk: '102400', processor: '4', address: '10.9.9.9', port: '3002' }),
    );
    expect(e.code).toBe('TIMEOUT');
    expect(e.retryable).toBe(false);
    expect(e.message).toMatch(/did not answer/);
    expect(e.message).toMatch(/nothing may have been saved/);
    expect(sim.store.nodeCount).toBe(before);
  });

  it('node delete: deletes a known node; an unknown id is NOT_FOUND without asking the panel to delete', async () => {
    const nodes = await h.provider.listNodes();
    const victim = nodes.find((n) => n.status === 'unconfigured')!;
    const res = await h.provider.actNode('delete', victim.id, {});
    expect(res.message).toContain(victim.name);
    expect(sim.store.listNodes().some((n) => n?.id === victim.id)).toBe(false);
    const count = sim.store.nodeCount;
    const e = await caught(h.provider.actNode('delete', 'never-existed', {}));
    expect(e.code).toBe('NOT_FOUND');
    expect(sim.store.nodeCount).toBe(count);
  });

  it('actions the panel does not have are UNSUPPORTED; ids are required', async () => {
    expect((await caught(h.provider.actInstance('create', undefined, {}))).code).toBe('UNSUPPORTED');
    expect((await caught(h.provider.actInstance('suspend', undefined, {}))).code).toBe('VALIDATION');
    expect((await caught(h.provider.getConfig('x'))).code).toBe('UNSUPPORTED');
  });

  it('a wrong key is AUTH, and the key shows nowhere', async () => {
    const wrong = harness(sim, { secrets: { apiKey: 'skyport_00000000-dead-beef-0000-000000000000' } });
    const e = await caught(wrong.provider.test());
    expect(e.code).toBe('AUTH');
    expect(e.message).toContain('API Key Invalid');
    expect(e.message).not.toContain('dead-beef');
    expect(wrong.logLines.join('\n')).not.toContain('dead-beef');
    const none = harness(sim, { secrets: {} });
    expect((await caught(none.provider.listInstances())).code).toBe('AUTH');
    await wrong.provider.close();
  });

  it('a read-only POST that hits the rate limit waits out Retry-After and retries once', async () => {
    const target = sim.store.listInstances()[0];
    for (let i = 0; i < 6; i++) await fetch(`${sim.baseUrl}/api/getInstance`, { method: 'POST' });
    const before = sim.server.requestCount;
    const one = await h.provider.getInstance(target.Id);
    expect(one.id).toBe(target.Id);
    expect(waited).toEqual([6_000]);
    expect(sim.server.requestCount - before).toBe(2);
    expect(h.logLines.some((l) => l.includes('rate limited'))).toBe(true);
  });

  it('a write POST that hits the rate limit is RATE_LIMITED and not retried', async () => {
    const target = onlineReady(sim)[3];
    for (let i = 0; i < 6; i++) await fetch(`${sim.baseUrl}/api/getInstance`, { method: 'POST' });
    const before = sim.server.requestCount;
    const e = await caught(h.provider.actInstance('suspend', target.Id, {}));
    expect(e.code).toBe('RATE_LIMITED');
    expect(e.message).toContain('Too many requests, please try again later');
    // The list read (a GET, not limited) and the one POST.
    expect(sim.server.requestCount - before).toBe(2);
    expect(sim.store.getInstance(target.Id)!.suspended).toBeFalsy();
  });

  it('HTML answers become readable errors: the 200 "404" page and Express’ 404', async () => {
    const lost = harness(sim, { baseUrl: `${sim.baseUrl}/panel` });
    const page = await caught(lost.provider.listInstances());
    expect(page.code).toBe('BAD_RESPONSE');
    expect(page.message).toContain('HTML page ("Skyport - 404');
    expect(page.message).toContain('Skyport panel');
    const post = await caught(lost.provider.getInstance('abcdef01'));
    expect(post.code).toBe('NOT_FOUND');
    expect(post.message).toContain('Cannot POST /panel/api/getInstance');
    expect(post.message).not.toMatch(/<pre>|<!DOCTYPE/i);
    await lost.provider.close();
  });

  it('malformed JSON is BAD_RESPONSE, never a crash', async () => {
    sim.server.faults.set({ malformedRate: 1 });
    try {
      expect((await caught(h.provider.listNodes())).code).toBe('BAD_RESPONSE');
    } finally {
      sim.server.faults.set({});
    }
  });

  it('keeps node keys it has seen out of any later message (the redactor learns them)', async () => {
    await h.provider.listNodes();
    const key = sim.store.listNodes().find((n) => n?.apiKey)!.apiKey!;
    expect(h.ctx.redactor.redact(`daemon said ${key}`)).not.toContain(key);
  });
});

describe('Skyport provider against a well-behaved panel (quirks off)', () => {
  let sim: SkyportSimulator;
  let h: Harness;

  beforeAll(async () => {
    sim = await startSkyportSimulator({ seed: 'provider-clean', instances: 10, nodes: 2, quirks: false, installMs: 60_000 });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    h = harness(sim);
  });
  afterEach(async () => {
    expectNoSecrets(sim, h.logLines);
    await h.provider.close();
  });

  it('test() on a two-node panel', async () => {
    expect(await h.provider.test()).toEqual({ summary: '2 nodes, 10 instances' });
  });

  it('suspend/unsuspend succeed without a re-read confirmation', async () => {
    const target = onlineReady(sim)[0];
    const s = await h.provider.actInstance('suspend', target.Id, {});
    expect(s.confirmedByReread).toBeUndefined();
    expect(s.instance?.status).toBe('suspended');
    const u = await h.provider.actInstance('unsuspend', target.Id, {});
    expect(u.instance?.status).toBe('running');
  });

  it('node create returns an unconfigured node without its configure key, and the key is redacted from then on', async () => {
    const res = await h.provider.actNode('create', undefined, {
      name: 'edge-1',
      tags: 'eu',
      ram: '16 GB',
      disk: '512000',
      processor: 'Intel Xeon (12 cores)',
      address: '10.2.0.9',
      port: '3002',
    });
    expect(res.node).toMatchObject({ name: 'edge-1', status: 'unconfigured', memoryMb: 16384, diskMb: 512000, cpu: 12, address: '10.2.0.9:3002' });
    expect((res.node!.raw as any).configureKey).toBeUndefined();
    const configureKey = sim.store.listNodes().find((n) => n?.id === res.node!.id)!.configureKey!;
    expect(h.ctx.redactor.redact(configureKey)).not.toContain(configureKey);
    expect((await h.provider.listNodes()).find((n) => n.id === res.node!.id)?.status).toBe('unconfigured');
    expectNoSecrets(sim, res);
  });

  it('deploy → delete round trip', async () => {
    const d = await h.provider.actInstance('deploy', undefined, deployParams(sim, { name: 'round-trip', primary: '31000' }));
    sim.clock.tick(0);
    expect((await h.provider.getInstance(d.instance!.id)).status).toBe('running');
    await h.provider.actInstance('delete', d.instance!.id, {});
    expect((await caught(h.provider.getInstance(d.instance!.id))).code).toBe('NOT_FOUND');
    expect((await caught(h.provider.actInstance('delete', d.instance!.id, {}))).code).toBe('NOT_FOUND');
  });
});

describe('readSkyportError', () => {
  const res = (status: number, contentType: string, text: string) => {
    let body: unknown = text;
    if (contentType.includes('json')) body = JSON.parse(text);
    return { status, contentType, text, body, headers: new Headers(), url: 'http://x/api' };
  };

  it('reads {error, details}, plain sentences labelled HTML, and HTML pages', () => {
    expect(readSkyportError(res(500, 'application/json', '{"error":"Failed to create container","details":{"message":"pull failed"}}'))).toEqual({
      message: 'Failed to create container: pull failed',
    });
    expect(readSkyportError(res(500, 'text/html; charset=utf-8', 'An error occurred while suspending the instance'))).toEqual({
      message: 'An error occurred while suspending the instance',
    });
    expect(readSkyportError(res(404, 'text/html', '<!DOCTYPE html><html><head><title>Error</title></head><body><pre>Cannot DELETE /api/x</pre></body></html>'))).toEqual({
      message: 'Cannot DELETE /api/x',
    });
    expect(readSkyportError(res(429, 'text/html', 'Too many requests, please try again later'))).toMatchObject({ code: 'RATE_LIMITED' });
    expect(readSkyportError(res(401, 'application/json', '{"error":"API key is required"}'))).toMatchObject({ code: 'AUTH' });
  });

  it('never throws on odd bodies', () => {
    for (const r of [
      res(500, '', ''),
      res(500, 'application/json', '[1,2]'),
      res(500, 'application/json', 'null'),
      res(502, 'text/html', '<html><body><script>x()</script></body></html>'),
      res(500, 'application/json', '{"error":{"nested":true}}'),
    ]) {
      expect(() => readSkyportError(r)).not.toThrow();
    }
  });
});
