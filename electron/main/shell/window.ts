import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';

export const LIGHT_BACKGROUND = '#ffffff';
export const DARK_BACKGROUND = '#101014';

/** The main window's options: every security switch explicit, shown only when ready with the theme's colour. */
export function mainWindowOptions(preloadPath: string, dark: boolean): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Hangar',
    backgroundColor: dark ? DARK_BACKGROUND : LIGHT_BACKGROUND,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      devTools: true,
    },
  };
}

/** Shows the window once its first paint is ready (no white flash), and focuses it. */
export function showWhenReady(win: BrowserWindow): void {
  win.once('ready-to-show', () => {
    win.show();
    win.focus();
  });
}
