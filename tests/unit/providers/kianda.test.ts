import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HangarError } from '../../../shared/errors';
import { createKiandaProvider, KiandaProvider } from '../../../electron/main/core/providers/kianda';
import { addWatched, parseWatch } from '../../../electron/main/core/providers/kianda/watch';
import { startKiandaSimulator } from '../../../electron/simulators/kianda';
import type { RunningSimulator } from '../../../electron/simulators/kit/types';
import { caught, providerContext, type ProviderContextOverrides } from '../../support/provider-context';

const USER = 'admin@kianda.test';
const PASS = 'kianda-password-under-test';
const SUB = 'b7c1a7f0-sub';

let sim: RunningSimulator;
const open: KiandaProvider[] = [];
function provider(overrides: ProviderContextOverrides = {}, on: RunningSimulator = sim) {
  // Fields given here are added to the simulator's, not put in their place.
  const fields = { ...on.account.fields, ...overrides.fields };
  const made = providerContext('kianda', on.account, { http: { retries: 0 }, ...overrides, fields });
  const p = createKiandaProvider(made.ctx) as KiandaProvider;
  open.push(p);
  return { p, lines: made.lines };
}
const tokensIssued = async (s: RunningSimulator = sim) => ((await (await fetch(`${s.baseUrl}/__sim/state`)).json()) as any).tokensIssued as number;

beforeAll(async () => {
  sim = await startKiandaSimulator({ seed: 'provider', instances: 30, username: USER, password: PASS, subscriptionId: SUB });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close()));
});
afterAll(() => sim.close());

describe('Kianda provider: sign-in', () => {
  it('signs in with the password grant and summarises the account', async () => {
    const { p } = provider();
    const { summary } = await p.test();
    expect(summary).toBe(`Signed in as ${USER} (subscription ${SUB}); 30 watched instances`);
    expect(p.signInCount).toBe(1);
  });

  it('answers AUTH for a wrong password or subscription, with no secret in errors or logs', async () => {
    const wrong = 'wrong-password-123456';
    const bad = provider({ secrets: { password: wrong } });
    const err = await caught(bad.p.listInstances());
    expect(err.code).toBe('AUTH');
    expect(err.message).toMatch(/user name or password is incorrect/);
    for (const text of [err.message, JSON.stringify(err.toInfo()), ...bad.lines]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(encodeURIComponent(wrong));
    }
    const badSub = provider({ fields: { subscriptionId: 'not-mine' } });
    expect((await caught(badSub.p.test())).code).toBe('AUTH');
    const missing = provider({ secrets: {} });
    expect((await caught(missing.p.test())).code).toBe('AUTH');
  });

  it('keeps tokens out of the logs', async () => {
    const { p, lines } = provider();
    await p.getInstance('new-employee-1');
    expect(Object.keys(await p.signIn()).sort()).toEqual(['subscriptionId', 'userName']);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) {
      expect(l).not.toContain(PASS);
      expect(l).not.toMatch(/Bearer\s+[A-Za-z0-9_-]{8,}/);
    }
  });

  it('caches the token and shares one sign-in between concurrent calls', async () => {
    const before = await tokensIssued();
    const { p } = provider();
    await Promise.all(['new-employee-1', 'expense-claim-1', 'leave-request-1', 'purchase-order-1'].map((n) => p.getInstance(n)));
    await p.listInstances();
    expect(await tokensIssued()).toBe(before + 1);
    expect(p.signInCount).toBe(1);
  });

  it('renews the token ~30 s before it expires, without waiting for a 401', async () => {
    let now = Date.now();
    const { p } = provider({ now: () => now });
    await p.getInstance('new-employee-1');
    now += 268_000; // token of 299 s: still more than 30 s left
    await p.getInstance('new-employee-1');
    expect(p.signInCount).toBe(1);
    now += 2_000; // 29 s left: renew first
    const issued = await tokensIssued();
    await p.getInstance('new-employee-1');
    expect(p.signInCount).toBe(2);
    expect(await tokensIssued()).toBe(issued + 1);
  });

  it('renews a short-lived token before the server expires it (one clock drives both)', async () => {
    let now = Date.now();
    const short = await startKiandaSimulator({ seed: 'short', instances: 6, tokenTtlSec: 2, now: () => now });
    try {
      const { p } = provider({ now: () => now }, short);
      await p.listInstances();
      now += 999; // just under half of the lifetime: the token is kept
      await p.listInstances();
      expect(p.signInCount).toBe(1);
      now += 102; // past half of the lifetime, before the expiry: renewed first
      await p.listInstances();
      expect(p.signInCount).toBe(2);
      const issued = await tokensIssued(short);
      now += 2_100; // past the expiry of the second token: the server would refuse it, the provider renews before
      expect(await p.listInstances()).toHaveLength(6);
      expect(p.signInCount).toBe(3);
      expect(await tokensIssued(short)).toBe(issued + 1);
    } finally {
      await short.close();
    }
  });

  it('signs in again once on a 401 (a revoked token) and retries', async () => {
    let now = Date.now();
    const { p } = provider({ now: () => now });
    await p.getInstance('new-employee-1');
    await fetch(`${sim.baseUrl}/__sim/revoke`, { method: 'POST' });
    now += 5_000;
    expect((await p.getInstance('new-employee-1')).id).toBe('new-employee-1');
    expect(p.signInCount).toBe(2);
  });
});

