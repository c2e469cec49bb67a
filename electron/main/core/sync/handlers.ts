import type { Handlers } from '../../../../shared/contract';
import type { FleetQueries } from '../cache/fleet-query';
import type { SyncEngine } from './engine';

export interface SyncHandlerDeps {
  fleetCache: FleetQueries;
  sync: SyncEngine;
}

/** The cache-backed reads and the sync controls. */
export function syncHandlers(deps: SyncHandlerDeps): Pick<Handlers, 'instances.query' | 'nodes.query' | 'sync.refresh' | 'sync.status'> {
  return {
    'instances.query': async (q) => deps.fleetCache.instances(q),
    'nodes.query': async (q) => deps.fleetCache.nodes(q),
    'sync.refresh': async (input) => deps.sync.refresh(input?.accountId),
    'sync.status': async () => deps.sync.status(),
  };
}
