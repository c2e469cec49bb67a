import type { Handlers } from '../../../../shared/contract';
import type { Capability } from '../../../../shared/model';
import { PROVIDERS } from '../../../../shared/providers';
import { HangarError } from '../../../../shared/errors';
import type { AccountRegistry } from '../accounts/registry';
import type { SyncEngine } from '../sync/engine';
import { metricsOffered } from './collector';
import type { Monitor } from './monitor';
import { buildSummary, fleetCounts } from './summary';
import { worstNodes } from './worst-nodes';
import type { Database } from '../cache/sqlite';

export interface MonitorHandlerDeps {
  monitor: Monitor;
  registry: AccountRegistry;
  sync: SyncEngine;
  db: Database;
  now?: () => Date;
}

type MonitorChannel =
  | 'monitor.series'
  | 'monitor.worstNodes'
  | 'monitor.collect'
  | 'monitor.summary'
  | 'monitor.nodeInstances'
  | 'alerts.list'
  | 'monitor.settings'
  | 'monitor.updateSettings';

function capabilitiesOf(provider: string): readonly Capability[] {
  return (PROVIDERS as Record<string, { capabilities: readonly Capability[] } | undefined>)[provider]?.capabilities ?? [];
}

export function monitorHandlers(deps: MonitorHandlerDeps): Pick<Handlers, MonitorChannel> {
  const now = () => (deps.now ? deps.now().getTime() : Date.now());
  const account = (id: string) => {
    const a = deps.registry.list().find((x) => x.id === id);
    if (!a) throw new HangarError('NOT_FOUND', `No account with id ${id}`);
    return a;
  };
  return {
    'monitor.series': async ({ accountId, nodeId, range, maxPoints }) => {
      const a = account(accountId);
      const offered = metricsOffered(capabilitiesOf(a.provider));
      const answer = deps.monitor.series.series({ accountId, nodeId, range, maxPoints, nowMs: now() });
      return {
        accountId,
        nodeId,
        range,
        fromMs: answer.fromMs,
        toMs: answer.toMs,
        bucketMs: answer.bucketMs,
        state: offered.length === 0 ? 'not_offered' : answer.series.length === 0 ? 'empty' : 'ok',
        offered,
        series: answer.series,
        lastSampleAt: answer.lastSampleMs === null ? null : new Date(answer.lastSampleMs).toISOString(),
      };
    },
    'monitor.worstNodes': async (input) => {
      const rows = worstNodes(
        deps.db,
        { accountIds: input?.accountIds, environments: input?.environments, limit: input?.limit ?? 50, nowMs: now() },
        (provider) => capabilitiesOf(provider).includes('nodes.metrics'),
      );
      return rows.map((r) => ({ ...r, breaches: deps.monitor.alerts.crossed(r.accountId, r.nodeId) }));
    },
    'monitor.collect': async (input) => {
      if (input?.accountId) account(input.accountId);
      return deps.monitor.collectAll(input?.accountId);
    },
    'monitor.summary': async () => {
      const statuses = await deps.sync.status();
      return buildSummary(
        deps.registry.list(),
        new Map(statuses.map((s) => [s.accountId, s.state])),
        fleetCounts(deps.db),
        deps.monitor.store.list({ offset: 0, limit: 5 }).rows,
      );
    },
    'monitor.nodeInstances': async ({ accountId, nodeId, limit }) => {
      account(accountId);
      const total = Number((deps.db.prepare('SELECT COUNT(*) AS n FROM instances WHERE account_id = ? AND node_id = ?').get(accountId, nodeId) as { n: number }).n);
      const rows = deps.db
        .prepare('SELECT id, name, status FROM instances WHERE account_id = ? AND node_id = ? ORDER BY name COLLATE NOCASE, id LIMIT ?')
        .all(accountId, nodeId, limit) as unknown as { id: string; name: string; status: string }[];
      return { total, rows: rows.map((r) => ({ id: r.id, name: r.name, status: r.status })) };
    },
    'alerts.list': async (input) => deps.monitor.store.list(input ?? { offset: 0, limit: 100 }),
    'monitor.settings': async () => deps.monitor.store.settings(),
    'monitor.updateSettings': async (patch) => deps.monitor.store.updateSettings(patch),
  };
}
