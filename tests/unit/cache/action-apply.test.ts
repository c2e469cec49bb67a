import { afterEach, beforeEach, expect, it } from 'vitest';
import { ActionCache } from '../../../electron/main/core/cache/action-apply';
import type { OpenedDatabase } from '../../../electron/main/core/cache/db';
import { FleetQueries } from '../../../electron/main/core/cache/fleet-query';
import { SnapshotStore } from '../../../electron/main/core/cache/snapshot-store';
import { SyncStateStore } from '../../../electron/main/core/cache/sync-state-store';
import { instanceQuerySchema, nodeQuerySchema, type InstanceQuery, type NodeQuery } from '../../../shared/contract/instances';
import { insertAccount, instance, node, openTemp } from './support/fleet';

let opened: OpenedDatabase;
let cache: ActionCache;
let snapshots: SnapshotStore;
let queries: FleetQueries;
const account = { id: 'a1', provider: 'skyport' as const, environment: 'prod' as const };
const t0 = new Date('2026-11-29T10:00:00Z');
const t1 = new Date('2026-11-29T10:00:05Z');
const t2 = new Date('2026-11-29T10:00:10Z');

beforeEach(() => {
  opened = openTemp();
  insertAccount(opened.db, { id: 'a1' });
  cache = new ActionCache(opened.db);
  snapshots = new SnapshotStore(opened.db);
  queries = new FleetQueries(opened.db);
  snapshots.write(account, { instances: ['i1', 'i2', 'i3'].map((id) => instance('a1', id, 'installing')), nodes: [node('a1', 'n1')] }, t0);
});

afterEach(() => opened.close());

const iq = (q: InstanceQuery) => queries.instances(instanceQuerySchema.parse(q));
const nq = (q: NodeQuery) => queries.nodes(nodeQuerySchema.parse(q));
const rows = () => new Map(iq({ accountIds: ['a1'], limit: 100 }).rows.map((r) => [r.id, r]));

it('applies the object after the action, other affected objects and removals, and reports the status changes', () => {
  const changes = cache.apply({
    account,
    kind: 'instance',
    action: 'suspend',
    id: 'i2',
    at: t1,
    result: { instance: instance('a1', 'i2', 'installing'), affected: [instance('a1', 'i1', 'suspended')], confirmedBy: 'reread', mismatch: { what: 'suspended flag', record: 'suspended', list: 'not suspended' } },
  });
  expect(changes).toEqual([{ kind: 'instance', id: 'i1', name: 'inst-i1', from: 'installing', to: 'suspended' }]);
  const r = rows();
  expect(r.get('i1')).toMatchObject({ status: 'suspended', confirmedBy: 'reread', confirmedAt: t1.toISOString() });
  expect(r.get('i2')).toMatchObject({ status: 'installing', confirmedBy: 'reread' });
  expect(r.get('i3')?.confirmedBy).toBeUndefined();

  const del = cache.apply({ account, kind: 'instance', action: 'delete', id: 'i1', at: t1, result: { deletedId: 'i1', removedIds: ['i3'], confirmedBy: 'reread' } });
  expect(del.map((c) => [c.id, c.to])).toEqual([['i1', null], ['i3', null]]);
  expect([...rows().keys()]).toEqual(['i2']);
  // The search index follows the rows.
  expect(iq({ accountIds: ['a1'], text: 'inst-i3' }).total).toBe(0);
});

it('a mismatched delete removes nothing it cannot see gone; a plain delete (no deletedId) removes the target', () => {
  cache.apply({ account, kind: 'instance', action: 'delete', id: 'i1', at: t1, result: { mismatch: { what: 'deletion', record: 'deleted', list: 'still listed' } } });
  expect(rows().has('i1')).toBe(true);
  cache.apply({ account, kind: 'instance', action: 'delete', id: 'i1', at: t1, result: { message: 'Deleted' } });
  expect(rows().has('i1')).toBe(false);
});

