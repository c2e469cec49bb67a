import path from 'node:path';
import type * as ElectronModule from 'electron';
import { HangarError } from '../../../shared/errors';
import { createFileLog, teeSinks, type FileLog } from '../core/logs/file-log';
import { APP_ENTRY_URL } from '../core/protocol/app-url';
import type { SecretStore } from '../core/secrets/store';
import type { Started, startCore as StartCore } from '../startup';
import { ActivityGate } from './activity';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import { forwardEvents, registerIpc } from './ipc';
import { denyAllPermissions, hardenWebContents } from './security';
import type { TrayShellDeps } from './tray';
import type { UpdaterLog } from './updater';
import type { UpdaterPort } from '../core/updates/port';
import type { Logger } from '../core/util/log';
import { mainWindowOptions, showWhenReady } from './window';

/** The parts of Electron main uses (tests pass a fake with the same shape). */
export type ElectronApi = Pick<
  typeof ElectronModule,
  'app' | 'BrowserWindow' | 'ipcMain' | 'protocol' | 'session' | 'dialog' | 'nativeTheme' | 'powerMonitor' | 'shell'
>;

export interface MainDeps {
  electron: ElectronApi;
  /** The updater (shell/updater.ts around electron-updater); used in packaged builds only. */
  createUpdater?: (log: UpdaterLog) => UpdaterPort;
  startCore: typeof StartCore;
  /** The tray, notifications and the monitor (shell/tray.ts); returns its teardown. Absent in tests that do not need it. */
  installTray?: (deps: TrayShellDeps) => () => void;
  createSecretStore: () => SecretStore;
  /** The folder of the built main script (out/main): the renderer and preload are its siblings. */
  mainDir: string;
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
}

export interface MainProcess {
  /** Settles once start-up is over (window loading, or the failure reported and the app exiting). */
  ready: Promise<void>;
}

const IDLE_AFTER_SECONDS = 10 * 60;
/** Quitting waits this long at most for the cache to close and the demo to stop. */
export const QUIT_TIMEOUT_MS = 10_000;

/**
 * The Electron main process: lifecycle, single-instance lock, app:// scheme, hardening, and the wiring of
 * the core (all behaviour) to the shell. electron/main/index.ts calls it with the real Electron.
 */
