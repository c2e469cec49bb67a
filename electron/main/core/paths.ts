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

/**
 * The log folder that goes with a data folder: Electron's app.getPath('logs') for the app's own data folder
 * (so the CLI writes to the app's log file), `<data folder>/logs` for any other; HANGAR_LOG_DIR wins.
 */
export function logDirFor(dataDir: string, env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.HANGAR_LOG_DIR) return path.resolve(env.HANGAR_LOG_DIR);
  const isDefault = path.resolve(dataDir) === defaultDataDir({ ...env, HANGAR_DATA_DIR: undefined }, platform);
  if (isDefault && platform === 'darwin') return path.join(os.homedir(), 'Library', 'Logs', 'Hangar');
  return path.join(dataDir, 'logs');
}
