import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HangarError } from '../../../shared/errors';
import { PROVIDERS } from '../../../shared/providers';
import { HttpClient } from '../../../electron/main/core/http/client';
import { createZestyProvider, ZestyProvider } from '../../../electron/main/core/providers/zesty';
import { startZestySimulator, type ZestySimulator } from '../../../electron/simulators/zesty';
import { caught, providerContext, type ProviderContextOverrides } from '../../support/provider-context';

const EMAIL = 'ops@hangar.test';
const PASSWORD = 'violet-harbor-7731';
const ACCESS = 'zesty-access-token-for-provider-tests';

interface Harness {
  provider: ZestyProvider;
  lines: string[];
  clients: HttpClient[];
}

const harnesses: Harness[] = [];
/** Every error a test saw, to check at the end that no secret leaked into one. */
const seenErrors: string[] = [];

function build(sim: ZestySimulator, opts: ProviderContextOverrides = {}): Harness {
  const { ctx, lines } = providerContext('zesty', sim.account, { id: 'acc-zesty', http: { backoffMs: 5 }, ...opts });
  const clients: HttpClient[] = [];
  const http = ctx.http;
  ctx.http = (o) => {
    const c = http(o);
    clients.push(c);
    return c;
  };
  const provider = createZestyProvider(ctx) as ZestyProvider;
  const h = { provider, lines, clients };
  harnesses.push(h);
  return h;
}

async function failure(p: Promise<unknown>): Promise<HangarError> {
  const e = await caught(p);
  seenErrors.push(e.message);
  return e;
}

