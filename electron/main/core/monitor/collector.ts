import type { MonitorMetric } from '../../../../shared/contract/monitor';
import type { Capability, MetricSeries } from '../../../../shared/model';
import { DEFAULT_METRIC_RETENTION, MetricSampleStore } from '../cache/metric-samples';
import type { Database, Statement } from '../cache/sqlite';
import type { Provider } from '../providers/types';
import { mapLimit } from '../util/concurrency';
import type { Logger } from '../util/log';
import { canonicalSeries } from './metric-names';

const STATUS_SLOT_MS = 600_000;
const COUNTERS = new Set(['nginx.http.request.count', 'nginx.http.conn.active', 'requests', 'connections']);

export type MetricsProvider = Pick<Provider, 'capabilities' | 'nodeMetrics'>;

export interface CollectorAccount {
  id: string;
  provider: string;
}

export interface CollectorDeps {
  db: Database;
  getProvider(accountId: string): MetricsProvider | Promise<MetricsProvider>;
  now(): number;
  log: Logger;
  /** The newest value of each metric a node reported in this round (thresholds are checked on it). */
  onLatest?(accountId: string, nodeId: string, latest: Partial<Record<MonitorMetric, number>>): void;
  /** Nodes asked per account and round; the rest wait for the next rounds (a cursor walks them). */
  nodesPerRound?: number;
  concurrency?: number;
  /** History asked for a node the first time it is collected (default 7 days; 0 = none). */
  backfillMinutes?: number;
}

/** What an API can tell about nodes: metrics (NIM), status and resources only (Skyport), or nothing. */
export function metricsOffered(capabilities: readonly Capability[]): MonitorMetric[] {
  if (capabilities.includes('nodes.metrics')) return ['cpu', 'memory', 'load', 'requests', 'connections', 'net_in', 'net_out'];
  if (capabilities.includes('nodes.list')) return ['online', 'instances'];
  return [];
}

/**
 * Collects node samples into metric_samples: NIM's /analytics/metrics for the nodes' metrics since the
 * last round; for APIs that only list nodes (Skyport), the node's status and instance count from the
 * cache. Each round asks at most `nodesPerRound` nodes per account, walking the fleet over rounds.
 */
export class MetricCollector {
  private readonly samples: MetricSampleStore;
  private readonly onlineNodes: Statement;
  private readonly statusSamples: Statement;
  private readonly cursor = new Map<string, number>();
  private readonly lastAsked = new Map<string, number>();
  private readonly statusSlot = new Map<string, number>();
  private readonly pruneSamples: Statement;
  private readonly pruneRollups: Statement;

  constructor(private readonly deps: CollectorDeps) {
    this.samples = new MetricSampleStore(deps.db);
    this.onlineNodes = deps.db.prepare("SELECT id FROM nodes WHERE account_id = ? AND status = 'online' ORDER BY id");
    this.pruneSamples = deps.db.prepare('DELETE FROM metric_samples WHERE t < ?');
    this.pruneRollups = deps.db.prepare('DELETE FROM metric_rollups WHERE slot < ?');
    this.statusSamples = deps.db.prepare(`
      INSERT OR REPLACE INTO metric_samples (account_id, node_id, metric, t, value)
      SELECT account_id, id, 'online', :t, CASE status WHEN 'online' THEN 1 ELSE 0 END FROM nodes WHERE account_id = :account
      UNION ALL
      SELECT account_id, id, 'instances', :t, instance_count FROM nodes WHERE account_id = :account AND instance_count IS NOT NULL`);
  }

  async collect(account: CollectorAccount): Promise<{ samples: number; nodes: number }> {
    const provider = await this.deps.getProvider(account.id);
    const now = this.deps.now();
    if (provider.capabilities.includes('nodes.metrics')) return this.collectMetrics(account.id, provider, now);
    if (provider.capabilities.includes('nodes.list')) {
      // Status and instance count once per 10-minute slot (a fleet of 1,000 nodes writes 2,000 rows a
      // slot, not a minute); the status changes themselves are alerts, not samples.
      const slot = Math.floor(now / STATUS_SLOT_MS) * STATUS_SLOT_MS;
      if (this.statusSlot.get(account.id) === slot) return { samples: 0, nodes: 0 };
      this.statusSlot.set(account.id, slot);
      const r = this.statusSamples.run({ t: slot, account: account.id });
      return { samples: Number(r.changes), nodes: 0 };
    }
    return { samples: 0, nodes: 0 };
  }

  /** Drops samples and rollups past the retention (by time, on the time indexes: one pass for every account). */
  prune(): void {
    const before = this.deps.now() - DEFAULT_METRIC_RETENTION.maxAgeMs;
    this.pruneSamples.run(before);
    this.pruneRollups.run(before - 600_000);
  }

  private async collectMetrics(accountId: string, provider: MetricsProvider, now: number): Promise<{ samples: number; nodes: number }> {
    const all = (this.onlineNodes.all(accountId) as { id: string }[]).map((r) => r.id);
    if (all.length === 0) return { samples: 0, nodes: 0 };
    const per = Math.min(all.length, this.deps.nodesPerRound ?? 25);
    const start = (this.cursor.get(accountId) ?? 0) % all.length;
    const picked = Array.from({ length: per }, (_, i) => all[(start + i) % all.length]!);
    this.cursor.set(accountId, (start + per) % all.length);
    let samples = 0;
    await mapLimit(picked, this.deps.concurrency ?? 4, async (nodeId) => {
      const key = `${accountId}\u0000${nodeId}`;
      const since = this.lastAsked.get(key);
      // Since the last round, at least 2 and at most 60 minutes (a first round fills the last hour).
      const minutes = since === undefined ? 60 : Math.min(60, Math.max(2, Math.ceil((now - since) / 60_000) + 1));
      let batches: MetricSeries[][];
      try {
        // A node seen for the first time also gets the last 7 days at the API's coarse resolution
        // (one request), so the long ranges have a history from the start.
        batches = [await provider.nodeMetrics(nodeId, minutes)];
        if (since === undefined && this.deps.backfillMinutes !== 0) {
          // Gauges only: a coarse bucket's SUM of request counts depends on how many samples the API
          // kept in it, so counts start with the minute-by-minute collection.
          const coarse = await provider.nodeMetrics(nodeId, this.deps.backfillMinutes ?? 7 * 1440);
          batches.unshift(coarse.filter((s) => !COUNTERS.has(s.name)));
        }
      } catch (e) {
        this.deps.log.warn('node metrics failed', { accountId, nodeId, error: e instanceof Error ? e.message : String(e) });
        return;
      }
      this.lastAsked.set(key, now);
      // Each answer separately: sources of one metric add up within an answer, never across two.
      let canonical: ReturnType<typeof canonicalSeries> = [];
      for (const batch of batches) {
        canonical = canonicalSeries(batch);
        this.samples.add(accountId, nodeId, canonical.map((c) => ({ name: c.metric, points: c.points })), now);
        samples += canonical.reduce((n, c) => n + c.points.length, 0);
      }
      const latest: Partial<Record<MonitorMetric, number>> = {};
      for (const c of canonical) if (c.points.length) latest[c.metric] = c.points[c.points.length - 1]!.v;
      this.deps.onLatest?.(accountId, nodeId, latest);
    });
    return { samples, nodes: picked.length };
  }
}