describe('Kianda provider: instances', () => {
  it('lists the watched instances (ranges expanded) and maps status and version', async () => {
    const { p } = provider();
    const list = await p.listInstances();
    expect(list).toHaveLength(30);
    const one = list.find((i) => i.id === 'training-approval-request-1')!;
    expect(one).toMatchObject({ accountId: 'acct-kianda', provider: 'kianda', name: 'training-approval-request-1', labels: { process: 'training-approval-request' } });
    expect(one.version).toMatch(/^\d+$/);
    const expected: Record<string, string> = { draft: 'installing', 'in-progress': 'running', completed: 'stopped', cancelled: 'suspended' };
    for (const i of list) expect(i.status).toBe(expected[i.rawStatus!]);
  });

  it('leaves out watched names the server does not know', async () => {
    const { p } = provider({ fields: { watch: 'new-employee-1, ghost-instance, new-employee-{2..3}' } });
    expect((await p.listInstances()).map((i) => i.id)).toEqual(['new-employee-1', 'new-employee-2', 'new-employee-3']);
    expect((await caught(p.getInstance('ghost-instance'))).code).toBe('NOT_FOUND');
  });

  it('creates an instance, follows it, and returns the watch list to save', async () => {
    const { p } = provider({ fields: { watch: 'new-employee-1' } });
    const res = await p.actInstance('create', undefined, {
      processName: 'new-employee',
      instanceID: 'onboarding-anna',
      fields: JSON.stringify({ reason: 'New employee', start: '2027-01-04' }),
    });
    expect(res.instance).toMatchObject({ id: 'onboarding-anna', status: 'installing', rawStatus: 'draft', version: '1' });
    expect((res.raw as any).watch).toBe('new-employee-1,onboarding-anna');
    expect((await p.listInstances()).map((i) => i.id)).toEqual(['new-employee-1', 'onboarding-anna']);
    const got = await p.getInstance('onboarding-anna');
    expect((got.raw as any).fields).toEqual(
      expect.arrayContaining([{ fieldname: 'start', text: '2027-01-04', value: '2027-01-04' }]),
    );
    expect((await caught(p.actInstance('create', undefined, { processName: 'new-employee', instanceID: 'onboarding-anna' }))).code).toBe('CONFLICT');
    expect((await caught(p.actInstance('create', undefined, { processName: 'no-such-process' }))).code).toBe('VALIDATION');
    expect((await caught(p.actInstance('create', undefined, { instanceID: 'x' }))).code).toBe('VALIDATION');
  });

  it('updates with the version it read, and answers CONFLICT for a stale one', async () => {
    const { p } = provider();
    const before = await p.getInstance('expense-claim-2');
    const res = await p.actInstance('update', 'expense-claim-2', { fields: '{"amount": 250}', version: before.version! });
    expect(res.instance!.version).toBe(String(Number(before.version) + 1));
    const fields = (res.instance!.raw as any).fields as any[];
    expect(fields.find((f) => f.fieldname === 'amount')).toEqual({ fieldname: 'amount', text: '250', value: 250 });
    expect(fields.length).toBe(((before.raw as any).fields as any[]).length + (((before.raw as any).fields as any[]).some((f) => f.fieldname === 'amount') ? 0 : 1));

    const stale = await caught(p.actInstance('update', 'expense-claim-2', { fields: '{"amount": 1}', version: before.version! }));
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/current version is/);

    // Without a version it uses the one it reads, so a clock move in between does not conflict.
    sim.clock.tick(40);
    const status = await p.actInstance('update', 'expense-claim-2', { status: 'cancelled' });
    expect(status.instance).toMatchObject({ status: 'suspended', rawStatus: 'cancelled' });
  });

  it('validates update parameters and names the missing instance', async () => {
    const { p } = provider();
    expect((await caught(p.actInstance('update', 'expense-claim-2', {}))).code).toBe('VALIDATION');
    expect((await caught(p.actInstance('update', 'expense-claim-2', { fields: 'not json' }))).code).toBe('VALIDATION');
    expect((await caught(p.actInstance('update', 'expense-claim-2', { fields: '[1]' }))).code).toBe('VALIDATION');
    expect((await caught(p.actInstance('update', 'expense-claim-2', { status: 'archived' }))).code).toBe('VALIDATION');
    expect((await caught(p.actInstance('update', 'expense-claim-2', { status: 'draft', version: 'x' }))).code).toBe('VALIDATION');
    expect((await caught(p.actInstance('update', undefined, { status: 'draft' }))).code).toBe('VALIDATION');
    expect((await caught(p.actInstance('update', 'nobody-9', { status: 'draft' }))).code).toBe('NOT_FOUND');
    expect((await caught(p.actInstance('delete', 'expense-claim-2', {}))).code).toBe('UNSUPPORTED');
  });
});

describe('Kianda watch list', () => {
  it('expands ranges, trims, de-duplicates and accepts new lines', () => {
    expect(parseWatch(' a-{1..3}, b ,\n a-2,,c-{7..7}x ')).toEqual(['a-1', 'a-2', 'a-3', 'b', 'c-7x']);
    expect(parseWatch(undefined)).toEqual([]);
  });

  it('refuses a reversed range and a list that is too long', () => {
    expect(() => parseWatch('a-{5..1}')).toThrow(/counts down/);
    expect(() => parseWatch('a-{1..60000}')).toThrow(HangarError);
  });

  it('adds a name, extending a range it continues', () => {
    expect(addWatched('x-{1..9},y', 'x-10')).toBe('x-{1..10},y');
    expect(addWatched('x-{1..9}', 'x-5')).toBe('x-{1..9}');
    expect(addWatched('', 'solo')).toBe('solo');
    expect(addWatched('a', 'x-3')).toBe('a,x-3');
  });
});
