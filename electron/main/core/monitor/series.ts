import { METRIC_RANGES, type MetricRange, type MonitorMetric, type SeriesColumn } from '../../../../shared/contract/monitor';
import type { Database, Statement } from '../cache/sqlite';
import { METRIC_UNITS } from './metric-names';

/** The rollup slot (metric_rollups, kept by a trigger on metric_samples). */
export const ROLLUP_MS = 600_000;

export interface SeriesQuery {
  accountId: string;
  nodeId: string;
  range: MetricRange;
  maxPoints: number;
  nowMs: number;
}

export interface SeriesAnswer {
  fromMs: number;
  toMs: number;
  bucketMs: number;
  series: SeriesColumn[];
  lastSampleMs: number | null;
}

/**
 * Reads a node's samples over a range, downsampled in SQL: the range is cut into fewer than `maxPoints`
 * buckets and each bucket comes back as one row (avg, min, max), so a 7-day chart of 1-minute samples
 * moves a few hundred rows, not ten thousand.
 */
export class SeriesQueries {
  private readonly bucketed: Statement;
  private readonly rolled: Statement;
  private readonly last: Statement;

  constructor(db: Database) {
    this.bucketed = db.prepare(`
      SELECT metric, (t - CAST(:from AS INTEGER)) / CAST(:bucket AS INTEGER) AS b, AVG(value) AS avg, MIN(value) AS lo, MAX(value) AS hi
      FROM metric_samples
      WHERE account_id = :account AND node_id = :node AND t >= :from AND t <= :to
      GROUP BY metric, b
      ORDER BY metric, b`);
    this.rolled = db.prepare(`
      SELECT metric, (slot - CAST(:from AS INTEGER)) / CAST(:bucket AS INTEGER) AS b, SUM(total) / SUM(n) AS avg, MIN(lo) AS lo, MAX(hi) AS hi
      FROM metric_rollups
      WHERE account_id = :account AND node_id = :node AND slot >= :from AND slot <= :to
      GROUP BY metric, b
      ORDER BY metric, b`);
    this.last = db.prepare('SELECT MAX(t) AS t FROM metric_samples WHERE account_id = ? AND node_id = ?');
  }

  series(q: SeriesQuery): SeriesAnswer {
    const rangeMs = METRIC_RANGES[q.range];
    const toMs = Math.floor(q.nowMs);
    const fromMs = toMs - rangeMs;
    // floor + 1 keeps (to - from) / bucket strictly below maxPoints: never more buckets than pixels.
    const bucketMs = Math.floor(rangeMs / q.maxPoints) + 1;
    // Buckets of 5 minutes or more read the 10-minute rollups (fewer points than asked, never more).
    const useRollups = bucketMs >= 5 * 60_000;
    // Whole slots per bucket, from the first slot wholly in the range: still fewer than maxPoints buckets.
    const bucket = useRollups ? Math.ceil(bucketMs / ROLLUP_MS) * ROLLUP_MS : bucketMs;
    const from = useRollups ? Math.ceil(fromMs / ROLLUP_MS) * ROLLUP_MS : fromMs;
    const rows = (useRollups ? this.rolled : this.bucketed).all({ from, bucket, account: q.accountId, node: q.nodeId, to: toMs }) as {
      metric: MonitorMetric;
      b: number;
      avg: number;
      lo: number;
      hi: number;
    }[];
    const byMetric = new Map<MonitorMetric, SeriesColumn>();
    for (const r of rows) {
      let col = byMetric.get(r.metric);
      if (!col) byMetric.set(r.metric, (col = { metric: r.metric, unit: METRIC_UNITS[r.metric] ?? '', t: [], avg: [], min: [], max: [] }));
      col.t.push(Math.max(fromMs, from + Number(r.b) * bucket));
      col.avg.push(round(r.avg));
      col.min.push(round(r.lo));
      col.max.push(round(r.hi));
    }
    const last = (this.last.get(q.accountId, q.nodeId) as { t: number | null } | undefined)?.t;
    return { fromMs, toMs, bucketMs: bucket, series: [...byMetric.values()], lastSampleMs: last == null ? null : Number(last) };
  }
}

function round(v: number): number {
  return Math.round(Number(v) * 100) / 100;
}
