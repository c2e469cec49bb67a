import { afterEach, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../../electron/main/core/cache/db';
import { SnapshotStore } from '../../../electron/main/core/cache/snapshot-store';
import { SyncStateStore } from '../../../electron/main/core/cache/sync-state-store';
import type { PageSink } from '../../../electron/main/core/providers/paging';
import { CpuAttribution, planIntervals, RefreshBudget } from '../../../electron/main/core/sync/budget';
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
    expect(a.end('x')).toBe(200);
    cpu += 50; // y alone
    expect(a.end('y')).toBe(150);
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
    engine = new SyncEngine({
      listAccounts: () => accounts,
      getProvider: (id) => providers[id as 'nim' | 'ep'],
      snapshots: new SnapshotStore(opened.db),
      states: new SyncStateStore(opened.db),
      events: new Emitter<HangarEvent>(),
      log: quietLog,
      timer,
      random: () => 0.5,
      budget: new RefreshBudget({ percent: () => 2 }),
      cpuMs: () => cpu.ms,
    });
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
    engine = new SyncEngine({
      listAccounts: () => accounts,
      getProvider: () => provider,
      snapshots: new SnapshotStore(opened.db),
      states: new SyncStateStore(opened.db),
      events,
      log: quietLog,
      timer,
      random: () => 0.5,
      budget: new RefreshBudget({ percent: () => percent }),
      cpuMs: () => cpu.ms,
    });
    await engine.start();
    await timer.advance(0, () => engine!.idle());
    await timer.advance(60_000, () => engine!.idle());
    // 6 s of CPU per refresh at 2 %: every 300 s.
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

  it('plans from background refreshes, not from the first read (which writes every row)', async () => {
    opened = openTemp();
    const accounts: SyncAccount[] = [{ id: 'sky', name: 'Sky', provider: 'skyport', environment: 'prod', pollIntervalSec: 60 }];
    for (const a of accounts) insertAccount(opened.db, a);
    const cpu = { ms: 0 };
    const provider = new CostlyProvider('sky', cpu, 20_000);
    const timer = new ManualTimer(START);
    engine = new SyncEngine({
      listAccounts: () => accounts,
      getProvider: () => provider,
      snapshots: new SnapshotStore(opened.db),
      states: new SyncStateStore(opened.db),
      events: new Emitter<HangarEvent>(),
      log: quietLog,
      timer,
      random: () => 0.5,
      budget: new RefreshBudget({ percent: () => 2 }),
      cpuMs: () => cpu.ms,
    });
    await engine.start();
    await timer.advance(0, () => engine!.idle());
    // 20 s of CPU for the first read: not a refresh's cost, so the next refresh comes at the account's own minute…
    expect(timer.armed()).toEqual([60_000]);
    expect((await engine.status())[0]!.refreshCpuMs).toBeUndefined();
    provider.cost = 600;
    await timer.advance(60_000, () => engine!.idle());
    // …and is planned from what that refresh cost: 600 ms at 2 % → 30 s, under its own 60 s.
    expect(timer.armed()).toEqual([60_000]);
    expect((await engine.status())[0]!.refreshCpuMs).toBe(600);
    provider.cost = 3_000;
    await timer.advance(60_000, () => engine!.idle());
    // (600 + 3000) / 2 = 1.8 s at 2 % → 90 s.
    expect(timer.armed()).toEqual([90_000]);
  });
});
