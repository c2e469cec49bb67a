import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../../electron/main/core/cache/db';
import { FleetQueries } from '../../../electron/main/core/cache/fleet-query';
import { MIGRATIONS } from '../../../electron/main/core/cache/migrations';
import type { Instance } from '../../../shared/model';
import { SnapshotStore } from '../../../electron/main/core/cache/snapshot-store';
import { INSTANCE_LABEL_FILTERS, instanceQuerySchema } from '../../../shared/contract';
import { INDEXED_LABEL_KEYS } from '../../../electron/main/core/cache/label-index';
import { insertAccount, instance, openTemp, quietLog, tempDir } from './support/fleet';

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

  it('answers from the label index exactly as a scan of the rows would, on every path, and follows every change', async () => {
    opened = openTemp();
    const db = opened.db;
    insertAccount(db, { id: 'a1' });
    insertAccount(db, { id: 'a2' });
    const store = new SnapshotStore(db);
    const at = new Date('2026-03-01T10:00:00Z');
    const make = (acc: string, n: number, image: (i: number) => string = (i) => (i % 3 ? 'img:a' : 'img:b')): Instance[] =>
      Array.from({ length: n }, (_, i) =>
        instance(acc, `${acc}-${i}`, i % 4 === 0 ? 'stopped' : 'running', { name: `svc-${(i * 7) % n}`, labels: { image: image(i), user: 'u1' } }),
      );
    store.write({ id: 'a1', provider: 'skyport', environment: 'prod' }, { instances: make('a1', 60), nodes: [] }, at);
    store.write({ id: 'a2', provider: 'skyport', environment: 'prod' }, { instances: make('a2', 30), nodes: [] }, at);
    const fleet = new FleetQueries(db);
    const everything = fleet.instances(q({ limit: 1000 })).rows;

    const check = (image: string) => {
      const labelled = everything.filter((r) => r.accountId === 'a1' && r.labels?.image === image);
      const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
      for (const dir of ['asc', 'desc'] as const) {
        const ordered = dir === 'asc' ? labelled : [...labelled].reverse();
        const page = fleet.instances(q({ label: { accountId: 'a1', key: 'image', value: image }, sortDir: dir, offset: 5, limit: 7 }));
        expect(page.total, `${image} ${dir}`).toBe(labelled.length);
        expect(ids(page.rows)).toEqual(ids(ordered.slice(5, 12)));
        for (const text of ['1', 'svc-2', 'svc-']) {
          const withText = ordered.filter((r) => r.name.includes(text) || r.id.includes(text));
          const t = fleet.instances(q({ label: { accountId: 'a1', key: 'image', value: image }, text, sortDir: dir, limit: 500 }));
          expect(ids(t.rows), `${image} ${text} ${dir}`).toEqual(ids(withText));
        }
        const stopped = fleet.instances(q({ label: { accountId: 'a1', key: 'image', value: image }, statuses: ['stopped'], sortDir: dir, limit: 500 }));
        expect(ids(stopped.rows)).toEqual(ids(ordered.filter((r) => r.status === 'stopped')));
      }
    };
    check('img:a');
    check('img:b');
    await fleet.warmTextIndex();
    check('img:a');

    // A changed image, a rename (its place in name order), a deleted instance: the index follows each.
    const next = make('a1', 59, (i) => (i === 3 ? 'img:c' : i % 3 ? 'img:a' : 'img:b'));
    next[6] = { ...next[6]!, name: 'aaa-first' };
    store.write({ id: 'a1', provider: 'skyport', environment: 'prod' }, { instances: next, nodes: [] }, new Date(at.getTime() + 1000));
    const c = fleet.instances(q({ label: { accountId: 'a1', key: 'image', value: 'img:c' } }));
    expect(c.rows.map((r) => r.id)).toEqual(['a1-3']);
    expect(fleet.instances(q({ label: { accountId: 'a1', key: 'image', value: 'img:b' } })).rows[0]!.id).toBe('a1-6');
    expect(fleet.instances(q({ label: { accountId: 'a1', key: 'user', value: 'u1' } })).total).toBe(59);
    const rows = db.prepare("SELECT count(*) AS n FROM instance_labels WHERE account_id = 'a1'").get() as { n: number };
    expect(Number(rows.n)).toBe(59 * 2);
    // Numbers are matched by their text; labels no filter can name are not indexed.
    store.write(
      { id: 'a2', provider: 'skyport', environment: 'prod' },
      { instances: [instance('a2', 'n1', 'running', { labels: { process: 42, memoryMb: 1024 } as never })], nodes: [] },
      new Date(at.getTime() + 2000),
    );
    expect(fleet.instances(q({ label: { accountId: 'a2', key: 'process', value: '42' } })).rows.map((r) => r.id)).toEqual(['n1']);
    expect(Number((db.prepare("SELECT count(*) AS n FROM instance_labels WHERE account_id = 'a2'").get() as { n: number }).n)).toBe(1);
  });

  it('indexes exactly the labels a filter can name', () => {
    expect([...INDEXED_LABEL_KEYS]).toEqual([...INSTANCE_LABEL_FILTERS]);
  });

  it('indexes the labels of rows cached before the label index existed', () => {
    const dir = tempDir();
    const file = path.join(dir, 'hangar.db');
    const before = openDatabase(file, quietLog, MIGRATIONS.slice(0, 10));
    insertAccount(before.db, { id: 'a1' });
    new SnapshotStore(before.db).write(
      { id: 'a1', provider: 'skyport', environment: 'prod' },
      { instances: [instance('a1', 'x', 'running', { labels: { image: 'nginx' } }), instance('a1', 'y')], nodes: [] },
      new Date('2026-03-01T10:00:00Z'),
    );
    before.close();
    opened = openDatabase(file, quietLog);
    const fleet = new FleetQueries(opened.db);
    expect(fleet.instances(q({ label: { accountId: 'a1', key: 'image', value: 'nginx' } })).rows.map((r) => r.id)).toEqual(['x']);
  });

  it('refuses a key that is not a label filter', () => {
    expect(() => q({ label: { accountId: 'a1', key: 'raw_json', value: 'x' } })).toThrow();
    expect(() => q({ label: { accountId: 'a1', key: 'user', value: '' } })).toThrow();
  });
});
