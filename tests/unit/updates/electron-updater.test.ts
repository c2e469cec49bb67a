import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HangarEvent } from '../../../shared/events';
import type { UpdateStatus } from '../../../shared/contract/updates';
import { UpdateManager } from '../../../electron/main/core/updates/manager';
import { UpdateSettings } from '../../../electron/main/core/updates/settings';
import { Emitter } from '../../../electron/main/core/util/emitter';
import { createLogger } from '../../../electron/main/core/util/log';
import { Redactor } from '../../../electron/main/core/util/redact';

// The real electron-updater (through shell/updater.ts, as the app uses it) against a real feed on loopback:
// latest-linux.yml / beta-linux.yml and the AppImage they name. Only `electron` itself is replaced, at the
// module boundary (require.cache), by an app object and a `net.request` made of Node's http.request.

const require = createRequire(import.meta.url);
let tmp: string;
let server: http.Server;
let feed: string;
const requests: string[] = [];
let failFeed = false;
const logLines: string[] = [];

const RELEASE = Buffer.alloc(256 * 1024, 7); // the "AppImage" of 0.2.0
const BETA = Buffer.alloc(64 * 1024, 9);
const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('base64');

function channelFile(version: string, file: string, body: Buffer, notes: string): string {
  return [
    `version: ${version}`,
    'files:',
    `  - url: ${file}`,
    `    sha512: ${sha512(body)}`,
    `    size: ${body.length}`,
    `path: ${file}`,
    `sha512: ${sha512(body)}`,
    "releaseDate: '2026-11-20T10:00:00.000Z'",
    `releaseNotes: ${JSON.stringify(notes)}`,
    '',
  ].join('\n');
}

function fakeElectron(resourcesDir: string) {
  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    whenReady: () => Promise.resolve(),
    isReady: () => true,
    getVersion: () => '0.1.0',
    getName: () => 'Hangar',
    getAppPath: () => resourcesDir,
    getPath: (name: string) => path.join(tmp, name),
    quit: () => undefined,
    relaunch: () => undefined,
  });
  const net = {
    request(options: http.RequestOptions & { session?: unknown; redirect?: string }) {
      const { session: _s, redirect: _r, ...rest } = options;
      return http.request(rest);
    },
  };
  return { app, net, session: { fromPartition: () => ({}) }, autoUpdater: new EventEmitter(), Notification: class {} };
}

