import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../../electron/main/core/cache/db';
import { FleetQueries } from '../../../electron/main/core/cache/fleet-query';
import { SnapshotStore } from '../../../electron/main/core/cache/snapshot-store';
import { SyncStateStore } from '../../../electron/main/core/cache/sync-state-store';
import type { PageSink } from '../../../electron/main/core/providers/paging';
import { SyncEngine, type SyncAccount, type SyncProvider } from '../../../electron/main/core/sync/engine';
import { Emitter } from '../../../electron/main/core/util/emitter';
import { HangarError } from '../../../shared/errors';
import type { HangarEvent } from '../../../shared/events';
import type { Capability, Instance, NodeInfo } from '../../../shared/model';
import { insertAccount, instance, node, openTemp, quietLog } from '../cache/support/fleet';
import { ManualTimer } from './support/manual-timer';

const START = Date.parse('2026-03-01T10:00:00Z');

/** The provider is not what is under test: a plain object whose answers the test sets. */
class ScriptedProvider implements SyncProvider {
  capabilities: Capability[] = ['instances.list', 'nodes.list'];
  instances: Instance[] = [];
  nodes: NodeInfo[] = [];
  instancesError?: HangarError;
  nodesError?: HangarError;
  calls = 0;
  /** Runs between the two pages (once). */
  between?: () => void;
  async eachInstancePage(onPage: PageSink<Instance>) {
    this.calls++;
    // Two pages, then the error if one is set: what was staged before it must not reach the cache.
    const copies = this.instances.map((i) => ({ ...i }));
    onPage(copies.slice(0, 1));
    this.between?.();
    this.between = undefined;
    if (this.instancesError) throw this.instancesError;
    onPage(copies.slice(1));
  }
  async eachNodePage(onPage: PageSink<NodeInfo>) {
    if (this.nodesError) throw this.nodesError;
    onPage(this.nodes.map((n) => ({ ...n })));
  }
}

