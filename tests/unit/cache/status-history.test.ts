import { afterEach, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../../electron/main/core/cache/db';
import { FleetQueries } from '../../../electron/main/core/cache/fleet-query';
import { SnapshotStore } from '../../../electron/main/core/cache/snapshot-store';
import { StatusHistory } from '../../../electron/main/core/cache/status-history';
import { insertAccount, instance, openTemp } from './support/fleet';

describe('status history and instances by node', () => {
  let opened: OpenedDatabase | undefined;
  afterEach(() => opened?.close());

  it('lists an object’s recorded changes newest first, and windows instances by node', () => {
    opened = openTemp();
    const db = opened.db;
    insertAccount(db, { id: 'a1' });
    insertAccount(db, { id: 'a2' });
    const store = new SnapshotStore(db);
    const acc = { id: 'a1', provider: 'skyport' as const, environment: 'prod' as const };
    const t = (m: number) => new Date(Date.parse('2026-03-01T10:00:00Z') + m * 60_000);
    store.write(acc, { instances: [instance('a1', '1', 'running', { nodeId: 'n1' }), instance('a1', '2', 'running', { nodeId: 'n2' })], nodes: [] }, t(0));
    store.write(acc, { instances: [instance('a1', '1', 'suspended', { nodeId: 'n1' }), instance('a1', '2', 'running', { nodeId: 'n2' })], nodes: [] }, t(1));
    store.write(acc, { instances: [instance('a1', '1', 'running', { nodeId: 'n1' }), instance('a1', '3', 'installing', { nodeId: 'n1' })], nodes: [] }, t(2));
    store.write({ ...acc, id: 'a2' }, { instances: [instance('a2', '9', 'running', { nodeId: 'n1' })], nodes: [] }, t(0));

    const history = new StatusHistory(db);
    expect(history.list('a1', 'instance', '1', 10)).toEqual([
      { name: 'inst-1', from: 'suspended', to: 'running', at: t(2).toISOString() },
      { name: 'inst-1', from: 'running', to: 'suspended', at: t(1).toISOString() },
    ]);
    expect(history.list('a1', 'instance', '1', 1)).toHaveLength(1);
    expect(history.list('a1', 'instance', '3', 10)).toEqual([{ name: 'inst-3', from: null, to: 'installing', at: t(2).toISOString() }]);
    expect(history.list('a1', 'instance', '2', 10)).toEqual([{ name: 'inst-2', from: 'running', to: null, at: t(2).toISOString() }]);
    expect(history.list('a2', 'instance', '1', 10)).toEqual([]);

    const fleet = new FleetQueries(db);
    const onNode = fleet.instances({ accountIds: ['a1'], nodeId: 'n1', offset: 0, limit: 10, sort: 'name', sortDir: 'asc' });
    expect(onNode.rows.map((r) => r.id)).toEqual(['1', '3']);
    expect(onNode.total).toBe(2);
  });
});
