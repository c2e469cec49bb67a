import type { MonitorMetric, WorstNode } from '../../../../shared/contract/monitor';
import type { Database } from '../cache/sqlite';

export interface WorstNodesQuery {
  accountIds?: string[];
  environments?: string[];
  limit: number;
  nowMs: number;
  /** Only samples this recent count as "now". */
  freshMs?: number;
}

interface Row {
  account_id: string;
  account_name: string;
  environment: string;
  provider: string;
  id: string;
  name: string;
  status: string;
  instance_count: number | null;
  cpu: number | null;
  memory: number | null;
  score: number;
}

/**
 * The fleet's nodes, worst first: offline or unknown nodes, then by the higher of the latest CPU and
 * memory (percent). The latest values come from the last `freshMs` of samples only, so a node that
 * stopped reporting is not ranked by an old reading.
 */
export function worstNodes(db: Database, q: WorstNodesQuery, offered: (provider: string) => boolean): Omit<WorstNode, 'breaches'>[] {
  const where: string[] = [];
  const params: (string | number)[] = [q.nowMs - (q.freshMs ?? 15 * 60_000)];
  if (q.accountIds?.length) {
    where.push(`n.account_id IN (${q.accountIds.map(() => '?').join(',')})`);
    params.push(...q.accountIds);
  }
  if (q.environments?.length) {
    where.push(`n.environment IN (${q.environments.map(() => '?').join(',')})`);
    params.push(...q.environments);
  }
  params.push(q.limit);
  const rows = db
    .prepare(
      `WITH latest AS (
         SELECT account_id, node_id, metric, value FROM (
           SELECT account_id, node_id, metric, value,
                  row_number() OVER (PARTITION BY account_id, node_id, metric ORDER BY t DESC) AS rn
           FROM metric_samples WHERE t >= ? AND metric IN ('cpu', 'memory')
         ) WHERE rn = 1
       ),
       pivot AS (
         SELECT account_id, node_id,
                MAX(CASE metric WHEN 'cpu' THEN value END) AS cpu,
                MAX(CASE metric WHEN 'memory' THEN value END) AS memory
         FROM latest GROUP BY account_id, node_id
       )
       SELECT n.account_id, a.name AS account_name, n.environment, n.provider, n.id, n.name, n.status, n.instance_count,
              p.cpu, p.memory,
              CASE WHEN n.status IN ('offline', 'unknown') THEN 1000 ELSE MAX(COALESCE(p.cpu, 0), COALESCE(p.memory, 0)) END AS score
       FROM nodes n JOIN accounts a ON a.id = n.account_id
       LEFT JOIN pivot p ON p.account_id = n.account_id AND p.node_id = n.id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY score DESC, n.name COLLATE NOCASE, n.id
       LIMIT ?`,
    )
    .all(...params) as unknown as Row[];
  return rows.map((r) => ({
    accountId: r.account_id,
    accountName: r.account_name,
    environment: r.environment,
    provider: r.provider,
    nodeId: r.id,
    name: r.name,
    status: r.status,
    cpu: r.cpu == null ? null : Math.round(r.cpu * 10) / 10,
    memory: r.memory == null ? null : Math.round(r.memory * 10) / 10,
    instanceCount: r.instance_count == null ? null : Number(r.instance_count),
    score: Math.round(Number(r.score) * 10) / 10,
    metricsOffered: offered(r.provider),
  }));
}

export type LatestValues = Partial<Record<MonitorMetric, number>>;
