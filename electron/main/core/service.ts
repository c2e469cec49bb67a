import type { Handlers } from '../../../shared/contract';
import type { HangarEvent } from '../../../shared/events';
import { accountHandlers, type AccountHandlerDeps } from './accounts/handlers';
import { activityHandlers, type ActivityHandlerDeps } from './activity/handlers';
import { appHandlers, type AppDeps } from './app/handlers';
import { fleetHandlers, type FleetDeps } from './fleet/handlers';
import { monitorHandlers, type MonitorHandlerDeps } from './monitor/handlers';
import { syncHandlers, type SyncHandlerDeps } from './sync/handlers';
import type { Emitter } from './util/emitter';
import type { Logger } from './util/log';

/** Everything the handlers need, built once by createCore and passed in. */
export interface ServiceDeps extends AppDeps, AccountHandlerDeps, Omit<FleetDeps, 'activity'>, SyncHandlerDeps, ActivityHandlerDeps, Omit<MonitorHandlerDeps, 'registry' | 'sync' | 'now'> {
  events: Emitter<HangarEvent>;
  log: Logger;
}

/** The object that implements the IPC contract; IPC, the CLI and the tests all call it through dispatch. */
export function createService(deps: ServiceDeps): Handlers {
  return {
    ...appHandlers(deps),
    ...accountHandlers(deps),
    ...fleetHandlers(deps),
    ...syncHandlers(deps),
    ...activityHandlers(deps),
    ...monitorHandlers(deps),
  } as Handlers;
}
