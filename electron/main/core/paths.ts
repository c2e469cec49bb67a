import os from 'node:os';
import path from 'node:path';

/** Where Electron's app.getPath('userData') puts Hangar's data, so the CLI and the app share one cache. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.HANGAR_DATA_DIR) return path.resolve(env.HANGAR_DATA_DIR);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Hangar');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Hangar');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Hangar');
}
