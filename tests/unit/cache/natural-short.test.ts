import { afterEach, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../../electron/main/core/cache/db';
import { FleetQueries } from '../../../electron/main/core/cache/fleet-query';
import { naturalKey } from '../../../electron/main/core/cache/natural-sort';
import { TextIndex } from '../../../electron/main/core/cache/text-index';
import { SnapshotStore } from '../../../electron/main/core/cache/snapshot-store';
import { insertAccount, instance, openTemp } from './support/fleet';

const q = (extra: Record<string, unknown> = {}) => ({ offset: 0, limit: 50, sort: 'name' as const, sortDir: 'asc' as const, ...extra });

describe('natural name order and short search terms', () => {
  let opened: OpenedDatabase | undefined;
  afterEach(() => opened?.close());

  it('natural keys order digit runs by value', () => {
    const names = ['net-10', 'net-2', 'Net-1', 'net-002b', 'net-2a', 'alpha', 'net-100000000000000'];
    expect([...names].sort((a, b) => (naturalKey(a) < naturalKey(b) ? -1 : 1))).toEqual([
      'alpha',
      'Net-1',
      'net-2',
      'net-2a',
      'net-002b',
      'net-10',
      'net-100000000000000',
    ]);
  });

  it('answers name order and the account-level sorts from memory exactly as SQL does, with or without text, at any offset', async () => {
    opened = openTemp();
    const db = opened.db;
    const accounts = [
      { id: 'a1', name: 'Zulu', provider: 'skyport', environment: 'prod', n: 15 },
      { id: 'a2', name: 'alpha', provider: 'nim', environment: 'dev', n: 9 },
      { id: 'a3', name: 'Mike', provider: 'zesty', environment: 'staging', n: 20 },
    ] as const;
    const store = new SnapshotStore(db);
    for (const a of accounts) {
      insertAccount(db, a);
      const rows = Array.from({ length: a.n }, (_, i) => instance(a.id, `${a.id}-${i}`, 'running', { provider: a.provider, name: `svc-${(i * 7) % a.n}` }));
      store.write({ id: a.id, provider: a.provider, environment: a.environment }, { instances: rows, nodes: [] }, new Date('2026-03-01T10:00:00Z'));
    }
    const fleet = new FleetQueries(db);
    const queries: Record<string, unknown>[] = [];
    for (const sort of ['name', 'account', 'provider', 'environment'])
      for (const text of [undefined, '1', 'svc-1', 'A3-', 'zz'])
        for (const sortDir of ['asc', 'desc'])
          for (const offset of [0, 7, 20, 40])
            for (const accountIds of [undefined, ['a1', 'a3']]) queries.push({ sort, text, sortDir, offset, limit: 6, accountIds });
    await fleet.warmTextIndex();
    // Every row is running: the same query with that status filter is SQL's answer (memory does not know statuses).
    for (const x of queries) expect(fleet.instances(q(x)), JSON.stringify(x)).toEqual(fleet.instances(q({ ...x, statuses: ['running'] })));
  });

  it('sorts names naturally in SQL, and answers search terms of any length from memory exactly as a scan would, in scope, both ways', async () => {
    opened = openTemp();
    const db = opened.db;
    insertAccount(db, { id: 'a1' });
    insertAccount(db, { id: 'a2' });
    const store = new SnapshotStore(db);
    const at = new Date('2026-03-01T10:00:00Z');
    const make = (acc: string, n: number) =>
      Array.from({ length: n }, (_, i) => instance(acc, `${acc}-${i}`, 'running', { name: `net-${i}`, address: i % 4 === 0 ? `10.0.${i}.1` : undefined }));
    // A name where a long term's first six letters are found before the whole term is (the index looks for those first).
    const twice = instance('a1', 'a1-twice', 'running', { name: 'abcdefabcdefX' });
    store.write({ id: 'a1', provider: 'skyport', environment: 'prod' }, { instances: [...make('a1', 30), twice], nodes: [] }, at);
    store.write({ id: 'a2', provider: 'skyport', environment: 'prod' }, { instances: make('a2', 12), nodes: [] }, at);
    const fleet = new FleetQueries(db);

    const names = fleet.instances(q({ accountIds: ['a2'] })).rows.map((r) => r.name);
    expect(names).toEqual(Array.from({ length: 12 }, (_, i) => `net-${i}`));
    expect(fleet.instances(q({ text: 'abcdefX' })).rows.map((r) => r.id)).toEqual(['a1-twice']);

    const all = fleet.instances(q({ limit: 1000 })).rows;
    // Every length, from memory (at this size the first query reads the index at once) and, with a status
    // filter that keeps every row, from SQL (trigram index for 3 letters and more, the search column below).
    const check = () => {
    for (const term of ['1', '2', '0.', 'T-', 'a1', 'net-1', 'NET-2', '10.0.1', 'a2-1', 'abcdefX', 'cdefab', 'abcdefY', 'net-1\u001fa1', '\u001f']) {
      const needle = term.toLowerCase();
      for (const scope of [undefined, ['a1']]) {
        // A match never spans two fields (name, id, address).
        const expected = all.filter((r) => (!scope || scope.includes(r.accountId)) && [r.name, r.id, r.address ?? ''].some((f) => f.toLowerCase().includes(needle)));
        for (const dir of ['asc', 'desc'] as const) {
          const page = fleet.instances(q({ text: term, accountIds: scope, sortDir: dir, offset: 3, limit: 5 }));
          const ordered = dir === 'asc' ? expected : [...expected].reverse();
          expect(page.total, `${term} ${scope} ${dir}`).toBe(expected.length);
          expect(page.rows.map((r) => `${r.accountId}/${r.id}`)).toEqual(ordered.slice(3, 8).map((r) => `${r.accountId}/${r.id}`));
          expect(fleet.instances(q({ text: term, accountIds: scope, sortDir: dir, offset: 3, limit: 5, statuses: ['running'] })), `SQL ${term} ${scope} ${dir}`).toEqual(page);
        }
      }
    }
    };
    check();
    await fleet.warmTextIndex();
    check();

    // A rename reaches the in-memory index (the triggers move its version); a status-only change does not need to.
    const before = fleet.instances(q({ text: 'zz' })).total;
    store.write(
      { id: 'a2', provider: 'skyport', environment: 'prod' },
      { instances: [...make('a2', 11), instance('a2', 'a2-11', 'stopped', { name: 'zz-renamed' })], nodes: [] },
      new Date(at.getTime() + 1000),
    );
    expect(before).toBe(0);
    expect(fleet.instances(q({ text: 'zz' })).rows.map((r) => r.name)).toEqual(['zz-renamed']);
    await fleet.warmTextIndex();
    expect(fleet.instances(q({ text: 'zz' })).rows.map((r) => r.name)).toEqual(['zz-renamed']);
    // The index answers once built; right after a change it answers the changed account from SQL beside the memory.
    const index = new TextIndex(db);
    expect(index.window('instances', 'zz', null, false, 0, 10)).toBeUndefined();
    await index.ready('instances');
    expect(index.window('instances', 'zz', null, false, 0, 10)?.total).toBe(1);
    store.write({ id: 'a2', provider: 'skyport', environment: 'prod' }, { instances: make('a2', 12), nodes: [] }, new Date(at.getTime() + 2000));
    expect(index.window('instances', 'zz', null, false, 0, 10)?.total).toBe(0);
    await index.ready('instances');
    expect(index.window('instances', 'zz', null, false, 0, 10)?.total).toBe(0);
    // Other filters than the account go through SQL, with the same answer.
    expect(fleet.instances(q({ text: 'zz', statuses: ['stopped'] })).total).toBe(0);
  });
});
