import { app, BrowserWindow, dialog, ipcMain, nativeTheme, powerMonitor, protocol, session, shell } from 'electron';
import { createSecretStore } from './core/secrets';
import { installTray } from './shell/tray';
import { preferSmallHeap } from './heap';
import { runMainProcess } from './shell/main-process';
import { electronUpdaterPort } from './shell/updater';
import { startCore } from './startup';

// Electron entry: hands the real Electron to the main process wiring (shell/main-process.ts).
preferSmallHeap();

export const mainProcess = runMainProcess({
  electron: { app, BrowserWindow, dialog, ipcMain, nativeTheme, powerMonitor, protocol, session, shell },
  startCore,
  installTray,
  createSecretStore: () => createSecretStore(),
  createUpdater: (log) => electronUpdaterPort(log),
  mainDir: __dirname,
  argv: process.argv,
  env: process.env,
});
