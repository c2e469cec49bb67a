import type { MonitorMetric } from '../../../../shared/contract/monitor';
import type { MetricSeries } from '../../../../shared/model';

export const METRIC_UNITS: Record<MonitorMetric, string> = {
  cpu: '%',
  memory: '%',
  load: 'load',
  requests: 'req',
  connections: 'conn',
  net_in: 'B',
  net_out: 'B',
  online: 'up',
  instances: 'count',
};

/** What the NIM provider asks /analytics/metrics for, and the canonical metric each one feeds. */
export const NIM_SOURCES: Record<string, MonitorMetric> = {
  'system.cpu.user': 'cpu',
  'system.cpu.system': 'cpu',
  'system.mem.pct_used': 'memory',
  'system.load.1': 'load',
  'nginx.http.request.count': 'requests',
  'nginx.http.conn.active': 'connections',
  'system.net.bytes_rcvd': 'net_in',
  'system.net.bytes_sent': 'net_out',
};

/**
 * Maps an API's series to canonical ones; sources that feed the same metric (CPU user + system) are
 * added point by point at the same time.
 */
export function canonicalSeries(series: readonly MetricSeries[]): { metric: MonitorMetric; points: { t: number; v: number }[] }[] {
  const out = new Map<MonitorMetric, Map<number, number>>();
  for (const s of series) {
    const metric = NIM_SOURCES[s.name] ?? ((Object.keys(METRIC_UNITS) as MonitorMetric[]).includes(s.name as MonitorMetric) ? (s.name as MonitorMetric) : undefined);
    if (!metric) continue;
    let byT = out.get(metric);
    if (!byT) out.set(metric, (byT = new Map()));
    for (const p of s.points) {
      if (!Number.isFinite(p.t) || !Number.isFinite(p.v)) continue;
      byT.set(p.t, (byT.get(p.t) ?? 0) + p.v);
    }
  }
  return [...out].map(([metric, byT]) => ({ metric, points: [...byT].map(([t, v]) => ({ t, v })).sort((a, b) => a.t - b.t) }));
}
