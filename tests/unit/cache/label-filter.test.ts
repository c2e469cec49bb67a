import { afterEach, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../../electron/main/core/cache/db';
import { FleetQueries } from '../../../electron/main/core/cache/fleet-query';
import { SnapshotStore } from '../../../electron/main/core/cache/snapshot-store';
import { instanceQuerySchema } from '../../../shared/contract';
import { insertAccount, instance, openTemp } from './support/fleet';

const q = (extra: Record<string, unknown> = {}) => instanceQuerySchema.parse({ limit: 100, ...extra });

describe('instances filtered by a label (the drawer’s owner and image links)', () => {
  let opened: OpenedDatabase | undefined;
  afterEach(() => opened?.close());

  it('keeps one account’s instances whose label is exactly the value, with the other criteria and sorts', () => {
    opened = openTemp();
    const db = opened.db;
    insertAccount(db, { id: 'a1' });
    insertAccount(db, { id: 'a2', environment: 'dev' });
    const store = new SnapshotStore(db);
    const at = new Date('2026-03-01T10:00:00Z');
    const make = (acc: string) =>
      Array.from({ length: 20 }, (_, i) =>
        instance(acc, `${acc}-${i}`, i % 3 === 0 ? 'suspended' : 'running', {
          name: `web-${i}`,
          labels: { user: `u${i % 4}`, image: i % 2 ? 'nginx:1.27' : 'nginx:1.27-alpine' },
        }),
      );
    store.write({ id: 'a1', provider: 'skyport', environment: 'prod' }, { instances: make('a1'), nodes: [] }, at);
    // The same user id in another account is another user: never mixed in.
    store.write({ id: 'a2', provider: 'skyport', environment: 'dev' }, { instances: make('a2'), nodes: [] }, at);
    const fleet = new FleetQueries(db);

    const owner = fleet.instances(q({ label: { accountId: 'a1', key: 'user', value: 'u1' } }));
    expect(owner.rows.map((r) => r.id)).toEqual(['a1-1', 'a1-5', 'a1-9', 'a1-13', 'a1-17']);
    expect(owner.total).toBe(5);

    const image = fleet.instances(q({ label: { accountId: 'a2', key: 'image', value: 'nginx:1.27' }, statuses: ['running'], sort: 'account' }));
    expect(image.rows.map((r) => r.id)).toEqual(['a2-1', 'a2-5', 'a2-7', 'a2-11', 'a2-13', 'a2-17', 'a2-19']);
    // A prefix is not the value; short and long text still narrow it.
    expect(fleet.instances(q({ label: { accountId: 'a1', key: 'image', value: 'nginx' } })).total).toBe(0);
    expect(fleet.instances(q({ label: { accountId: 'a1', key: 'user', value: 'u1' }, text: '3' })).rows.map((r) => r.id)).toEqual(['a1-13']);
    expect(fleet.instances(q({ label: { accountId: 'a1', key: 'user', value: 'u1' }, text: 'web-1' })).total).toBe(3);
    // Outside the scope asked for: nothing.
    expect(fleet.instances(q({ label: { accountId: 'a1', key: 'user', value: 'u1' }, environments: ['dev'] })).total).toBe(0);
  });

  it('refuses a key that is not a label filter', () => {
    expect(() => q({ label: { accountId: 'a1', key: 'raw_json', value: 'x' } })).toThrow();
    expect(() => q({ label: { accountId: 'a1', key: 'user', value: '' } })).toThrow();
  });
});
