import { afterEach, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../../electron/main/core/cache/db';
import { FleetQueries, type FleetQuery } from '../../../electron/main/core/cache/fleet-query';
import { SnapshotStore } from '../../../electron/main/core/cache/snapshot-store';
import { SyncStateStore } from '../../../electron/main/core/cache/sync-state-store';
import { insertAccount, instance, node, openTemp } from './support/fleet';

const A = { id: 'a1', provider: 'skyport' as const, environment: 'prod' as const };
const T0 = new Date('2026-03-01T10:00:00Z');
const T1 = new Date('2026-03-01T10:01:00Z');
const T2 = new Date('2026-03-01T10:02:00Z');
const page = (from: number, n: number, status: 'running' | 'stopped' = 'running') =>
  Array.from({ length: n }, (_, k) => instance('a1', `i-${from + k}`, status));
const query: FleetQuery = { offset: 0, limit: 50, sort: 'name', sortDir: 'asc' };

describe('a never-synced account’s first sync, committed page by page', () => {
  let opened: OpenedDatabase | undefined;
  afterEach(() => opened?.close());

  function setup() {
    opened = openTemp();
    insertAccount(opened.db, { id: 'a1' });
    const db = opened.db;
    return { db, store: new SnapshotStore(db), states: new SyncStateStore(db), fleet: new FleetQueries(db, () => T1.getTime()) };
  }

  it('makes the first page queryable (and searchable) at once, marked partial, and the commit records success', () => {
    const { store, states, fleet } = setup();
    const staging = store.stage(A, { firstSyncProgressive: true, now: () => T0 });
    expect(staging.progressive).toBe(true);
    staging.addInstances(page(0, 100));
    let p = fleet.instances({ ...query });
    expect(p).toMatchObject({ total: 100, partial: true, asOf: null });
    expect(fleet.instances({ ...query, text: 'inst-i-42' }).total).toBe(1);
    expect(states.get('a1')).toMatchObject({ firstSyncPartial: true, lastSuccessAt: null, instanceCount: 100 });
    staging.addInstances(page(100, 100));
    staging.addNodes([node('a1', 'n1')]);
    expect(fleet.instances({ ...query }).total).toBe(200);
    const r = staging.commit(T1, T0);
    expect(r).toMatchObject({ first: true, changed: true, instances: { total: 200, added: 200, removed: 0 }, nodes: { added: 1 } });
    p = fleet.instances({ ...query });
    expect(p.partial).toBeUndefined();
    expect(p).toMatchObject({ total: 200, asOf: T1.toISOString() });
    expect(states.get('a1')).toMatchObject({ state: 'ok', firstSyncPartial: false, instanceCount: 200, nodeCount: 1 });
  });

  it('keeps the rows of a first sync that failed midway, marked partial; the next complete listing corrects them and removes only then', () => {
    const { db, store, states, fleet } = setup();
    const failed = store.stage(A, { firstSyncProgressive: true, now: () => T0 });
    failed.addInstances(page(0, 50));
    failed.addInstances(page(50, 50));
    failed.discard();
    states.recordFailure('a1', 'offline', T0, { code: 'OFFLINE', message: 'down' });
    expect(fleet.instances({ ...query })).toMatchObject({ total: 100, partial: true, stale: true, asOf: null });
    expect(states.get('a1')).toMatchObject({ state: 'offline', firstSyncPartial: true });

    // The next sync is again a first sync: it lists i-20..i-119 with i-20 stopped; i-0..i-19 are gone.
    const next = store.stage(A, { firstSyncProgressive: true, now: () => T1 });
    expect(next.progressive).toBe(true);
    next.addInstances(page(20, 1, 'stopped'));
    next.addInstances(page(21, 99));
    // Nothing is removed before the listing is complete.
    expect(fleet.instances({ ...query }).total).toBe(120);
    expect(db.prepare("SELECT status FROM instances WHERE id = 'i-20'").get()).toEqual({ status: 'stopped' });
    const r = next.commit(T2, T1);
    expect(r.instances).toMatchObject({ total: 100, added: 20, removed: 20, updated: 1 });
    expect(r.instances.transitions).toContainEqual({ id: 'i-20', name: 'inst-i-20', from: 'running', to: 'stopped' });
    expect(fleet.instances({ ...query }).partial).toBeUndefined();
    expect(fleet.instances({ ...query }).total).toBe(100);
    const fts = (term: string) => db.prepare(`SELECT count(*) AS n FROM instances_fts WHERE instances_fts MATCH '"${term}"'`).get();
    expect(fts('inst-i-')).toEqual({ n: 100 });
    expect(fts('inst-i-19')).toEqual({ n: 0 });
    expect(fleet.instances({ ...query, text: 'i-19' }).total).toBe(0);
    expect(fleet.instances({ ...query, text: 'i-2' }).total).toBe(10);
    expect(states.get('a1')).toMatchObject({ state: 'ok', firstSyncPartial: false, lastSuccessAt: T2.toISOString() });
  });

  it('keeps all-or-nothing staging for an account that already has a snapshot', () => {
    const { store, fleet } = setup();
    store.write(A, { instances: page(0, 10), nodes: [] }, T0);
    const staging = store.stage(A, { firstSyncProgressive: true, now: () => T1 });
    expect(staging.progressive).toBe(false);
    staging.addInstances(page(10, 10));
    expect(fleet.instances({ ...query }).total).toBe(10);
    staging.discard();
    expect(fleet.instances({ ...query })).toMatchObject({ total: 10, asOf: T0.toISOString() });
    expect(fleet.instances({ ...query }).partial).toBeUndefined();
  });

  it('stops a page commit once another process has written a complete snapshot meanwhile', () => {
    const { store } = setup();
    const staging = store.stage(A, { firstSyncProgressive: true, now: () => T0 });
    staging.addInstances(page(0, 5));
    new SnapshotStore(opened!.db).write(A, { instances: page(0, 3), nodes: [] }, T1);
    expect(() => staging.addInstances(page(5, 5))).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });
});
