/**
 * Short search terms during a first sync, at fleet scale without simulators: a cache of 80,000 synced
 * instances (four accounts) and a fifth, never-synced account whose first sync commits 20,000 instances
 * page by page (500 a page, as a paged API delivers them). Between pages, one- and two-letter queries
 * over the whole fleet and over the syncing account, by FleetQueries as the app asks them.
 * BENCH_SCALE=small: 4,000 + 1,000. One JSON line per figure, then a table.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../electron/main/core/cache/db';
import { FleetQueries } from '../../electron/main/core/cache/fleet-query';
import { SnapshotStore } from '../../electron/main/core/cache/snapshot-store';
import { createLogger, silentSink } from '../../electron/main/core/util/log';
import { Redactor } from '../../electron/main/core/util/redact';
import type { Instance } from '../../shared/model';
import { Figures } from './figures';

const SCALES = { full: { synced: 20_000, first: 20_000, page: 500 }, small: { synced: 1_000, first: 1_000, page: 100 } } as const;
const TERMS = ['a', 'e', 'n', 's', '1', '7', 'ne', 'er', '-1', 'ra'];
const WORDS = ['amber', 'brisk', 'calm', 'gold', 'keen', 'lunar', 'noble', 'olive', 'proud', 'quiet'];
const NOUNS = ['juniper', 'ember', 'fjord', 'glacier', 'harbor', 'summit', 'island', 'kestrel', 'quartz', 'comet'];

function make(accountId: string, from: number, n: number): Instance[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return {
      accountId, provider: 'skyport', id: `${accountId}-${i}`, name: `${WORDS[i % 10]}-${NOUNS[(i * 7) % 10]}-${String(i).padStart(5, '0')}`,
      status: 'running', address: `10.${i % 250}.${(i >> 8) % 250}.1:${20000 + (i % 5000)}`, raw: { i },
    };
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function bench(): Promise<void> {
  const scaleName = (process.env.BENCH_SCALE ?? 'full') as keyof typeof SCALES;
  const scale = SCALES[scaleName];
  if (!scale) throw new Error(`BENCH_SCALE must be full or small, not "${process.env.BENCH_SCALE}"`);
  const figures = new Figures({});
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-short-'));
  const opened = openDatabase(path.join(dir, 'hangar.db'), createLogger({ sink: silentSink, redactor: new Redactor() }));
  try {
    const db = opened.db;
    const insert = db.prepare(`INSERT INTO accounts (id, name, provider, base_url, environment, env_color, auth_method, poll_interval_sec, created_at, updated_at)
      VALUES (?, ?, 'skyport', 'http://127.0.0.1:1', 'prod', '#d03050', 'apiKey', 60, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
    for (const id of ['s1', 's2', 's3', 's4', 'f1']) insert.run(id, `Account ${id}`);
    const store = new SnapshotStore(db);
    const at = new Date('2026-11-29T20:00:00Z');
    for (const id of ['s1', 's2', 's3', 's4']) store.write({ id, provider: 'skyport', environment: 'prod' }, { instances: make(id, 0, scale.synced), nodes: [] }, at);
    const fleet = new FleetQueries(db);
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    await fleet.warmTextIndex();
    global.gc?.();
    figures.report('short_index_heap_mb', (process.memoryUsage().heapUsed - heapBefore) / 1e6, 'MB', `the in-memory index of ${4 * scale.synced} instances (run with --expose-gc for an exact figure)`);
    const q = (text: string, accountIds?: string[]) => ({ text, accountIds, offset: 0, limit: 100, sort: 'name' as const, sortDir: 'asc' as const });

    const time = (samples: number[], run: () => unknown) => {
      const t = performance.now();
      run();
      samples.push(performance.now() - t);
    };
    const before: number[] = [];
    for (const term of TERMS) time(before, () => fleet.instances(q(term)));

    const all: number[] = [];
    const own: number[] = [];
    const staging = store.stage({ id: 'f1', provider: 'skyport', environment: 'prod' }, { firstSyncProgressive: true, now: () => at });
    for (let from = 0; from < scale.first; from += scale.page) {
      staging.addInstances(make('f1', from, scale.page));
      for (const term of TERMS) {
        time(all, () => fleet.instances(q(term)));
        time(own, () => fleet.instances(q(term, ['f1'])));
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    staging.commit(at, at);
    const total = 4 * scale.synced + scale.first;
    for (const [name, samples, note] of [
      ['short_synced_p95_ms', before, `1–2 letters over ${4 * scale.synced} synced instances, index current`],
      ['short_first_sync_all_p50_ms', all, `whole fleet, between the ${scale.first / scale.page} page commits of a ${scale.first}-instance first sync (${total} at the end)`],
      ['short_first_sync_all_p95_ms', all, ''],
      ['short_first_sync_own_p95_ms', own, 'the syncing account alone'],
    ] as const) {
      const sorted = [...samples].sort((a, b) => a - b);
      figures.report(name, percentile(sorted, name.includes('p50') ? 50 : 95), 'ms', note || undefined);
    }
  } finally {
    opened.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

bench().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