it('the next sync rewrites an applied row with what the API lists and clears its mark', () => {
  cache.apply({ account, kind: 'instance', action: 'suspend', id: 'i1', at: t1, result: { instance: instance('a1', 'i1', 'suspended'), confirmedBy: 'api' } });
  expect(rows().get('i1')?.confirmedBy).toBe('api');
  // The panel lists i1 exactly as before the action (e.g. the action was undone meanwhile): the sync must still rewrite it.
  const res = snapshots.write(account, { instances: ['i1', 'i2', 'i3'].map((id) => instance('a1', id, 'installing')), nodes: [node('a1', 'n1')] }, t2);
  expect(res.instances.transitions).toEqual([{ id: 'i1', name: 'inst-i1', from: 'suspended', to: 'installing' }]);
  expect(rows().get('i1')).toMatchObject({ status: 'installing' });
  expect(rows().get('i1')?.confirmedBy).toBeUndefined();
});

it('nodes: a created node is added, a deleted node removed', () => {
  cache.apply({ account, kind: 'node', action: 'create', at: t1, result: { node: node('a1', 'n2', 'unconfigured'), confirmedBy: 'api' } });
  expect(nq({ accountIds: ['a1'] }).rows.map((n) => [n.id, n.status, n.confirmedBy])).toEqual([
    ['n1', 'online', undefined],
    ['n2', 'unconfigured', 'api'],
  ]);
  cache.apply({ account, kind: 'node', action: 'delete', id: 'n1', at: t1, result: { deletedId: 'n1', confirmedBy: 'reread' } });
  expect(nq({ accountIds: ['a1'] }).rows.map((n) => n.id)).toEqual(['n2']);
});

it('writes the transitions it applies to the status history, and the refresh that follows adds none', () => {
  const history = () =>
    opened.db.prepare("SELECT object_id AS id, from_status AS f, to_status AS t FROM status_history WHERE account_id = 'a1' AND at = ?").all(t1.toISOString());
  cache.apply({ account, kind: 'instance', action: 'suspend', id: 'i1', at: t1, result: { instance: instance('a1', 'i1', 'suspended'), confirmedBy: 'api' } });
  expect(history()).toEqual([{ id: 'i1', f: 'installing', t: 'suspended' }]);
  snapshots.write(account, { instances: [instance('a1', 'i1', 'suspended'), ...['i2', 'i3'].map((id) => instance('a1', id, 'installing'))], nodes: [node('a1', 'n1')] }, t2);
  const later = opened.db.prepare("SELECT count(*) AS n FROM status_history WHERE account_id = 'a1' AND at = ?").get(t2.toISOString()) as { n: number };
  expect(Number(later.n)).toBe(0);
});

it('keeps the account’s counts (sync_state, what sync.status and the sidebar read) true when an action removes or adds rows', () => {
  const states = new SyncStateStore(opened.db);
  expect(states.get('a1')).toMatchObject({ instanceCount: 3, nodeCount: 1 });
  // A forced Skyport delete: the target and another installing instance go.
  cache.apply({ account, kind: 'instance', action: 'delete', id: 'i2', at: t1, result: { deletedId: 'i2', removedIds: ['i1'] } });
  expect(states.get('a1')).toMatchObject({ instanceCount: 1, nodeCount: 1 });
  cache.apply({ account, kind: 'instance', action: 'create', at: t2, result: { instance: instance('a1', 'i9') } });
  cache.apply({ account, kind: 'node', action: 'delete', id: 'n1', at: t2, result: { deletedId: 'n1' } });
  expect(states.get('a1')).toMatchObject({ instanceCount: 2, nodeCount: 0 });
  expect(cache.counts('a1')).toEqual({ instances: 2, nodes: 0 });
  // A status change alone leaves the counts (and sync_state) as they are.
  cache.apply({ account, kind: 'instance', action: 'suspend', id: 'i3', at: t2, result: { instance: instance('a1', 'i3', 'suspended') } });
  expect(states.get('a1')).toMatchObject({ instanceCount: 2, nodeCount: 0 });
});
