import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../../electron/main/core/cache/db';
import { FleetQueries, type FleetQuery } from '../../../electron/main/core/cache/fleet-query';
import { INSTANCE_TABLE } from '../../../electron/main/core/cache/fleet-tables';
import { SnapshotStore } from '../../../electron/main/core/cache/snapshot-store';
import { SyncStateStore } from '../../../electron/main/core/cache/sync-state-store';
import type { InstanceStatus } from '../../../shared/model';
import { insertAccount, instance, node, openTemp } from './support/fleet';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const STATUSES: InstanceStatus[] = ['running', 'stopped', 'failed'];

describe('FleetQueries', () => {
  let opened: OpenedDatabase;
  let fleet: FleetQueries;
  let now = NOW;

  beforeAll(() => {
    opened = openTemp();
    const { db } = opened;
    insertAccount(db, { id: 'p1', name: 'Prod panel', provider: 'skyport', environment: 'prod', pollIntervalSec: 60 });
    insertAccount(db, { id: 'd1', name: 'Dev NIM', provider: 'nim', environment: 'dev', pollIntervalSec: 60 });
    insertAccount(db, { id: 'never', name: 'Zesty never synced', provider: 'zesty', environment: 'staging' });
    const store = new SnapshotStore(db);
    const mk = (acc: string, n: number) =>
      Array.from({ length: n }, (_, i) =>
        instance(acc, `${acc}-${String(i).padStart(3, '0')}`, STATUSES[i % 3], {
          name: `${i % 2 ? 'Web' : 'api'}-${acc}-${String(i).padStart(3, '0')}`,
          address: `10.${acc === 'p1' ? 1 : 2}.0.${i}`,
          updatedAt: `2026-02-${String((i % 28) + 1).padStart(2, '0')}T00:00:00Z`,
        }),
      );
    store.write({ id: 'p1', provider: 'skyport', environment: 'prod' }, { instances: mk('p1', 300), nodes: [node('p1', 'n1'), node('p1', 'n2', 'offline')] }, new Date(NOW - 30_000));
    store.write({ id: 'd1', provider: 'nim', environment: 'dev' }, { instances: mk('d1', 200), nodes: [] }, new Date(NOW - 90_000));
    fleet = new FleetQueries(db, () => now);
  });
  afterAll(() => opened.close());

  const q = (over: Partial<FleetQuery> = {}): FleetQuery => ({ offset: 0, limit: 100, sort: 'name', sortDir: 'asc', ...over });

  it('answers a window with the total, the rows with their account facts, asOf and stale', () => {
    const page = fleet.instances(q({ limit: 5 }));
    expect(page.total).toBe(500);
    expect(page.rows).toHaveLength(5);
    expect(page.rows[0]).toMatchObject({ name: 'api-d1-000', accountName: 'Dev NIM', environment: 'dev', envColor: '#d03050', provider: 'nim' });
    expect(page.rows[0].confirmedAt).toBe(new Date(NOW - 90_000).toISOString());
    expect(page.asOf).toBe(new Date(NOW - 90_000).toISOString());
    expect(page.stale).toBe(false);
  });

  it('leaves the raw API object out of windows; the single-object lookup (the detail view’s cache fallback) keeps it', () => {
    const page = fleet.instances(q({ limit: 3 }));
    expect(page.rows.map((r) => r.raw)).toEqual([null, null, null]);
    expect(fleet.one(INSTANCE_TABLE, 'p1', 'p1-001')?.row.raw).toEqual({ id: 'p1-001' });
  });

  it('sorts case-insensitively by name and pages without gaps or repeats', () => {
    const all: string[] = [];
    for (let offset = 0; offset < 500; offset += 64) all.push(...fleet.instances(q({ offset, limit: 64 })).rows.map((r) => `${r.accountId}/${r.id}`));
    expect(all).toHaveLength(500);
    expect(new Set(all).size).toBe(500);
    const names = fleet.instances(q({ limit: 500 })).rows.map((r) => r.name.toLowerCase());
    expect(names).toEqual([...names].sort());
    const desc = fleet.instances(q({ limit: 500, sortDir: 'desc' })).rows.map((r) => r.name.toLowerCase());
    expect(desc).toEqual([...names].reverse());
  });

  it('filters by account, environment, provider and status, and combines them', () => {
    expect(fleet.instances(q({ accountIds: ['p1'] })).total).toBe(300);
    expect(fleet.instances(q({ environments: ['dev'] })).total).toBe(200);
    expect(fleet.instances(q({ providers: ['skyport', 'zesty'] })).total).toBe(300);
    expect(fleet.instances(q({ statuses: ['failed'] })).total).toBe(100 + 66);
    const page = fleet.instances(q({ accountIds: ['p1'], statuses: ['stopped', 'failed'], limit: 1000 }));
    expect(page.total).toBe(200);
    expect(page.rows.every((r) => r.accountId === 'p1' && r.status !== 'running')).toBe(true);
    expect(fleet.instances(q({ accountIds: ['nope'] }))).toMatchObject({ total: 0, rows: [] });
    // An empty selection filters nothing.
    expect(fleet.instances(q({ accountIds: [], statuses: [], environments: [] })).total).toBe(500);
  });

  it('finds substrings of name, id and address through the trigram index, any case', () => {
    const byName = fleet.instances(q({ text: 'WEB-P1-01', limit: 1000 }));
    expect(byName.rows.map((r) => r.name).sort()).toEqual(['Web-p1-011', 'Web-p1-013', 'Web-p1-015', 'Web-p1-017', 'Web-p1-019']);
    expect(byName.total).toBe(5);
    expect(fleet.instances(q({ text: '10.2.0.19' })).rows.map((r) => r.address).sort()).toEqual(['10.2.0.19', '10.2.0.190', '10.2.0.191', '10.2.0.192', '10.2.0.193', '10.2.0.194', '10.2.0.195', '10.2.0.196', '10.2.0.197', '10.2.0.198', '10.2.0.199']);
    expect(fleet.instances(q({ text: 'd1-19', statuses: ['running'] })).rows.map((r) => r.id)).toEqual(['d1-192', 'd1-198', 'd1-195']);
    expect(fleet.instances(q({ text: '"; DROP TABLE instances; --' })).total).toBe(0);
    expect(fleet.instances(q({ limit: 1 })).total).toBe(500);
  });

  it('walks the sort index when the text matches many rows', () => {
    const page = fleet.instances(q({ text: 'api', limit: 10, offset: 240 }));
    expect(page.total).toBe(250);
    expect(page.rows).toHaveLength(10);
    expect(page.rows.every((r) => r.name.startsWith('api'))).toBe(true);
  });

  it('answers one- and two-character text without the trigram index', () => {
    expect(fleet.instances(q({ text: 'W' })).total).toBe(250);
    expect(fleet.instances(q({ text: '%' })).total).toBe(0);
    expect(fleet.instances(q({ text: '.9' })).rows.every((r) => r.address!.includes('.9'))).toBe(true);
  });

  it('orders by account, provider and environment as account segments, each in name order', () => {
    const byAccount = fleet.instances(q({ sort: 'account', offset: 195, limit: 10 }));
    expect(byAccount.rows.map((r) => r.name)).toEqual([
      'Web-d1-191', 'Web-d1-193', 'Web-d1-195', 'Web-d1-197', 'Web-d1-199',
      'api-p1-000', 'api-p1-002', 'api-p1-004', 'api-p1-006', 'api-p1-008',
    ]);
    const envDesc = fleet.instances(q({ sort: 'environment', sortDir: 'desc', limit: 1 }));
    expect(envDesc.rows[0].accountId).toBe('p1');
    expect(fleet.instances(q({ sort: 'provider', limit: 1 })).rows[0].provider).toBe('nim');
    expect(fleet.instances(q({ sort: 'account', offset: 499, limit: 10 })).rows).toHaveLength(1);
  });

  it('orders by status and by updatedAt', () => {
    const statuses = fleet.instances(q({ sort: 'status', limit: 500 })).rows.map((r) => r.status);
    expect(statuses).toEqual([...statuses].sort());
    const updated = fleet.instances(q({ sort: 'updatedAt', sortDir: 'desc', limit: 500 })).rows.map((r) => r.updatedAt!);
    expect(updated).toEqual([...updated].sort().reverse());
  });

  it('is stale when an account in scope is older than twice its interval or failing', () => {
    now = NOW + 60_000; // d1 is now 150 s old with a 60 s interval
    expect(fleet.instances(q({ accountIds: ['p1'] })).stale).toBe(false);
    expect(fleet.instances(q()).stale).toBe(true);
    now = NOW;
    new SyncStateStore(opened.db).recordFailure('p1', 'offline', new Date(NOW), { code: 'OFFLINE', message: 'down' });
    const page = fleet.instances(q({ accountIds: ['p1'] }));
    expect(page).toMatchObject({ stale: true, total: 300, asOf: new Date(NOW - 30_000).toISOString() });
    expect(fleet.instances(q({ accountIds: ['never'] }))).toMatchObject({ total: 0, asOf: null, stale: false });
  });

  it('queries nodes the same way', () => {
    const page = fleet.nodes(q({ statuses: ['offline'] }));
    expect(page.total).toBe(1);
    expect(page.rows[0]).toMatchObject({ id: 'n2', accountName: 'Prod panel', status: 'offline' });
    expect(fleet.nodes(q({ text: 'node-n' })).total).toBe(2);
  });
});
