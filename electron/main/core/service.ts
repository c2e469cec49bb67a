import type { Handlers } from '../../../shared/contract';
import type { HangarEvent } from '../../../shared/events';
import { accountHandlers, type AccountHandlerDeps } from './accounts/handlers';
import { activityHandlers, type ActivityHandlerDeps } from './activity/handlers';
import { appHandlers, type AppDeps } from './app/handlers';
import { configHandlers, type ConfigHandlerDeps } from './configs/handlers';
import { fleetHandlers, type FleetDeps } from './fleet/handlers';
import { monitorHandlers, type MonitorHandlerDeps } from './monitor/handlers';
import { syncHandlers, type SyncHandlerDeps } from './sync/handlers';
import { updateHandlers, type UpdateHandlerDeps } from './updates/handlers';
import type { Emitter } from './util/emitter';
import type { Logger } from './util/log';

/** Everything the handlers need, built once by createCore and passed in. */
export interface ServiceDeps extends AppDeps, AccountHandlerDeps, Omit<FleetDeps, 'activity'>, SyncHandlerDeps, ActivityHandlerDeps, UpdateHandlerDeps, Omit<MonitorHandlerDeps, 'registry' | 'sync' | 'now'> {
  events: Emitter<HangarEvent>;
  log: Logger;
  /** The configs.* handlers' own needs (the database for drafts and history, the polling clock). */
  configs: Pick<ConfigHandlerDeps, 'db' | 'sleep' | 'pollMs' | 'maxPolls'>;
}

/** The object that implements the IPC contract; IPC, the CLI and the tests all call it through dispatch. */
export function createService(deps: ServiceDeps): Handlers {
  return {
    ...appHandlers(deps),
    ...accountHandlers(deps),
    ...fleetHandlers(deps),
    ...syncHandlers(deps),
    ...updateHandlers(deps),
    ...activityHandlers(deps),
    ...configHandlers({ ...deps, ...deps.configs, pool: deps.pool }),
    ...monitorHandlers(deps),
  } as Handlers;
}
