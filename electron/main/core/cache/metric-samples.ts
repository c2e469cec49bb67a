import type { MetricSeries } from '../../../../shared/model';
import { transaction } from './db';
import type { Database, Statement } from './sqlite';

export interface MetricRetention {
  /** Samples older than this are dropped. */
  maxAgeMs: number;
  /** At most this many samples are kept per node and metric (the newest). */
  maxPerSeries: number;
}

export const DEFAULT_METRIC_RETENTION: MetricRetention = { maxAgeMs: 7 * 86_400_000, maxPerSeries: 10_080 };

/** Node metric samples, kept within a retention by age and by count. */
export class MetricSampleStore {
  private readonly insert: Statement;
  private readonly select: Statement;
  private readonly pruneAge: Statement;
  private readonly pruneCount: Statement;

  constructor(private readonly db: Database) {
    this.insert = db.prepare('INSERT OR REPLACE INTO metric_samples (account_id, node_id, metric, t, value) VALUES (?, ?, ?, ?, ?)');
    this.select = db.prepare('SELECT metric, t, value FROM metric_samples WHERE account_id = ? AND node_id = ? AND t >= ? ORDER BY metric, t');
    this.pruneAge = db.prepare('DELETE FROM metric_samples WHERE t < ?');
    this.pruneCount = db.prepare(`
      DELETE FROM metric_samples WHERE (account_id, node_id, metric, t) IN (
        SELECT account_id, node_id, metric, t FROM (
          SELECT account_id, node_id, metric, t,
                 row_number() OVER (PARTITION BY account_id, node_id, metric ORDER BY t DESC) AS rank
          FROM metric_samples WHERE account_id = ? AND node_id = ?
        ) WHERE rank > ?
      )`);
  }

  /** Stores the points of each series (a point already stored at the same time is replaced), then applies the retention. */
  add(accountId: string, nodeId: string, series: readonly MetricSeries[], nowMs: number, retention = DEFAULT_METRIC_RETENTION): void {
    transaction(this.db, () => {
      for (const s of series) {
        for (const p of s.points) if (Number.isFinite(p.t) && Number.isFinite(p.v)) this.insert.run(accountId, nodeId, s.name, Math.round(p.t), p.v);
      }
      this.pruneAge.run(nowMs - retention.maxAgeMs);
      this.pruneCount.run(accountId, nodeId, retention.maxPerSeries);
    });
  }

  /** The stored series of a node since `sinceMs`, one per metric, points in time order. */
  range(accountId: string, nodeId: string, sinceMs: number): MetricSeries[] {
    const out = new Map<string, MetricSeries>();
    for (const r of this.select.all(accountId, nodeId, sinceMs) as { metric: string; t: number; value: number }[]) {
      let s = out.get(r.metric);
      if (!s) out.set(r.metric, (s = { name: r.metric, points: [] }));
      s.points.push({ t: Number(r.t), v: Number(r.value) });
    }
    return [...out.values()];
  }
}
