import { describe, expect, it } from 'vitest';
import { denyAllPermissions, hardenWebContents, isAppUrl } from '../../../electron/main/shell/security';
import { DARK_BACKGROUND, LIGHT_BACKGROUND, mainWindowOptions } from '../../../electron/main/shell/window';

const APP_URL = 'file:///app/out/renderer/index.html';

describe('main window options', () => {
  it('keeps every item of the Electron security checklist on', () => {
    const prefs = mainWindowOptions('/app/out/preload/index.js', false).webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('has no experimental or Blink features, and DevTools only when asked (development builds)', () => {
    const prefs = mainWindowOptions('p', false).webPreferences!;
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs.devTools).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(mainWindowOptions('p', false, { devTools: true }).webPreferences!.devTools).toBe(true);
  });

  it('is shown on ready-to-show with the theme background', () => {
    expect(mainWindowOptions('p', false)).toMatchObject({ show: false, backgroundColor: LIGHT_BACKGROUND });
    expect(mainWindowOptions('p', true)).toMatchObject({ show: false, backgroundColor: DARK_BACKGROUND });
  });
});

/** Records the handlers a WebContents would receive, and lets the test fire them. */
function fakeContents() {
  const on = new Map<string, (event: { preventDefault: () => void; defaultPrevented?: boolean }, url?: string) => void>();
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  return {
    on: (name: string, fn: never) => on.set(name, fn),
    setWindowOpenHandler: (fn: never) => (openHandler = fn),
    fire(name: string, url?: string) {
      const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
      on.get(name)!(event, url);
      return event.defaultPrevented;
    },
    open: (url: string) => openHandler!({ url }),
  };
}

describe('web contents hardening', () => {
  it('denies window.open, foreign navigation, redirects and webviews', () => {
    const wc = fakeContents();
    hardenWebContents(wc as never, APP_URL);
    expect(wc.open('https://example.com')).toEqual({ action: 'deny' });
    expect(wc.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(wc.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(wc.fire('will-navigate', `${APP_URL}#/accounts`)).toBe(false);
    expect(wc.fire('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(wc.fire('will-attach-webview')).toBe(true);
  });

  it('tells the app URL apart from look-alikes', () => {
    expect(isAppUrl(APP_URL, APP_URL)).toBe(true);
    expect(isAppUrl('file:///app/out/renderer/index.html.evil', APP_URL)).toBe(false);
    expect(isAppUrl('not a url', APP_URL)).toBe(false);
    expect(isAppUrl('file://other-host/app/out/renderer/index.html', APP_URL)).toBe(false);
    expect(isAppUrl('http://localhost:5173/#/fleet', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });

  it('refuses every permission request and check', () => {
    const got: Record<string, (...args: never[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (fn: never) => (got.request = fn),
      setPermissionCheckHandler: (fn: never) => (got.check = fn),
      setDevicePermissionHandler: (fn: never) => (got.device = fn),
    };
    denyAllPermissions(session as never);
    let granted: boolean | undefined;
    (got.request as (...a: unknown[]) => void)({}, 'media', (v: boolean) => (granted = v));
    expect(granted).toBe(false);
    expect((got.check as () => boolean)()).toBe(false);
    expect((got.device as () => boolean)()).toBe(false);
  });
});
