import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, nativeTheme, session } from 'electron';
import { createCore, type Core } from './core/core';
import { createSecretStore } from './core/secrets';
import { forwardEvents, registerIpc } from './shell/ipc';
import { denyAllPermissions, hardenWebContents } from './shell/security';
import { mainWindowOptions, showWhenReady } from './shell/window';

// Electron entry: lifecycle, single-instance lock, and the wiring of Core (all behaviour) to the shell (glue).

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | undefined;
  let core: Core | undefined;
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
    core = createCore({
      dataDir: app.getPath('userData'),
      secretStore: createSecretStore(),
      version: app.getVersion(),
      logSink: (line) => process.stdout.write(`${line}\n`),
    });
    cleanups.push(registerIpc(ipcMain, core.dispatch, appUrl));
    cleanups.push(forwardEvents(core.events, () => win?.webContents));

    win = new BrowserWindow(mainWindowOptions(path.join(__dirname, '../preload/index.js'), nativeTheme.shouldUseDarkColors));
    showWhenReady(win);
    win.on('closed', () => {
      win = undefined;
    });
    await win.loadFile(rendererFile);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', () => {
    for (const c of cleanups.splice(0)) c();
    void core?.close();
  });
}
