import type { AppInfo, Handlers } from '../../../../shared/contract';

export interface AppDeps {
  info: () => AppInfo;
}

export function appHandlers(deps: AppDeps): Pick<Handlers, 'app.info' | 'app.ping'> {
  return {
    'app.info': async () => deps.info(),
    'app.ping': async () => ({ pong: true, at: new Date().toISOString() }),
  };
}