describe('SyncEngine', () => {
  let opened: OpenedDatabase | undefined;
  let engine: SyncEngine | undefined;
  afterEach(async () => {
    await engine?.stop();
    opened?.close();
  });

  function setup(accounts: SyncAccount[] = [{ id: 'a1', name: 'A1', provider: 'skyport', environment: 'prod', pollIntervalSec: 60 }]) {
    opened = openTemp();
    for (const a of accounts) insertAccount(opened.db, a);
    const providers = new Map(accounts.map((a) => [a.id, new ScriptedProvider()]));
    const events = new Emitter<HangarEvent>();
    const seen: HangarEvent[] = [];
    const progress: HangarEvent[] = [];
    // sync.progress has its own test; the others read the state and change events only.
    events.on((e) => (e.type === 'sync.progress' ? progress : seen).push(e));
    const timer = new ManualTimer(START);
    let list = accounts;
    engine = new SyncEngine({
      listAccounts: () => list,
      getProvider: (id) => providers.get(id)!,
      snapshots: new SnapshotStore(opened.db),
      states: new SyncStateStore(opened.db),
      events,
      log: quietLog,
      timer,
      random: () => 0.5,
    });
    const fleet = new FleetQueries(opened.db, () => timer.now());
    const drain = () => {
      const out = seen.splice(0);
      return out;
    };
    return {
      engine,
      events,
      timer,
      fleet,
      drain,
      progress,
      provider: providers.get(accounts[0].id)!,
      providers,
      setAccounts: (next: SyncAccount[]) => (list = next),
      settle: () => engine!.idle(),
    };
  }

  it('syncs, then emits nothing but the state when nothing changed', async () => {
    const { engine, provider, drain, fleet } = setup();
    provider.instances = [instance('a1', '1'), instance('a1', '2', 'stopped')];
    provider.nodes = [node('a1', 'n1')];
    const report = await engine.refresh();
    expect(report.accounts).toEqual([
      expect.objectContaining({ accountId: 'a1', state: 'ok', instanceCount: 2, nodeCount: 1, lastSuccessAt: new Date(START).toISOString() }),
    ]);
    const firstSync = drain();
    // A first sync commits its pages as they land and says so (throttled) before the final snapshot.
    expect(firstSync.filter((e) => e.type === 'sync.changed' && e.partial)[0]).toMatchObject({ accountId: 'a1', asOf: null, partial: true });
    expect(firstSync.filter((e) => !(e.type === 'sync.changed' && e.partial))).toEqual([
      { type: 'sync.state', accountId: 'a1', state: 'syncing' },
      { type: 'sync.state', accountId: 'a1', state: 'ok' },
      { type: 'sync.changed', accountId: 'a1', instances: 2, nodes: 1, asOf: new Date(START).toISOString() },
    ]);
    expect(fleet.instances({ offset: 0, limit: 10, sort: 'name', sortDir: 'asc' }).total).toBe(2);
    await engine.refresh('a1');
    expect(drain()).toEqual([
      { type: 'sync.state', accountId: 'a1', state: 'syncing' },
      { type: 'sync.state', accountId: 'a1', state: 'ok' },
    ]);
  });

  it('tells the progress of a sync in flight: pages staged, when the last one came, and the status says it too', async () => {
    const { engine, providers, progress, timer } = setup();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let firstStaged!: () => void;
    const staged = new Promise<void>((r) => (firstStaged = r));
    providers.set('a1', Object.assign(new ScriptedProvider(), {
      async eachInstancePage(onPage: PageSink<Instance>) {
        onPage([instance('a1', '1')]);
        firstStaged();
        await gate;
        void timer.advance(1_000, async () => undefined);
        onPage([instance('a1', '2'), instance('a1', '3')]);
      },
    }));
    const done = engine.refresh();
    await staged;
    const started = new Date(START).toISOString();
    expect((await engine.status())[0]).toMatchObject({
      state: 'syncing',
      inFlight: { startedAt: started, lastPageAt: started, instances: 1, nodes: 0 },
    });
    release();
    await done;
    // One at the start; then at most one per 250 ms (the first page at +0 ms is within the window).
    expect(progress[0]).toEqual({ type: 'sync.progress', accountId: 'a1', startedAt: started, lastPageAt: null, instances: 0, nodes: 0 });
    expect(progress.at(-1)).toEqual({
      type: 'sync.progress',
      accountId: 'a1',
      startedAt: started,
      lastPageAt: new Date(START + 1_000).toISOString(),
      instances: 3,
      nodes: 0,
    });
    expect(progress).toHaveLength(2);
    expect((await engine.status())[0].inFlight).toBeUndefined();
  });

  it('syncs again on top of a snapshot another process wrote meanwhile', async () => {
    const { engine, provider, fleet } = setup();
    provider.instances = [instance('a1', '1'), instance('a1', '2')];
    await engine.refresh();
    const other = openDatabase(opened!.file, quietLog);
    try {
      provider.instances = [instance('a1', '1'), instance('a1', '3')];
      provider.between = () =>
        new SnapshotStore(other.db).write({ id: 'a1', provider: 'skyport', environment: 'prod' }, { instances: [instance('a1', 'cli')], nodes: [] }, new Date(START + 1));
      expect((await engine.refresh()).accounts[0]).toMatchObject({ state: 'ok', instanceCount: 2 });
      expect(provider.calls).toBe(3);
      expect(fleet.instances({ offset: 0, limit: 10, sort: 'name', sortDir: 'asc' }).rows.map((r) => r.id)).toEqual(['1', '3']);
    } finally {
      other.close();
    }
  });

  it('emits exactly the status transitions (appearances from null), and sync.changed once', async () => {
    const { engine, provider, drain, timer } = setup();
    provider.instances = [instance('a1', '1'), instance('a1', '2'), instance('a1', '3')];
    provider.nodes = [node('a1', 'n1'), node('a1', 'n2')];
    await engine.refresh();
    drain();
    provider.instances = [instance('a1', '1', 'failed'), instance('a1', '2'), instance('a1', '4', 'installing')];
    provider.nodes = [node('a1', 'n1'), node('a1', 'n2', 'offline')];
    await timer.advance(5_000, async () => {});
    await engine.refresh();
    const at = new Date(START + 5_000).toISOString();
    expect(drain().filter((e) => e.type !== 'sync.state')).toEqual([
      { type: 'instance.statusChanged', accountId: 'a1', id: '1', name: 'inst-1', from: 'running', to: 'failed', at },
      { type: 'instance.statusChanged', accountId: 'a1', id: '4', name: 'inst-4', from: null, to: 'installing', at },
      { type: 'node.statusChanged', accountId: 'a1', id: 'n2', name: 'node-n2', from: 'online', to: 'offline', at },
      { type: 'sync.changed', accountId: 'a1', instances: 3, nodes: 2, asOf: at },
    ]);
  });

  it('keeps the last good snapshot on a failed or partial fetch, reports offline once, and recovers', async () => {
    const { engine, provider, drain, fleet, timer } = setup();
    provider.instances = [instance('a1', '1')];
    await engine.refresh();
    drain();
    provider.nodesError = new HangarError('OFFLINE', 'Panel could not be reached');
    provider.instances = [instance('a1', '1', 'failed'), instance('a1', '2')];
    await timer.advance(200_000, async () => {});
    const report = await engine.refresh('a1');
    expect(report.accounts[0]).toMatchObject({ state: 'offline', error: { code: 'OFFLINE' }, instanceCount: 1, ageSeconds: 200 });
    expect(drain()).toEqual([
      { type: 'sync.state', accountId: 'a1', state: 'syncing' },
      { type: 'connectivity.changed', accountId: 'a1', online: false, message: 'Panel could not be reached' },
      { type: 'sync.state', accountId: 'a1', state: 'offline', message: 'Panel could not be reached' },
    ]);
    const page = fleet.instances({ offset: 0, limit: 10, sort: 'name', sortDir: 'asc' });
    expect(page).toMatchObject({ total: 1, stale: true, asOf: new Date(START).toISOString() });
    expect(page.rows[0].status).toBe('running');
    await engine.refresh('a1');
    expect(drain().filter((e) => e.type === 'connectivity.changed')).toEqual([]);
    provider.nodesError = undefined;
    await engine.refresh('a1');
    const events = drain();
    expect(events).toContainEqual({ type: 'connectivity.changed', accountId: 'a1', online: true });
    expect(events.filter((e) => e.type === 'instance.statusChanged')).toHaveLength(2);
    expect(fleet.instances({ offset: 0, limit: 10, sort: 'name', sortDir: 'asc' }).stale).toBe(false);
  });

  it('tells an auth failure from other errors and skips lists the provider does not offer', async () => {
    const { engine, provider } = setup();
    provider.instancesError = new HangarError('AUTH', 'Panel refused the API key');
    expect((await engine.refresh()).accounts[0]).toMatchObject({ state: 'auth_failed', error: { code: 'AUTH' } });
    provider.instancesError = new HangarError('BAD_RESPONSE', 'HTML instead of JSON');
    expect((await engine.refresh()).accounts[0]).toMatchObject({ state: 'error', error: { code: 'BAD_RESPONSE' } });
    provider.instancesError = undefined;
    provider.capabilities = ['instances.list'];
    provider.nodesError = new HangarError('UNSUPPORTED', 'no nodes');
    expect((await engine.refresh()).accounts[0]).toMatchObject({ state: 'ok' });
    await expect(engine.refresh('missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('polls at the interval, backs off exponentially on failure, and returns to the interval', async () => {
    const { engine, provider, timer, settle } = setup();
    provider.instances = [instance('a1', '1')];
    await engine.start();
    expect(timer.armed()).toEqual([0]);
    await timer.advance(0, settle);
    expect(provider.calls).toBe(1);
    expect(timer.armed()).toEqual([60_000]);
    provider.instancesError = new HangarError('OFFLINE', 'down');
    await timer.advance(60_000, settle);
    expect(timer.armed()).toEqual([120_000]);
    await timer.advance(120_000, settle);
    expect(timer.armed()).toEqual([240_000]);
    await timer.advance(240_000, settle);
    expect(timer.armed()).toEqual([480_000]);
    expect(provider.calls).toBe(4);
    provider.instancesError = undefined;
    await timer.advance(480_000, settle);
    expect(timer.armed()).toEqual([60_000]);
    expect((await engine.status())[0]).toMatchObject({ state: 'ok', nextSyncAt: new Date(timer.now() + 60_000).toISOString() });
  });

  it('caps the backoff', async () => {
    const { engine, provider, timer, settle } = setup();
    provider.instancesError = new HangarError('TIMEOUT', 'slow');
    await engine.start();
    for (let i = 0; i < 12; i++) await timer.advance(timer.armed()[0], settle);
    expect(timer.armed()).toEqual([30 * 60_000]);
  });

  it('does not poll while paused, and catches up on resume; manual refresh still works', async () => {
    const { engine, provider, timer, settle } = setup();
    await engine.start();
    await timer.advance(0, settle);
    engine.pause();
    expect(timer.armed()).toEqual([]);
    await timer.advance(10 * 60_000, settle);
    expect(provider.calls).toBe(1);
    await engine.refresh();
    expect(provider.calls).toBe(2);
    engine.resume();
    expect(timer.armed()).toEqual([60_000]);
    engine.pause();
    await timer.advance(5 * 60_000, settle);
    engine.resume();
    expect(timer.armed()).toEqual([0]);
    await timer.advance(0, settle);
    expect(provider.calls).toBe(3);
  });

  it('schedules accounts added later and forgets removed ones on accounts.changed', async () => {
    const a1: SyncAccount = { id: 'a1', name: 'A1', provider: 'skyport', environment: 'prod', pollIntervalSec: 60 };
    const a2: SyncAccount = { id: 'a2', name: 'A2', provider: 'nim', environment: 'dev', pollIntervalSec: 30 };
    const { engine, events, timer, settle, setAccounts, providers } = setup([a1, a2]);
    setAccounts([a1]);
    await engine.start();
    await timer.advance(0, settle);
    expect((await engine.status()).map((s) => s.accountId)).toEqual(['a1']);
    setAccounts([a1, a2]);
    events.emit({ type: 'accounts.changed' });
    await engine.reconcile();
    await timer.advance(0, settle);
    expect(providers.get('a2')!.calls).toBe(1);
    expect(timer.armed().sort((x, y) => x - y)).toEqual([30_000, 60_000]);
    setAccounts([a2]);
    events.emit({ type: 'accounts.changed' });
    await engine.reconcile();
    expect(timer.armed()).toEqual([30_000]);
  });

  it('joins a refresh that is already in flight instead of fetching twice', async () => {
    const { engine, provider } = setup();
    provider.instances = [instance('a1', '1')];
    await Promise.all([engine.refresh(), engine.refresh('a1'), engine.refresh()]);
    expect(provider.calls).toBe(1);
  });
});