async function admin(sim: ZestySimulator, path: string, body?: unknown) {
  await fetch(`${sim.baseUrl}/__sim${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
}

async function failLogins(sim: ZestySimulator, times: number) {
  for (let i = 0; i < times; i++) {
    const fd = new FormData();
    fd.append('email', EMAIL);
    fd.append('password', `wrong-${i}`);
    await fetch(`${sim.account.fields.authUrl}/login`, { method: 'POST', body: fd });
  }
}

let sim: ZestySimulator;

beforeAll(async () => {
  sim = await startZestySimulator({ seed: 'provider', instances: 12, email: EMAIL, password: PASSWORD, accessToken: ACCESS, clock: { intervalMs: 0 } });
});
afterEach(async () => {
  for (const h of harnesses.splice(0)) await Promise.all(h.clients.map((c) => c.close()));
});
afterAll(async () => {
  await sim.close();
});

describe('Zesty provider: login', () => {
  it('declares exactly the capabilities of the zesty descriptor', () => {
    expect([...build(sim).provider.capabilities]).toEqual(PROVIDERS.zesty.capabilities);
  });

  it('signs in with email and password and lists every instance, mapped', async () => {
    const { provider } = build(sim);
    const list = await provider.listInstances();
    const fleet = sim.fleet.all();
    expect(list).toHaveLength(fleet.length);
    for (const [i, inst] of list.entries()) {
      const raw = fleet[i];
      expect(inst).toMatchObject({ accountId: 'acc-zesty', provider: 'zesty', id: raw.ZUID, name: raw.name, raw });
      expect(inst.address).toBe(raw.domain ?? undefined);
      expect(inst.status).toBe(raw.cancelledAt ? 'suspended' : 'running');
      expect(inst.rawStatus).toBe(raw.cancelledAt ? `cancelled: ${raw.cancelledReason}` : 'active');
    }
    expect(list.some((i) => i.status === 'suspended') || list.every((i) => i.status === 'running')).toBe(true);
    expect(provider.session?.loginCount).toBe(1);
  });

  it('summarises a test as "N instances"', async () => {
    expect(await build(sim).provider.test()).toEqual({ summary: `${sim.fleet.all().length} instances` });
  });

  it('shares one sign-in between concurrent calls', async () => {
    const { provider } = build(sim);
    await Promise.all([1, 2, 3, 4, 5].map(() => provider.listInstances()));
    expect(provider.session?.loginCount).toBe(1);
  });

  it('gets one instance, follows the clock, and reports an unknown ZUID as NOT_FOUND', async () => {
    const { provider } = build(sim);
    const target = sim.fleet.all()[3];
    const before = await provider.getInstance(target.ZUID);
    expect(before.id).toBe(target.ZUID);
    // Tick until this instance flips (the clock picks instances at random, deterministically).
    for (let i = 0; i < 200 && (target.cancelledAt !== null) === (before.status === 'suspended'); i++) await admin(sim, '/tick', { changes: 1 });
    const after = await provider.getInstance(target.ZUID);
    expect(after.status).not.toBe(before.status);
    const e = await failure(provider.getInstance('8-0000-00000'));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain('No Results Found for ZUID: 8-0000-00000');
  });

  it('signs in again, once and transparently, when the session expired', async () => {
    const { provider } = build(sim);
    await provider.listInstances();
    await admin(sim, '/sessions/expire');
    expect((await provider.listInstances()).length).toBe(sim.fleet.all().length);
    expect(provider.session?.loginCount).toBe(2);
    // Parallel calls that all hit the expired session share one new sign-in.
    await admin(sim, '/sessions/expire');
    await Promise.all([1, 2, 3, 4, 5, 6].map(() => provider.listInstances()));
    expect(provider.session?.loginCount).toBe(3);
  });

  it('renews a session that expired after inactivity', async () => {
    let now = Date.now();
    const s = await startZestySimulator({ seed: 'ttl', instances: 2, email: EMAIL, password: PASSWORD, sessionTtlMs: 500, clock: { intervalMs: 0 }, now: () => now });
    try {
      const { provider } = build(s);
      await provider.listInstances();
      now += 499;
      await provider.listInstances();
      expect(provider.session?.loginCount).toBe(1);
      now += 500;
      expect(await provider.listInstances()).toHaveLength(2);
      expect(provider.session?.loginCount).toBe(2);
    } finally {
      await s.close();
    }
  });

  it('reports a wrong password as AUTH once and does not try it again (no lockout by Hangar)', async () => {
    const s = await startZestySimulator({ seed: 'wrong', instances: 2, email: EMAIL, password: PASSWORD, clock: { intervalMs: 0 } });
    try {
      const { provider } = build(s, { secrets: { password: 'not-the-password' } });
      const e = await failure(provider.listInstances());
      expect(e.code).toBe('AUTH');
      expect(e.message).toMatch(/email or password/);
      for (let i = 0; i < 6; i++) expect((await failure(provider.test())).code).toBe('AUTH');
      expect(provider.session?.loginCount).toBe(1);
      const state = (await (await fetch(`${s.baseUrl}/__sim/state`)).json()) as { locked: boolean };
      expect(state.locked).toBe(false);
      expect(await build(s).provider.test()).toEqual({ summary: '2 instances' });
    } finally {
      await s.close();
    }
  });

  it('reports a locked account as FORBIDDEN with a clear message', async () => {
    const s = await startZestySimulator({ seed: 'locked', instances: 2, email: EMAIL, password: PASSWORD, clock: { intervalMs: 0 } });
    try {
      await failLogins(s, 5);
      const e = await failure(build(s).provider.listInstances());
      expect(e.code).toBe('FORBIDDEN');
      expect(e.message).toMatch(/locked/);
      expect(e.message).toMatch(/Reset the password/);
    } finally {
      await s.close();
    }
  });

  it('creates an instance from a name', async () => {
    const { provider } = build(sim);
    const result = await provider.actInstance('create', undefined, { name: 'Launch site' });
    expect(result.instance).toMatchObject({ name: 'Launch site', status: 'running', provider: 'zesty' });
    expect(result.instance!.id).toMatch(/^8-/);
    expect(result.message).toContain('Launch site');
    expect((await provider.listInstances()).map((i) => i.id)).toContain(result.instance!.id);
    expect((await failure(provider.actInstance('create', undefined, {}))).code).toBe('VALIDATION');
    expect((await failure(provider.actInstance('create', undefined, { name: 'x'.repeat(101) }))).code).toBe('VALIDATION');
    expect((await failure(provider.actInstance('delete', result.instance!.id, {}))).code).toBe('UNSUPPORTED');
  });
});

describe('Zesty provider: access token', () => {
  it('lists, gets and creates with an access token', async () => {
    const { provider } = build(sim, { authMethod: 'token', fields: { authUrl: sim.account.fields.authUrl, instancesUrl: sim.account.fields.instancesUrl }, secrets: { token: ACCESS } });
    const list = await provider.listInstances();
    expect(list.length).toBeGreaterThan(0);
    expect((await provider.getInstance(list[0].id)).name).toBe(list[0].name);
    expect(provider.session).toBeUndefined();
    expect((await provider.actInstance('create', undefined, { name: 'Token site' })).instance?.name).toBe('Token site');
  });

  it('explains a refused access token as AUTH', async () => {
    const { provider } = build(sim, { authMethod: 'token', fields: {}, secrets: { token: 'revoked-token-value' }, baseUrl: sim.account.baseUrl });
    const e = await failure(provider.listInstances());
    expect(e.code).toBe('AUTH');
    expect(e.message).toMatch(/access token/);
  });
});

describe('Zesty provider: errors and configuration', () => {
  it('turns a plain-text 5xx into a readable SERVER error', async () => {
    const s = await startZestySimulator({ seed: 'down', instances: 2, email: EMAIL, password: PASSWORD, clock: { intervalMs: 0 } });
    try {
      const { provider } = build(s);
      await provider.listInstances();
      s.server.faults.set({ errorRate: 1, errorStatus: 500 });
      const e = await failure(provider.listInstances());
      expect(e.code).toBe('SERVER');
      expect(e.message).toMatch(/server error/);
      expect(e.message).toContain('Internal Server Error');
    } finally {
      await s.close();
    }
  });

  it('refuses a configuration it cannot use, before any call', () => {
    expect(() => build(sim, { fields: { ...sim.account.fields, instancesUrl: 'http://127.0.0.1:1/instances/v1' } })).toThrow(/\{zuid\}/);
    expect(() => build(sim, { fields: { ...sim.account.fields, authUrl: 'ftp://example.com' } })).toThrow(HangarError);
    expect(() => build(sim, { authMethod: 'basic' })).toThrow(/login.*token/);
  });

  it('falls back to the real Zesty hosts when the settings are empty', () => {
    expect(() => build(sim, { fields: { email: EMAIL } })).not.toThrow();
  });

  it('finds a wrong Instances API address at test time', async () => {
    const { provider } = build(sim, { fields: { ...sim.account.fields, instancesUrl: `${sim.baseUrl}/nowhere/{zuid}/v1` } });
    const e = await failure(provider.test());
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toMatch(/Instances API/);
  });

  it('never puts the password, the access token or a session token in an error or a log line', async () => {
    const { provider, lines } = build(sim);
    await provider.listInstances();
    await admin(sim, '/sessions/expire');
    await provider.listInstances();
    seenErrors.push((await failure(provider.getInstance('8-0000-00000'))).message);
    const all = [...seenErrors, ...harnesses.flatMap((h) => h.lines), ...lines].join('\n');
    expect(seenErrors.length).toBeGreaterThan(5);
    for (const secret of [PASSWORD, 'not-the-password', ACCESS, 'revoked-token-value']) expect(all).not.toContain(secret);
    expect(all).not.toMatch(/[0-9a-f]{40}/);
  });
});
