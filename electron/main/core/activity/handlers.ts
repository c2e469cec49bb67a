import type { Handlers } from '../../../../shared/contract';
import { activityToCsv, activityToJson } from './export';
import type { ActivityLog } from './store';

export interface ActivityHandlerDeps {
  activity: ActivityLog;
}

export function activityHandlers(deps: ActivityHandlerDeps): Pick<Handlers, 'activity.list' | 'activity.export'> {
  return {
    'activity.list': async (input) => deps.activity.list(input),
    'activity.export': async ({ format, ...filter }) => {
      const rows = deps.activity.exportRows(filter);
      return { format, count: rows.length, content: format === 'csv' ? activityToCsv(rows) : activityToJson(rows) };
    },
  };
}
