import { afterEach, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../../electron/main/core/cache/db';
import { FleetQueries } from '../../../electron/main/core/cache/fleet-query';
import { TextIndex } from '../../../electron/main/core/cache/text-index';
import { SnapshotStore } from '../../../electron/main/core/cache/snapshot-store';
import { insertAccount, instance, openTemp } from './support/fleet';

const T0 = new Date('2026-03-01T10:00:00Z');
const q = (extra: Record<string, unknown> = {}) => ({ offset: 0, limit: 1000, sort: 'name' as const, sortDir: 'asc' as const, ...extra });

describe('short search terms while a first sync commits page after page', () => {
  let opened: OpenedDatabase | undefined;
  afterEach(() => opened?.close());

  it('keep their in-memory answer (the changing account merged in from SQL, in name order), exactly as a scan would', async () => {
    opened = openTemp();
    const db = opened.db;
    insertAccount(db, { id: 'a1' });
    insertAccount(db, { id: 'a2' });
    const store = new SnapshotStore(db);
    const make = (acc: string, from: number, n: number) =>
      Array.from({ length: n }, (_, k) => instance(acc, `${acc}-${from + k}`, 'running', { name: `net-${(from + k) * 7 % 97}`, address: `10.${acc}.${from + k}` }));
    store.write({ id: 'a1', provider: 'skyport', environment: 'prod' }, { instances: make('a1', 0, 60), nodes: [] }, T0);
    let clock = 0;
    const index = new TextIndex(db, { now: () => clock, quietMs: 1_000 });
    const fleet = new FleetQueries(db, () => T0.getTime());
    await index.ready('instances');

    // a2 has never synced: its first sync commits each page as it lands.
    const staging = store.stage({ id: 'a2', provider: 'skyport', environment: 'prod' }, { firstSyncProgressive: true, now: () => T0 });
    const check = (label: string) => {
      const all = fleet.instances(q({ sort: 'name' })).rows; // long listing, from SQL, in name order
      for (const term of ['1', '3', 'a2', '.a', 'T-']) {
        const needle = term.toLowerCase();
        for (const scope of [null, new Set(['a2']), new Set(['a1'])]) {
          const expected = all.filter((r) => (!scope || scope.has(r.accountId)) && [r.name, r.id, r.address ?? ''].join('\u001f').toLowerCase().includes(needle));
          for (const desc of [false, true]) {
            const hit = index.window('instances', term, scope, desc, 2, 7);
            // The old index gave up (undefined: answered by a LIKE scan) after every page commit.
            expect(hit, `${label} ${term}`).toBeDefined();
            const ordered = desc ? [...expected].reverse() : expected;
            const rowids = db.prepare(`SELECT rowid AS r, account_id, id FROM instances`).all() as { r: number; account_id: string; id: string }[];
            const byRowid = new Map(rowids.map((x) => [Number(x.r), `${x.account_id}/${x.id}`]));
            expect(hit!.total, `${label} ${term} ${[...(scope ?? [])]} ${desc}`).toBe(expected.length);
            expect(hit!.rowids.map((r) => byRowid.get(r))).toEqual(ordered.slice(2, 9).map((r) => `${r.accountId}/${r.id}`));
          }
        }
      }
    };
    for (let p = 0; p < 4; p++) {
      staging.addInstances(make('a2', p * 25, 25));
      clock += 200; // pages keep coming: a2 is never quiet for 1 s, so it is not re-read
      check(`page ${p}`);
    }
    // A page that lists an earlier row again under another name (an update, not an insert): the account is read again.
    staging.addInstances([instance('a2', 'a2-3', 'running', { name: 'zz-renamed-13', address: '10.a2.3' })]);
    clock += 200;
    check('renamed');
    expect(index.window('instances', 'zz', null, false, 0, 5)?.total).toBe(1);
    staging.commit(T0, T0);
    check('committed');
    // Quiet for a second: the next query re-reads it in the background; then everything is in memory again.
    clock += 1_000;
    index.window('instances', '1', null, false, 0, 1);
    clock += 1;
    index.window('instances', '1', null, false, 0, 1);
    await index.ready('instances');
    check('rebuilt');
  });

  it('reads an account written during a build again once its snapshot is complete (not later, under a keystroke)', async () => {
    opened = openTemp();
    const db = opened.db;
    insertAccount(db, { id: 'a1' });
    insertAccount(db, { id: 'a2' });
    const store = new SnapshotStore(db);
    // More rows than one build step reads: the build spans event-loop turns, and a2's snapshot lands meanwhile.
    store.write({ id: 'a1', provider: 'skyport', environment: 'prod' }, { instances: Array.from({ length: 2500 }, (_, k) => instance('a1', `x${k}`)), nodes: [] }, T0);
    const index = new TextIndex(db, { now: () => 0 });
    const changed = () => (index as unknown as { changedAccounts(s: unknown, v: unknown): string[]; snapshots: Map<string, unknown>; versions(t: string): unknown });
    const dirty = () => changed().changedAccounts(changed().snapshots.get('instances'), changed().versions('instances'));
    for (const settled of [undefined, 'a2']) {
      // A build is running (another account's snapshot was saved) when a2's complete snapshot lands and warms it too.
      store.write({ id: 'a1', provider: 'skyport', environment: 'prod' }, { instances: Array.from({ length: 2500 }, (_, k) => instance('a1', `x${k}-${settled}`)), nodes: [] }, T0);
      const running = index.ready('instances');
      store.write({ id: 'a2', provider: 'skyport', environment: 'prod' }, { instances: [instance('a2', `y-${settled}`)], nodes: [] }, T0);
      await Promise.all([running, index.ready('instances', settled)]);
      // Without the word that a2 is done, it stays beside the memory (read from SQL) until a query reads it back in.
      expect(dirty()).toEqual(settled ? [] : ['a2']);
    }
  });

  it('falls back to SQL when more rows changed than it reads beside the memory', async () => {
    opened = openTemp();
    const db = opened.db;
    insertAccount(db, { id: 'a1' });
    const store = new SnapshotStore(db);
    store.write({ id: 'a1', provider: 'skyport', environment: 'prod' }, { instances: [instance('a1', 'x1')], nodes: [] }, T0);
    const index = new TextIndex(db, { now: () => 0, maxChangedRows: 10 });
    await index.ready('instances');
    const staging = store.stage({ id: 'a1', provider: 'skyport', environment: 'prod' }, { firstSyncProgressive: false, now: () => T0 });
    staging.addInstances(Array.from({ length: 20 }, (_, k) => instance('a1', `y${k}`)));
    staging.commit(T0, T0);
    expect(index.window('instances', 'y', null, false, 0, 5)).toBeUndefined();
  });
});
