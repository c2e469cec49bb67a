import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../../../shared/contract';
import { CSP_HEADER } from '../../../electron/main/core/protocol/csp';

// electron/main/index.ts itself, imported with `electron` mocked at the module boundary: the real core
// (SQLite in a temp folder, in-memory secrets), the real shell modules, a recorded Electron.

import { createFakeElectron, type Fn } from './support/fake-electron';

type Fake = ReturnType<typeof createFakeElectron>;
const current: { fake?: Fake } = {};

// Each test boots index.ts afresh (vi.resetModules) against its own fake: the mock reads the current one.
vi.mock('electron', () => {
  const names = ['app', 'BrowserWindow', 'ipcMain', 'protocol', 'session', 'dialog', 'nativeTheme', 'powerMonitor', 'shell', 'Tray', 'Menu', 'nativeImage', 'Notification'] as const;
  const mod: Record<string, unknown> = {};
  for (const name of names) Object.defineProperty(mod, name, { enumerable: true, get: () => current.fake!.electron[name] });
  return mod;
});

let tmp: string;
const argv = process.argv;
const nodeRequire = createRequire(import.meta.url);

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-main-'));
  vi.stubEnv('HANGAR_SECRET_STORE', 'memory');
  vi.stubEnv('HANGAR_DATA_DIR', '');
  process.argv = [...argv, '--no-demo'];
  vi.resetModules();
});

