import { afterEach, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../../electron/main/core/cache/db';
import { SnapshotStore } from '../../../electron/main/core/cache/snapshot-store';
import { SyncStateStore } from '../../../electron/main/core/cache/sync-state-store';
import { openDatabase } from '../../../electron/main/core/cache/db';
import { insertAccount, instance, node, openTemp, quietLog } from './support/fleet';

const A = { id: 'a1', provider: 'skyport' as const, environment: 'prod' as const };
const T0 = new Date('2026-03-01T10:00:00Z');
const T1 = new Date('2026-03-01T10:01:00Z');

describe('SnapshotStore', () => {
  let opened: OpenedDatabase | undefined;
  afterEach(() => opened?.close());

  function setup() {
    opened = openTemp();
    insertAccount(opened.db, { id: 'a1' });
    return { db: opened.db, store: new SnapshotStore(opened.db), states: new SyncStateStore(opened.db) };
  }
  const count = (db: OpenedDatabase['db'], table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  it('writes a first snapshot without listing every addition, and records the success', () => {
    const { db, store, states } = setup();
    const r = store.write(A, { instances: [instance('a1', '1'), instance('a1', '2')], nodes: [node('a1', 'n1')] }, T0);
    expect(r).toMatchObject({ first: true, changed: true, instances: { total: 2, added: 2, removed: 0, transitions: [] } });
    expect(r.nodes).toMatchObject({ total: 1, added: 1, transitions: [] });
    expect(count(db, 'instances')).toBe(2);
    expect(states.get('a1')).toMatchObject({ state: 'ok', lastSuccessAt: T0.toISOString(), instanceCount: 2, nodeCount: 1 });
  });

  it('returns exactly the status changes, additions and removals of the next snapshot', () => {
    const { db, store } = setup();
    store.write(A, { instances: [instance('a1', '1'), instance('a1', '2'), instance('a1', '3')], nodes: [node('a1', 'n1')] }, T0);
    const r = store.write(
      A,
      {
        instances: [instance('a1', '1'), instance('a1', '2', 'stopped'), instance('a1', '4', 'installing')],
        nodes: [node('a1', 'n1', 'offline')],
      },
      T1,
    );
    expect(r.first).toBe(false);
    expect(r.instances.transitions).toEqual([
      { id: '2', name: 'inst-2', from: 'running', to: 'stopped' },
      { id: '4', name: 'inst-4', from: null, to: 'installing' },
      { id: '3', name: 'inst-3', from: 'running', to: null },
    ]);
    expect(r.instances).toMatchObject({ total: 3, added: 1, removed: 1, updated: 1 });
    expect(r.nodes.transitions).toEqual([{ id: 'n1', name: 'node-n1', from: 'online', to: 'offline' }]);
    const history = db.prepare('SELECT kind, object_id, from_status, to_status FROM status_history ORDER BY seq').all();
    expect(history).toHaveLength(4);
    expect(count(db, 'instances')).toBe(3);
  });

  it('reports nothing changed for an identical snapshot and rewrites no row', () => {
    const { db, store } = setup();
    const snap = { instances: [instance('a1', '1', 'running', { labels: { team: 'x' } })], nodes: [] };
    store.write(A, snap, T0);
    const r = store.write(A, snap, T1);
    expect(r.changed).toBe(false);
    expect(r.instances).toMatchObject({ added: 0, removed: 0, updated: 0, transitions: [] });
    // Unchanged rows keep the time they were written; the account's success time confirms them.
    expect(db.prepare('SELECT confirmed_at FROM instances').get()).toEqual({ confirmed_at: T0.toISOString() });
  });

  it('a content change that keeps the status is an update, not a transition', () => {
    const { store } = setup();
    store.write(A, { instances: [instance('a1', '1')], nodes: [] }, T0);
    const r = store.write(A, { instances: [instance('a1', '1', 'running', { address: '10.0.0.9' })], nodes: [] }, T1);
    expect(r.instances).toMatchObject({ updated: 1, transitions: [] });
    expect(r.changed).toBe(true);
  });

  it('keeps the last good snapshot when an object has no id (all or nothing)', () => {
    const { db, store } = setup();
    store.write(A, { instances: [instance('a1', '1')], nodes: [] }, T0);
    const bad = [instance('a1', '2'), { ...instance('a1', 'x'), id: '' }];
    expect(() => store.write(A, { instances: bad, nodes: [] }, T1)).toThrow(expect.objectContaining({ code: 'BAD_RESPONSE' }));
    expect(db.prepare('SELECT id FROM instances').all()).toEqual([{ id: '1' }]);
  });

  it('keeps the last listed of duplicate ids and maps unknown statuses to unknown', () => {
    const { db, store } = setup();
    const weird = { ...instance('a1', '1'), status: 'exploded' } as unknown as ReturnType<typeof instance>;
    const r = store.write(A, { instances: [instance('a1', '1', 'stopped'), weird], nodes: [] }, T0);
    expect(r.duplicates).toBe(1);
    expect(db.prepare('SELECT status FROM instances').all()).toEqual([{ status: 'unknown' }]);
  });

  it('drops the snapshot of an account removed meanwhile, and cascades the removal of an account', () => {
    const { db, store } = setup();
    store.write(A, { instances: [instance('a1', '1')], nodes: [node('a1', 'n1')] }, T0);
    db.prepare('DELETE FROM accounts WHERE id = ?').run('a1');
    expect(count(db, 'instances')).toBe(0);
    expect(count(db, 'nodes')).toBe(0);
    expect(count(db, 'sync_state')).toBe(0);
    expect(db.prepare(`SELECT count(*) AS n FROM instances_fts WHERE instances_fts MATCH '"inst"'`).get()).toEqual({ n: 0 });
    expect(() => store.write(A, { instances: [instance('a1', '1')], nodes: [] }, T1)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('stages pages of two accounts at once, each committed or discarded on its own', () => {
    const { db, store } = setup();
    insertAccount(db, { id: 'b1' });
    const B = { id: 'b1', provider: 'nim' as const, environment: 'dev' as const };
    store.write(A, { instances: [instance('a1', 'old')], nodes: [] }, T0);
    const a = store.stage(A);
    const b = store.stage(B);
    a.addInstances([instance('a1', '1'), instance('a1', '2')]);
    b.addInstances([instance('b1', '1')]);
    a.addInstances([instance('a1', '2', 'stopped'), instance('a1', '3')]);
    a.addNodes([node('a1', 'n1')]);
    // Nothing reaches the cache before the commit.
    expect(db.prepare('SELECT id FROM instances ORDER BY id').all()).toEqual([{ id: 'old' }]);
    b.discard();
    const r = a.commit(T1);
    expect(r).toMatchObject({ duplicates: 1, instances: { total: 3, added: 3, removed: 1 }, nodes: { total: 1 } });
    expect(db.prepare('SELECT account_id, id, status FROM instances ORDER BY id').all()).toEqual([
      { account_id: 'a1', id: '1', status: 'running' },
      { account_id: 'a1', id: '2', status: 'stopped' },
      { account_id: 'a1', id: '3', status: 'running' },
    ]);
    expect(count(db, 'temp.stage_instances') + count(db, 'temp.stage_nodes')).toBe(0);
    expect(() => a.addInstances([instance('a1', '4')])).toThrow(/already committed or discarded/);
  });

  it('rejects a page that is not a list and keeps the cache as it was', () => {
    const { db, store } = setup();
    store.write(A, { instances: [instance('a1', '1')], nodes: [] }, T0);
    const s = store.stage(A);
    expect(() => s.addInstances({ items: [] } as never)).toThrow(expect.objectContaining({ code: 'BAD_RESPONSE' }));
    s.discard();
    expect(db.prepare('SELECT id FROM instances').all()).toEqual([{ id: '1' }]);
  });

  it('stages only what is new or changed: an unchanged refresh writes nothing but the sync state', () => {
    const { db, store } = setup();
    const fleet = Array.from({ length: 50 }, (_, i) => instance('a1', String(i)));
    store.write(A, { instances: fleet, nodes: [node('a1', 'n1')] }, T0);
    const staged = () => count(db, 'temp.stage_instances') + count(db, 'temp.stage_nodes');
    const same = store.stage(A);
    same.addInstances(fleet.map((i) => ({ ...i })));
    same.addNodes([node('a1', 'n1')]);
    expect(staged()).toBe(0);
    expect(same.commit(T1)).toMatchObject({ changed: false, instances: { total: 50, added: 0, removed: 0, updated: 0 } });

    const next = store.stage(A);
    next.addInstances([...fleet.slice(0, 10), { ...fleet[10], status: 'stopped' }, ...fleet.slice(12), instance('a1', 'new')]);
    next.addNodes([]);
    expect(staged()).toBe(2); // the changed one and the new one
    const r = next.commit(new Date(T1.getTime() + 60_000));
    expect(r.instances).toMatchObject({ total: 50, added: 1, removed: 1, updated: 1 });
    expect(r.instances.transitions).toEqual([
      { id: '10', name: 'inst-10', from: 'running', to: 'stopped' },
      { id: 'new', name: 'inst-new', from: null, to: 'running' },
      { id: '11', name: 'inst-11', from: 'running', to: null },
    ]);
    expect(r.nodes).toMatchObject({ total: 0, removed: 1 });
    expect(count(db, 'instances')).toBe(50);
    expect(db.prepare(`SELECT count(*) AS n FROM instances_fts WHERE instances_fts MATCH '"inst-11"'`).get()).toEqual({ n: 0 });
  });

  it('keeps the snapshot another process wrote while this one was staging (CONFLICT, nothing written)', () => {
    const { db, store } = setup();
    const other = openDatabase(opened!.file, quietLog);
    try {
      store.write(A, { instances: [instance('a1', '1')], nodes: [] }, T0);
      const mine = store.stage(A);
      mine.addInstances([instance('a1', '1'), instance('a1', 'mine')]);
      new SnapshotStore(other.db).write(A, { instances: [instance('a1', '1'), instance('a1', 'theirs')], nodes: [] }, T1);
      expect(() => mine.commit(new Date(T1.getTime() + 1000))).toThrow(
        expect.objectContaining({ code: 'CONFLICT', details: { superseded: true } }),
      );
      expect(db.prepare('SELECT id FROM instances ORDER BY id').all()).toEqual([{ id: '1' }, { id: 'theirs' }]);
    } finally {
      other.close();
    }
  });
});
