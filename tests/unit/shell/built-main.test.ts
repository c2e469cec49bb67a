import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP_HEADER } from '../../../electron/main/core/protocol/csp';
import { createFakeElectron } from './support/fake-electron';

// The BUILT main process (out/main/index.js, what Electron runs and electron-builder packs), loaded by
// Node with `electron` replaced at the module boundary: the bundle's own paths to the renderer and the
// preload, its app:// handler over the real built files, its IPC. Needs `npm run build` (npm test runs
// it first); skipped without a build.

const ROOT = path.resolve(__dirname, '../../..');
const MAIN = path.join(ROOT, 'out/main/index.js');
const built = fs.existsSync(MAIN) && fs.existsSync(path.join(ROOT, 'out/renderer/index.html'));
const nodeRequire = createRequire(import.meta.url);

let tmp: string;
let fake: ReturnType<typeof createFakeElectron>;
const saved = { argv: process.argv, store: process.env.HANGAR_SECRET_STORE, dataDir: process.env.HANGAR_DATA_DIR };

describe.skipIf(!built)('out/main/index.js', () => {
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-built-main-'));
    fake = createFakeElectron({ userData: path.join(tmp, 'data'), logs: path.join(tmp, 'logs'), packaged: false });
    const electronPath = nodeRequire.resolve('electron');
    nodeRequire.cache[electronPath] = { id: electronPath, filename: electronPath, loaded: true, exports: fake.electron } as NodeJS.Module;
    process.env.HANGAR_SECRET_STORE = 'memory';
    delete process.env.HANGAR_DATA_DIR;
    process.argv = [...saved.argv, '--no-demo'];
    delete nodeRequire.cache[MAIN];
    const mod = nodeRequire(MAIN) as { mainProcess: { ready: Promise<void> } };
    fake.resolveReady();
    await mod.mainProcess.ready;
  });

  afterAll(async () => {
    fake.fire('will-quit', { preventDefault() {} });
    await Promise.race([fake.quit, fake.exit]);
    delete nodeRequire.cache[nodeRequire.resolve('electron')];
    process.argv = saved.argv;
    if (saved.store === undefined) delete process.env.HANGAR_SECRET_STORE;
    else process.env.HANGAR_SECRET_STORE = saved.store;
    if (saved.dataDir !== undefined) process.env.HANGAR_DATA_DIR = saved.dataDir;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('serves the built renderer over app:// with the CSP header, and its assets', async () => {
    const handler = fake.protocolHandlers.get('app')!;
    const page: Response = await handler(new Request('app://hangar/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CSP_HEADER);
    const html = await page.text();
    const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      const asset: Response = await handler(new Request(new URL(src, 'app://hangar/index.html').toString()));
      expect(asset.status, src).toBe(200);
      expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    }
    expect((await handler(new Request('app://hangar/../main/index.js'))).status).toBe(404);
    expect((await handler(new Request('app://hangar/%2e%2e/main/index.js'))).status).toBe(404);
  });

  it('opens the window on app:// with the built preload, and answers IPC from it', async () => {
    const win = fake.windows[0];
    expect(win.loaded).toEqual(['app://hangar/index.html']);
    const preload = win.options.webPreferences.preload as string;
    expect(preload).toBe(path.join(ROOT, 'out/preload/index.js'));
    expect(fs.existsSync(preload)).toBe(true);
    const info = await fake.ipcHandlers.get('app.info')!({ senderFrame: { url: 'app://hangar/index.html#/settings', parent: null } });
    expect(info).toMatchObject({ ok: true, value: { dataDir: path.join(tmp, 'data'), logDir: path.join(tmp, 'logs') } });
  });
});