afterEach(() => {
  delete nodeRequire.cache[nodeRequire.resolve('electron')];
  process.argv = argv;
  vi.unstubAllEnvs();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function boot(options: { lock?: boolean; packaged?: boolean; userData?: string } = {}) {
  const fake = createFakeElectron({ userData: path.join(tmp, 'data'), logs: path.join(tmp, 'logs'), ...options });
  current.fake = fake;
  // electron-updater (a CommonJS package Node loads itself) requires electron too: the same fake.
  const electronPath = nodeRequire.resolve('electron');
  nodeRequire.cache[electronPath] = { id: electronPath, filename: electronPath, loaded: true, exports: fake.electron } as NodeJS.Module;
  const mod = (await import('../../../electron/main/index')) as { mainProcess: { ready: Promise<void> } };
  return { fake, ready: mod.mainProcess.ready };
}

const frame = (url: string) => ({ senderFrame: { url, parent: null } });

describe('electron/main/index.ts wiring', () => {
  it('registers app:// as privileged and the sandbox before ready, then hardens, serves and wires the core', async () => {
    const { fake, ready } = await boot();
    expect(fake.log.slice(0, 3)).toEqual([
      'registerSchemesAsPrivileged [{"scheme":"app","privileges":{"standard":true,"secure":true,"supportFetchAPI":true,"codeCache":true}}]',
      'enableSandbox',
      'requestSingleInstanceLock',
    ]);
    // Nothing touches the session, the protocol handler or IPC before ready.
    expect(fake.protocolHandlers.size + fake.ipcHandlers.size + Object.keys(fake.sessionHandlers).length).toBe(0);
    fake.resolveReady();
    await ready;

    // Permissions: all refused.
    let granted: boolean | undefined;
    fake.sessionHandlers.request({}, 'media', (v: boolean) => (granted = v));
    expect(granted).toBe(false);
    expect(fake.sessionHandlers.check()).toBe(false);
    expect(fake.sessionHandlers.device()).toBe(false);

    // app:// goes through the core's resolver: other hosts and traversal are 404, with the CSP header.
    const handler = fake.protocolHandlers.get('app')!;
    for (const url of ['app://evil/index.html', 'app://hangar/%2e%2e/%2e%2e/package.json', 'app://hangar/..%2f..%2fpackage.json']) {
      const res: Response = await handler(new Request(url));
      expect(res.status, url).toBe(404);
      expect(res.headers.get('content-security-policy')).toBe(CSP_HEADER);
    }

    // IPC: exactly the contract's channels, each refusing another origin's frame.
    expect([...fake.ipcHandlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
    expect(await fake.ipcHandlers.get('app.ping')!(frame('app://hangar/index.html#/fleet'))).toMatchObject({ ok: true });
    for (const url of ['app://evil/index.html', 'file:///index.html', 'app://hangar/other.html']) {
      expect(await fake.ipcHandlers.get('app.ping')!(frame(url))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    const info = await fake.ipcHandlers.get('app.info')!(frame('app://hangar/index.html'));
    expect(info.value).toMatchObject({ version: '1.2.3', dataDir: path.join(tmp, 'data'), logDir: path.join(tmp, 'logs') });
    expect(await fake.ipcHandlers.get('app.openLogFolder')!(frame('app://hangar/index.html'))).toEqual({ ok: true, value: { path: path.join(tmp, 'logs') } });
    expect(fake.log).toContain(`openPath ${path.join(tmp, 'logs')}`);

    // A packaged build drives electron-updater; this one has no feed (no app-update.yml): the failed first
    // check is reported in the status and the log, and nothing else is disturbed.
    await expect
      .poll(async () => (await fake.ipcHandlers.get('updates.status')!(frame('app://hangar/index.html'))).value.phase)
      .toBe('error');

    // One window, hardened options, no DevTools in a packaged build, loaded over app://.
    expect(fake.windows).toHaveLength(1);
    const prefs = fake.windows[0].options.webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, devTools: false, experimentalFeatures: false });
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(fake.windows[0].loaded).toEqual(['app://hangar/index.html']);

    // The tray is up, with the state icon from resources/tray and a menu.
    expect(fake.trays).toHaveLength(1);
    expect(fake.trays[0].image).toMatch(/tray[\\/](ok|warning|error|offline)-(16|32)\.png$/);

    // Every web contents created gets the navigation and window.open guards.
    const guards = new Map<string, Fn>();
    let openHandler: Fn | undefined;
    fake.fire('web-contents-created', {}, { on: (n: string, fn: Fn) => guards.set(n, fn), setWindowOpenHandler: (fn: Fn) => (openHandler = fn) });
    expect(openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const nav = { prevented: false, preventDefault() { this.prevented = true; } };
    guards.get('will-navigate')!(nav, 'app://evil/index.html');
    expect(nav.prevented).toBe(true);

    // The log file is written in the app's log folder.
    expect(fs.existsSync(path.join(tmp, 'logs', 'hangar.log'))).toBe(true);

    // Quit: will-quit is held until the core has closed, then the app quits again and is let go.
    const quitEvent = { prevented: false, preventDefault() { this.prevented = true; } };
    fake.fire('will-quit', quitEvent);
    expect(quitEvent.prevented).toBe(true);
    expect(fake.log).not.toContain('quit');
    await fake.quit;
    expect(fake.ipcHandlers.size).toBe(0);
    expect(fake.trays[0].destroyed).toBe(true);
    const second = { prevented: false, preventDefault() { this.prevented = true; } };
    fake.fire('will-quit', second);
    expect(second.prevented).toBe(false);
    // The database is closed: another process may open and write it at once.
    const { createCore } = await import('../../../electron/main/core/core');
    const { MemorySecretStore } = await import('../../../electron/main/core/secrets/memory');
    const again = createCore({ dataDir: path.join(tmp, 'data'), secretStore: new MemorySecretStore() });
    await again.close();
  });

  it('opens DevTools only in a development build', async () => {
    const { fake, ready } = await boot({ packaged: false });
    fake.resolveReady();
    await ready;
    expect(fake.windows[0].options.webPreferences.devTools).toBe(true);
    const updates = await fake.ipcHandlers.get('updates.status')!(frame('app://hangar/index.html'));
    expect(updates.value).toMatchObject({ phase: 'unsupported', reason: expect.stringContaining('development build') });
    fake.fire('will-quit', { preventDefault() {} });
    await fake.quit;
  });

  it('shows why the core could not start, with the data folder, releases the lock and exits', async () => {
    const blocker = path.join(tmp, 'a-file');
    fs.writeFileSync(blocker, 'not a folder');
    const userData = path.join(blocker, 'Hangar');
    const { fake, ready } = await boot({ userData });
    fake.resolveReady();
    await ready;
    expect(fake.errorBoxes).toHaveLength(1);
    const [title, text] = fake.errorBoxes[0];
    expect(title).toBe('Hangar could not start');
    expect(text).toMatch(/ENOTDIR|not a directory/);
    expect(text).toContain(`Data folder: ${userData}`);
    expect(fake.log.slice(-2)).toEqual(['releaseSingleInstanceLock', 'exit 1']);
    expect(fake.windows).toHaveLength(0);
    expect(fake.ipcHandlers.size).toBe(0);
  });

  it('a second instance quits at once and touches nothing', async () => {
    const { fake, ready } = await boot({ lock: false });
    await ready;
    expect(fake.log).toContain('quit');
    expect(fake.appHandlers.size).toBe(0);
    expect(fake.protocolHandlers.size).toBe(0);
  });
});
