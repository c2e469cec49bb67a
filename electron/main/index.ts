import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, nativeTheme, powerMonitor, session } from 'electron';
import { createSecretStore } from './core/secrets';
import { ActivityGate } from './shell/activity';
import { forwardEvents, registerIpc } from './shell/ipc';
import { denyAllPermissions, hardenWebContents } from './shell/security';
import { mainWindowOptions, showWhenReady } from './shell/window';
import { installTray } from './shell/tray';
import { preferSmallHeap } from './heap';
import { startCore, type Started } from './startup';

// Electron entry: lifecycle, single-instance lock, and the wiring of Core (all behaviour) to the shell (glue).

const IDLE_AFTER_SECONDS = 10 * 60;

preferSmallHeap();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | undefined;
  let started: Started | undefined;
  const cleanups: (() => void)[] = [];

  const rendererFile = path.join(__dirname, '../renderer/index.html');
  const appUrl = pathToFileURL(rendererFile).toString();

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app.on('web-contents-created', (_e, contents) => hardenWebContents(contents, appUrl));

  app.whenReady().then(async () => {
    denyAllPermissions(session.defaultSession);
    started = await startCore({
      dataDir: app.getPath('userData'),
      secretStore: createSecretStore(),
      version: app.getVersion(),
      logSink: (line) => process.stdout.write(`${line}\n`),
      demo: process.argv.includes('--no-demo') ? 'off' : process.argv.includes('--demo') ? 'force' : 'auto',
    });
    const { core } = started;
    cleanups.push(registerIpc(ipcMain, core.dispatch, appUrl));
    cleanups.push(forwardEvents(core.events, () => win?.webContents));

    win = new BrowserWindow(mainWindowOptions(path.join(__dirname, '../preload/index.js'), nativeTheme.shouldUseDarkColors));
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
    cleanups.push(installTray({ core, iconDir: app.isPackaged ? path.join(process.resourcesPath, 'tray') : path.join(app.getAppPath(), 'resources', 'tray'), window: () => win, quit: () => app.quit(), keepRefreshing: () => activity.subscribe() }));
    await win.loadFile(rendererFile);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', () => {
    for (const c of cleanups.splice(0)) c();
    void started?.core.sync.stop();
    void started?.close();
  });
}