export function runMainProcess(deps: MainDeps): MainProcess {
  const { app, BrowserWindow, ipcMain, protocol, session, dialog, nativeTheme, powerMonitor, shell } = deps.electron;

  // Before ready, whatever happens next: privileged schemes and the sandbox for every renderer.
  registerAppScheme(protocol);
  app.enableSandbox();

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { ready: Promise.resolve() };
  }

  // The same override the CLI honours, so both can be pointed at one throwaway folder (tests, CI).
  if (deps.env.HANGAR_DATA_DIR) app.setPath('userData', path.resolve(deps.env.HANGAR_DATA_DIR));

  const dev = !app.isPackaged;
  // electron-vite dev serves the renderer over http; everything else loads the built files over app://.
  const devServer = dev ? deps.env.ELECTRON_RENDERER_URL : undefined;
  const appUrl = devServer ?? APP_ENTRY_URL;
  const rendererDir = path.join(deps.mainDir, '../renderer');

  let win: ElectronModule.BrowserWindow | undefined;
  let started: Started | undefined;
  let fileLog: FileLog | undefined;
  const cleanups: (() => void)[] = [];

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app.on('web-contents-created', (_e, contents) => hardenWebContents(contents, appUrl));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Quit waits for the cache to close and the demo to stop, then quits again for real (a plain quit, so
  // 'quit' is still emitted: electron-updater installs a downloaded update on it).
  let quitting: Promise<void> | undefined;
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    quitting ??= (async () => {
      // One teardown that throws must not keep the others (or the quit itself) from running.
      for (const c of cleanups.splice(0)) {
        try {
          c();
        } catch (e) {
          started?.core.log.error('teardown failed', { error: String(e) });
        }
      }
      const close = started?.close() ?? Promise.resolve();
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, QUIT_TIMEOUT_MS)));
      await Promise.race([close.catch((e: unknown) => started?.core.log.error('close failed', { error: String(e) })), limit]);
      clearTimeout(timer);
      closed = true;
      app.quit();
    })();
  });

  const ready = app.whenReady().then(async () => {
    denyAllPermissions(session.defaultSession);
    handleAppProtocol(protocol, rendererDir);
    const dataDir = app.getPath('userData');
    const logDir = app.getPath('logs');
    try {
      fileLog = createFileLog({ dir: logDir });
    } catch {
      fileLog = undefined; // no log file is no reason not to start
    }
    // electron-updater's own lines join the core's log once it exists.
    let coreLog: Logger | undefined;
    const updaterLog: UpdaterLog = {
      info: (m) => coreLog?.info(m),
      warn: (m) => coreLog?.warn(m),
      error: (m) => coreLog?.error(m),
    };
    let updater: UpdaterPort | undefined;
    let updaterUnavailable = app.isPackaged ? undefined : 'This is a development build: updates come with the installed app.';
    try {
      if (app.isPackaged && deps.createUpdater) updater = deps.createUpdater(updaterLog);
    } catch (e) {
      updaterUnavailable = `The updater could not start: ${e instanceof Error ? e.message : String(e)}`; // never a reason not to start
    }
    try {
      started = await deps.startCore({
        dataDir,
        secretStore: deps.createSecretStore(),
        version: app.getVersion(),
        logDir,
        logSink: teeSinks(fileLog?.sink, dev ? (line) => process.stdout.write(`${line}\n`) : undefined),
        openPath: async (dir) => {
          const error = await shell.openPath(dir);
          if (error) throw new HangarError('INTERNAL', `Could not open ${dir}: ${error}`);
        },
        updater,
        updaterUnavailable,
        demo: deps.argv.includes('--no-demo') ? 'off' : deps.argv.includes('--demo') ? 'force' : 'auto',
      });
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      fileLog?.sink(JSON.stringify({ t: new Date().toISOString(), level: 'error', scope: 'main', msg: 'start failed', reason }));
      dialog.showErrorBox(
        'Hangar could not start',
        `${reason}\n\nData folder: ${dataDir}\nLog folder: ${logDir}\n\nCheck that the data folder is writable and that no other program holds it, then start Hangar again.`,
      );
      app.releaseSingleInstanceLock();
      app.exit(1);
      return;
    }
    const { core } = started;
    coreLog = core.log.child('updater');
    core.log.info('started', { version: app.getVersion(), dataDir, mode: started.demo ? 'demo' : 'normal', packaged: app.isPackaged });
    cleanups.push(registerIpc(ipcMain, core.dispatch, appUrl));
    cleanups.push(forwardEvents(core.events, () => win?.webContents));

    win = new BrowserWindow(
      mainWindowOptions(path.join(deps.mainDir, '../preload/index.js'), nativeTheme.shouldUseDarkColors, { devTools: dev }),
    );
    showWhenReady(win);

    const activity = new ActivityGate(core.sync);
    win.on('hide', () => activity.setVisible(false));
    win.on('minimize', () => activity.setVisible(false));
    win.on('show', () => activity.setVisible(true));
    win.on('restore', () => activity.setVisible(true));
    powerMonitor.on('lock-screen', () => activity.setIdle(true));
    powerMonitor.on('unlock-screen', () => activity.setIdle(false));
    const idleCheck = setInterval(() => activity.setIdle(powerMonitor.getSystemIdleTime() > IDLE_AFTER_SECONDS), 30_000);
    cleanups.push(() => clearInterval(idleCheck));

    win.on('closed', () => {
      win = undefined;
    });
    await core.sync.start();
    // The search index in memory, read once the window has its first rows (typing right after launch is fast too).
    setTimeout(() => void core.warmSearch().catch(() => undefined), 1500).unref();
    if (deps.installTray) {
      // Packaged: electron-builder's extraResources put them beside the asar; from a checkout: resources/tray.
      const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
      const iconDir = app.isPackaged && resourcesPath ? path.join(resourcesPath, 'tray') : path.join(app.getAppPath(), 'resources', 'tray');
      cleanups.push(deps.installTray({ core, iconDir, window: () => win, quit: () => app.quit(), keepRefreshing: () => activity.subscribe() }));
    }
    await win.loadURL(appUrl);
    // The first update check once the window is up; failures are logged, never shown as errors.
    core.updates.start();
  });
  return { ready };
}
