import type { Handlers } from '../../../../shared/contract';
import type { FleetQueries } from '../cache/fleet-query';
import type { StatusHistory } from '../cache/status-history';
import type { SyncEngine } from './engine';

export interface SyncHandlerDeps {
  fleetCache: FleetQueries;
  statusHistory: StatusHistory;
  sync: SyncEngine;
}

/** The cache-backed reads and the sync controls. */
export function syncHandlers(deps: SyncHandlerDeps): Pick<
  Handlers,
  'instances.query' | 'nodes.query' | 'instances.history' | 'nodes.history' | 'sync.refresh' | 'sync.status'
> {
  return {
    'instances.query': async (q) => deps.fleetCache.instances(q),
    'nodes.query': async (q) => deps.fleetCache.nodes(q),
    'instances.history': async ({ accountId, id, limit }) => deps.statusHistory.list(accountId, 'instance', id, limit),
    'nodes.history': async ({ accountId, id, limit }) => deps.statusHistory.list(accountId, 'node', id, limit),
    'sync.refresh': async (input) => deps.sync.refresh(input?.accountId),
    'sync.status': async () => deps.sync.status(),
  };
}
