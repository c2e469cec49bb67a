import { afterEach, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../../electron/main/core/cache/db';
import type { Database } from '../../../electron/main/core/cache/sqlite';
import { SnapshotStore } from '../../../electron/main/core/cache/snapshot-store';
import { SyncStateStore } from '../../../electron/main/core/cache/sync-state-store';
import type { PageSink } from '../../../electron/main/core/providers/paging';
import { CpuAttribution, estimateFromFirstRead, FIRST_READ_OWN_SHARE, planIntervals, RefreshBudget } from '../../../electron/main/core/sync/budget';
import { SyncEngine, type SyncAccount, type SyncProvider } from '../../../electron/main/core/sync/engine';
import { Emitter } from '../../../electron/main/core/util/emitter';
import type { HangarEvent } from '../../../shared/events';
import type { Capability, Instance, NodeInfo } from '../../../shared/model';
import { insertAccount, instance, openTemp, quietLog } from '../cache/support/fleet';
import { ManualTimer } from './support/manual-timer';

const START = Date.parse('2026-03-01T10:00:00Z');

describe('planIntervals', () => {
  it('keeps cheap accounts at their interval and stretches expensive ones to fit the budget', () => {
    const plan = planIntervals(
      [
        { id: 'cheap', baseMs: 60_000, costMs: 12 },
        { id: 'perInstance', baseMs: 60_000, costMs: 7_000 },
        { id: 'unmeasured', baseMs: 30_000, costMs: undefined },
      ],
      0.02,
    );
    expect(plan.get('cheap')).toBe(60_000);
    expect(plan.get('unmeasured')).toBe(30_000);
    const long = plan.get('perInstance')!;
    expect(7_000 / long + 12 / 60_000).toBeLessThanOrEqual(0.02 + 1e-9);
    expect(long).toBeGreaterThan(340_000);
  });

  it('holds a full share for an account whose cost is not known yet (its first read still running)', () => {
    const items = [
      { id: 'done', baseMs: 60_000, costMs: 1_500 },
      { id: 'reading', baseMs: 60_000, costMs: undefined },
    ];
    const plan = planIntervals(items, 0.02);
    // Alone, 1.5 s at 2 % would be every 75 s; with the other account's share held back, every 150 s.
    expect(plan.get('done')).toBe(150_000);
    expect(plan.get('reading')).toBe(60_000);
    expect(planIntervals([items[0]!], 0.02).get('done')).toBe(75_000);
  });

  it('stays under the budget whatever the number and cost of accounts', () => {
    for (const n of [1, 10, 200]) {
      const items = Array.from({ length: n }, (_, i) => ({ id: `a${i}`, baseMs: 60_000, costMs: (i % 7) * 400 + 5 }));
      const plan = planIntervals(items, 0.02);
      const used = items.reduce((sum, it) => sum + it.costMs / plan.get(it.id)!, 0);
      expect(used).toBeLessThanOrEqual(0.02 + 1e-9);
      for (const it of items) expect(plan.get(it.id)!).toBeGreaterThanOrEqual(60_000);
    }
  });
});

/** A provider whose every refresh "costs" the CPU the test says, on a fake CPU clock. */
class CostlyProvider implements SyncProvider {
  capabilities: Capability[] = ['instances.list'];
  constructor(
    private readonly accountId: string,
    private readonly cpu: { ms: number },
    public cost: number,
  ) {}
  calls = 0;
  async eachInstancePage(onPage: PageSink<Instance>) {
    this.calls++;
    this.cpu.ms += this.cost;
    onPage([instance(this.accountId, '1')]);
  }
  async eachNodePage(_onPage: PageSink<NodeInfo>) {}
}

describe('CpuAttribution', () => {
  it('shares CPU among overlapping syncs instead of charging each for all', () => {
    let cpu = 0;
    const a = new CpuAttribution(() => cpu);
    a.start('x');
    cpu += 100; // x alone
    a.start('y');
    cpu += 200; // x and y
    expect(a.end('x')).toEqual({ ownMs: 0, sharedMs: 200 });
    cpu += 50; // y alone
    expect(a.end('y')).toEqual({ ownMs: 0, sharedMs: 150 });
  });

  it("charges a sync's own synchronous sections to it alone, and shares only the rest", () => {
    let cpu = 0;
    const a = new CpuAttribution(() => cpu);
    a.start('download');
    a.start('writer');
    cpu += 100; // network and parsing: both
    // The writer's page goes into the cache: 3 s nobody else's work runs in.
    expect(a.section('writer', () => ((cpu += 3_000), 'staged'))).toBe('staged');
    cpu += 40;
    expect(a.end('writer')).toEqual({ ownMs: 3_000, sharedMs: 70 });
    cpu += 10;
    expect(a.end('download')).toEqual({ ownMs: 0, sharedMs: 80 });
  });

  it('lets other background work (a metrics round, the index fold) take its share while it runs', async () => {
    let cpu = 0;
    const a = new CpuAttribution(() => cpu);
    a.start('sync');
    let finish!: () => void;
    const round = a.track('metrics', new Promise<void>((r) => (finish = r)));
    cpu += 300; // the sync and the round
    finish();
    await round;
    cpu += 50; // the sync alone
    expect(a.end('sync')).toEqual({ ownMs: 0, sharedMs: 200 });
  });

  it('keeps the section charged when it throws', () => {
    let cpu = 0;
    const a = new CpuAttribution(() => cpu);
    a.start('x');
    expect(() =>
      a.section('x', () => {
        cpu += 25;
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(a.end('x')).toEqual({ ownMs: 25, sharedMs: 0 });
  });
});

describe('RefreshBudget', () => {
  it('plans from an estimate until the first measured refresh replaces it (not averaged with it)', () => {
    const budget = new RefreshBudget({ percent: () => 2 });
    const accounts = new Map([['a', 60_000]]);
    budget.estimate('a', estimateFromFirstRead({ ownMs: 8_000, sharedMs: 2_000 }));
    expect(budget.cost('a')).toBe(2_000 + 8_000 * FIRST_READ_OWN_SHARE);
    expect(budget.isEstimate('a')).toBe(true);
    expect(budget.intervalMs('a', accounts)).toBe(200_000);
    budget.record('a', 1_200);
    expect(budget.cost('a')).toBe(1_200);
    expect(budget.isEstimate('a')).toBe(false);
    expect(budget.intervalMs('a', accounts)).toBe(60_000);
    // A later estimate (a second first read, say) does not override what was measured.
    budget.estimate('a', 50_000);
    expect(budget.cost('a')).toBe(1_200);
    budget.record('a', 2_000);
    expect(budget.cost('a')).toBe(1_600);
  });
});

describe('SyncEngine on a CPU budget', () => {
  let opened: OpenedDatabase | undefined;
  let engine: SyncEngine | undefined;
  afterEach(async () => {
    await engine?.stop();
    opened?.close();
  });

  it('spreads an expensive account so background refresh stays under 2 % of a core; explicit refresh runs at once', async () => {
    opened = openTemp();
    const accounts: SyncAccount[] = [
      { id: 'nim', name: 'NIM', provider: 'nim', environment: 'prod', pollIntervalSec: 60 },
      { id: 'ep', name: 'EP', provider: 'everypoint', environment: 'prod', pollIntervalSec: 60 },
    ];
    for (const a of accounts) insertAccount(opened.db, a);
    const cpu = { ms: 0 };
    const providers = { nim: new CostlyProvider('nim', cpu, 15), ep: new CostlyProvider('ep', cpu, 6_000) };
    const timer = new ManualTimer(START);
    engine = budgetedEngine(opened.db, { accounts, getProvider: (id) => providers[id as 'nim' | 'ep'], timer, cpu });
    await engine.start();
    await engine.idle();
    const hour = 3_600_000;
    const cpuBefore = cpu.ms;
    await timer.advance(hour, () => engine!.idle());
    const used = (cpu.ms - cpuBefore) / hour;
    expect(used).toBeLessThanOrEqual(0.02 * 1.1);
    // The cheap account keeps its minute; the expensive one is spread out.
    expect(providers.nim.calls).toBeGreaterThanOrEqual(55);
    expect(providers.ep.calls).toBeLessThan(15);
    const status = await engine.status();
    const ep = status.find((s) => s.accountId === 'ep')!;
    const nim = status.find((s) => s.accountId === 'nim')!;
    expect(nim.effectiveIntervalSec).toBe(60);
    expect(ep.effectiveIntervalSec).toBeGreaterThan(290);
    expect(ep.refreshCpuMs).toBe(6_000);
    expect(ep.state).toBe('ok');
    // The user's Refresh still refreshes everything now.
    const before = providers.ep.calls;
    await engine.refresh();
    expect(providers.ep.calls).toBe(before + 1);
  });

  it('a budget changed while it waits (monitor.settingsChanged) re-plans the waiting accounts at once', async () => {
    opened = openTemp();
    const accounts: SyncAccount[] = [{ id: 'ep', name: 'EP', provider: 'everypoint', environment: 'prod', pollIntervalSec: 60 }];
    for (const a of accounts) insertAccount(opened.db, a);
    const cpu = { ms: 0 };
    const provider = new CostlyProvider('ep', cpu, 6_000);
    const timer = new ManualTimer(START);
    const events = new Emitter<HangarEvent>();
    let percent = 2;
    engine = budgetedEngine(opened.db, { accounts, getProvider: () => provider, timer, cpu, events, percent: () => percent });
    await engine.start();
    await timer.advance(0, () => engine!.idle());
    // 6 s of CPU per refresh at 2 %: every 300 s (the first read's estimate already says so).
    expect(timer.armed()).toEqual([300_000]);
    await timer.advance(300_000, () => engine!.idle());
    expect(timer.armed()).toEqual([300_000]);
    await timer.advance(100_000, () => engine!.idle());
    percent = 10;
    events.emit({ type: 'monitor.settingsChanged', settings: {} as never });
    // 60 s (its own interval) since the last refresh, which was 100 s ago: due now.
    expect(timer.armed()).toEqual([0]);
    percent = 1;
    events.emit({ type: 'monitor.settingsChanged', settings: {} as never });
    expect(timer.armed()).toEqual([500_000]);
  });

  it("plans the first refresh from the first read's estimate (its writes mostly not repeated), then from measured refreshes, kept for the next start", async () => {
    opened = openTemp();
    const accounts: SyncAccount[] = [{ id: 'sky', name: 'Sky', provider: 'skyport', environment: 'prod', pollIntervalSec: 60 }];
    for (const a of accounts) insertAccount(opened.db, a);
    const cpu = { ms: 0 };
    // The network and parsing (shared with whatever else runs), and the cache writes (the sync's own sections).
    const provider = new CostlyProvider('sky', cpu, 2_000);
    const writes = { ms: 8_000 };
    const snapshots = costlyWrites(new SnapshotStore(opened.db), cpu, writes);
    const timer = new ManualTimer(START);
    const options = { accounts, getProvider: () => provider, timer, cpu, snapshots };
    engine = budgetedEngine(opened.db, options);
    await engine.start();
    await timer.advance(0, () => engine!.idle());
    // First read: 2 s shared + 8 s of writes → estimated 2 + 8/4 = 4 s a refresh → at 2 %, every 200 s (not 500 s, not 60 s).
    expect(timer.armed()).toEqual([200_000]);
    expect((await engine.status())[0]).toMatchObject({ refreshCpuMs: 4_000, refreshCpuEstimated: true, effectiveIntervalSec: 200 });
    provider.cost = 1_000;
    writes.ms = 200;
    await timer.advance(200_000, () => engine!.idle());
    // The refresh measured 1.2 s: it replaces the estimate → 60 s at 2 %.
    expect(timer.armed()).toEqual([60_000]);
    const status = (await engine.status())[0]!;
    expect(status.refreshCpuMs).toBe(1_200);
    expect(status.refreshCpuEstimated).toBeUndefined();
    provider.cost = 2_800;
    await timer.advance(60_000, () => engine!.idle());
    // (1.2 + 3.0) / 2 = 2.1 s at 2 % → 105 s.
    expect(timer.armed()).toEqual([105_000]);
    expect(new SyncStateStore(opened.db).get('sky')?.refreshCpuMs).toBe(2_100);

    // A restart plans from the cost kept in sync_state before measuring anything.
    await engine.stop();
    engine = budgetedEngine(opened.db, options);
    expect((await engine.status())[0]).toMatchObject({ refreshCpuMs: 2_100, effectiveIntervalSec: 105 });
    await engine.start();
    expect(timer.armed()).toEqual([105_000]);
  });

  it('an account done with its first read leaves a share for one still reading, and is re-planned when that one is done', async () => {
    opened = openTemp();
    const accounts: SyncAccount[] = [
      { id: 'fast', name: 'Fast', provider: 'nim', environment: 'prod', pollIntervalSec: 60 },
      { id: 'slow', name: 'Slow', provider: 'skyport', environment: 'prod', pollIntervalSec: 60 },
    ];
    for (const a of accounts) insertAccount(opened.db, a);
    const cpu = { ms: 0 };
    const fast = new CostlyProvider('fast', cpu, 0);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: SyncProvider = {
      capabilities: ['instances.list'],
      async eachInstancePage(onPage) {
        await gate;
        onPage([instance('slow', '1')]);
      },
      async eachNodePage() {},
    };
    const timer = new ManualTimer(START);
    // The fast account's first read writes for 6 s of CPU, its own whatever runs beside it: estimated 6 / 4 = 1.5 s.
    const writes = { ms: 6_000 };
    engine = budgetedEngine(opened.db, { accounts, getProvider: (id) => (id === 'fast' ? fast : slow), timer, cpu, snapshots: costlyWrites(new SnapshotStore(opened.db), cpu, writes) });
    await engine.start();
    await timer.advance(0, () => new Promise((r) => setImmediate(r)));
    await new Promise((r) => setImmediate(r));
    writes.ms = 0;
    const statuses = await engine.status();
    expect(statuses.find((s) => s.accountId === 'slow')!.state).toBe('syncing');
    // Half the budget is held for the account still reading: 1.5 s at 1 % → 150 s, not 75 s.
    expect(statuses.find((s) => s.accountId === 'fast')!.effectiveIntervalSec).toBe(150);
    expect(timer.armed()).toEqual([150_000]);
    // The slow read ends costing almost nothing: the fast account is re-planned at once (1.5 s at ~2 % → 75 s).
    release();
    await engine.idle();
    expect((await engine.status()).find((s) => s.accountId === 'fast')!.effectiveIntervalSec).toBe(75);
    expect(timer.armed().sort((a, b) => a - b)).toEqual([60_000, 75_000]);
  });
});

/** Cache writes that cost CPU on the test's clock (the engine measures them as the sync's own). */
/** A sync engine over `accounts` with a hand-driven timer and CPU clock, on a budget of 2 % of a core unless `percent`. */
function budgetedEngine(
  db: Database,
  o: {
    accounts: SyncAccount[];
    getProvider: (id: string) => SyncProvider;
    timer: ManualTimer;
    cpu: { ms: number };
    snapshots?: SnapshotStore;
    events?: Emitter<HangarEvent>;
    percent?: () => number;
  },
): SyncEngine {
  return new SyncEngine({
    listAccounts: () => o.accounts,
    getProvider: o.getProvider,
    snapshots: o.snapshots ?? new SnapshotStore(db),
    states: new SyncStateStore(db),
    events: o.events ?? new Emitter<HangarEvent>(),
    log: quietLog,
    timer: o.timer,
    random: () => 0.5,
    budget: new RefreshBudget({ percent: o.percent ?? (() => 2) }),
    cpuMs: () => o.cpu.ms,
  });
}

function costlyWrites(store: SnapshotStore, cpu: { ms: number }, writes: { ms: number }): SnapshotStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop !== 'stage') return Reflect.get(target, prop, receiver) as unknown;
      return (...args: Parameters<SnapshotStore['stage']>) => {
        const staging = target.stage(...args);
        const add = staging.addInstances.bind(staging);
        staging.addInstances = (page) => {
          cpu.ms += writes.ms;
          add(page);
        };
        return staging;
      };
    },
  });
}
