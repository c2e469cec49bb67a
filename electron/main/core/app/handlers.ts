import type { AppInfo, Handlers } from '../../../../shared/contract';
import { HangarError } from '../../../../shared/errors';

export interface AppDeps {
  info: () => AppInfo;
  /** Opens a folder in the file manager (the Electron shell's); absent where there is none to open. */
  openPath?: (dir: string) => Promise<void>;
}

export function appHandlers(deps: AppDeps): Pick<Handlers, 'app.info' | 'app.ping' | 'app.openLogFolder'> {
  return {
    'app.info': async () => deps.info(),
    'app.ping': async () => ({ pong: true, at: new Date().toISOString() }),
    'app.openLogFolder': async () => {
      const dir = deps.info().logDir;
      if (!dir) throw new HangarError('UNSUPPORTED', 'This Hangar writes no log file');
      if (!deps.openPath) throw new HangarError('UNSUPPORTED', `No file manager to open here; the log folder is ${dir}`);
      await deps.openPath(dir);
      return { path: dir };
    },
  };
}
