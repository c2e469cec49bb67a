import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';

export const LIGHT_BACKGROUND = '#ffffff';
export const DARK_BACKGROUND = '#101014';

/**
 * The main window's options: every security switch explicit, shown only when ready with the theme's colour.
 * DevTools only in a development build (`devTools: !app.isPackaged`); no experimental or Blink features.
 */
export function mainWindowOptions(preloadPath: string, dark: boolean, options: { devTools?: boolean } = {}): BrowserWindowConstructorOptions {
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
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: options.devTools ?? false,
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