let manager: UpdateManager;
const statuses: UpdateStatus[] = [];

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-updater-'));
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const url = (req.url ?? '').split('?')[0];
    if (failFeed) return void res.writeHead(500).end('feed down');
    if (url === '/latest-linux.yml') return void res.writeHead(200, { 'content-type': 'text/yaml' }).end(channelFile('0.2.0', 'Hangar-0.2.0.AppImage', RELEASE, '<p>Faster sync</p><ul><li>Fixes &amp; more</li></ul>'));
    if (url === '/beta-linux.yml') return void res.writeHead(200).end(channelFile('0.3.0-beta.1', 'Hangar-0.3.0-beta.1.AppImage', BETA, 'Beta notes'));
    if (url === '/Hangar-0.2.0.AppImage') return void res.writeHead(200, { 'content-length': RELEASE.length }).end(RELEASE);
    if (url === '/Hangar-0.3.0-beta.1.AppImage') return void res.writeHead(200, { 'content-length': BETA.length }).end(BETA);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  feed = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  // What electron-builder packs: resources/app-update.yml with the publish config (a generic feed here).
  const resources = path.join(tmp, 'resources');
  fs.mkdirSync(resources);
  fs.writeFileSync(path.join(resources, 'app-update.yml'), `provider: generic\nurl: ${feed}\nupdaterCacheDirName: hangar-updater\n`);
  (process as { resourcesPath?: string }).resourcesPath = resources;
  process.env.XDG_CACHE_HOME = path.join(tmp, 'cache');
  process.env.APPIMAGE = path.join(tmp, 'Hangar-0.1.0.AppImage');
  fs.writeFileSync(process.env.APPIMAGE, 'old');

  const electronPath = require.resolve('electron');
  require.cache[electronPath] = { id: electronPath, filename: electronPath, loaded: true, exports: fakeElectron(resources) } as NodeJS.Module;

  const { electronUpdaterPort } = await import('../../../electron/main/shell/updater');
  const events = new Emitter<HangarEvent>();
  events.on((e) => {
    if (e.type === 'updates.changed') statuses.push(e.status);
  });
  const log = createLogger({ sink: (l) => logLines.push(l), redactor: new Redactor(), level: 'debug' });
  manager = new UpdateManager({
    port: electronUpdaterPort({ info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => log.error(m) }),
    settings: new UpdateSettings(tmp),
    currentVersion: '0.1.0',
    log,
    events,
    clock: { now: () => Date.parse('2026-11-29T12:00:00Z'), setInterval: () => 1, clearInterval: () => undefined },
  });
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  delete require.cache[require.resolve('electron')];
  delete process.env.APPIMAGE;
  delete process.env.XDG_CACHE_HOME;
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('electron-updater against a loopback feed', () => {
  it('finds the newer stable release with its notes', async () => {
    const status = await manager.check();
    expect(status).toMatchObject({
      phase: 'available',
      channel: 'stable',
      currentVersion: '0.1.0',
      available: { version: '0.2.0', releaseNotes: 'Faster sync\nFixes & more', releaseDate: '2026-11-20T10:00:00.000Z' },
      lastCheck: { at: '2026-11-29T12:00:00.000Z', ok: true },
    });
    expect(requests.some((r) => r.startsWith('/latest-linux.yml'))).toBe(true);
    // Nothing is downloaded before the user asks.
    expect(requests.some((r) => r.includes('.AppImage'))).toBe(false);
  });

  it('downloads on request, verifies it and is ready to restart', async () => {
    const status = await manager.download();
    expect(status.phase).toBe('ready');
    expect(statuses.map((s) => s.phase)).toContain('downloading');
    const dir = path.join(tmp, 'cache', 'hangar-updater', 'pending');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.AppImage'));
    expect(files).toHaveLength(1);
    expect(sha512(fs.readFileSync(path.join(dir, files[0])))).toBe(sha512(RELEASE));
    // A check while an update waits does not disturb it.
    expect((await manager.check()).phase).toBe('ready');
  });
});

describe('channels and failures', () => {
  it('the beta channel reads beta-linux.yml', async () => {
    const fresh = new UpdateManager({
      port: (await import('../../../electron/main/shell/updater')).electronUpdaterPort({ info() {}, warn() {}, error() {} }),
      settings: new UpdateSettings(path.join(tmp)),
      currentVersion: '0.1.0',
      log: createLogger({ sink: () => undefined, redactor: new Redactor() }),
      events: new Emitter<HangarEvent>(),
    });
    const status = await fresh.setChannel('beta');
    expect(status).toMatchObject({ phase: 'available', channel: 'beta', available: { version: '0.3.0-beta.1', releaseNotes: 'Beta notes' } });
    expect(requests.some((r) => r.startsWith('/beta-linux.yml'))).toBe(true);
    expect(new UpdateSettings(tmp).channel()).toBe('beta');
    await fresh.setChannel('stable');
  });

  it('a feed that fails is logged and reported, never thrown', async () => {
    failFeed = true;
    try {
      const fresh = new UpdateManager({
        port: (await import('../../../electron/main/shell/updater')).electronUpdaterPort({ info() {}, warn() {}, error() {} }),
        settings: new UpdateSettings(tmp),
        currentVersion: '0.1.0',
        log: createLogger({ sink: (l) => logLines.push(l), redactor: new Redactor() }),
        events: new Emitter<HangarEvent>(),
      });
      const status = await fresh.check();
      expect(status.phase).toBe('error');
      expect(status.lastCheck).toMatchObject({ ok: false, error: expect.stringMatching(/500/) });
      expect(logLines.some((l) => /update check failed/.test(l))).toBe(true);
    } finally {
      failFeed = false;
    }
  });
});
