import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HangarEvent } from '../../../shared/events';
import { CHECK_EVERY_MS, UpdateManager, type UpdateClock } from '../../../electron/main/core/updates/manager';
import type { UpdateCheckResult, UpdaterPort } from '../../../electron/main/core/updates/port';
import { UpdateSettings } from '../../../electron/main/core/updates/settings';
import { Emitter } from '../../../electron/main/core/util/emitter';
import { createLogger } from '../../../electron/main/core/util/log';
import { Redactor } from '../../../electron/main/core/util/redact';

// The update decisions, with a port that records what it is asked and a clock driven by hand.

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-updates-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function setup(answers: (UpdateCheckResult | Error)[], options: { downloadFails?: boolean } = {}) {
  const calls: string[] = [];
  const port: UpdaterPort = {
    async check(channel) {
      calls.push(`check ${channel}`);
      const next = answers.shift() ?? { available: false };
      if (next instanceof Error) throw next;
      return next;
    },
    async download(onProgress) {
      calls.push('download');
      onProgress(50);
      if (options.downloadFails) throw new Error('connection reset');
      onProgress(100);
    },
    install: () => void calls.push('install'),
  };
  let tick: (() => void) | undefined;
  let interval = 0;
  const clock: UpdateClock = {
    now: () => Date.parse('2026-11-29T08:00:00Z'),
    setInterval: (fn, ms) => ((tick = fn), (interval = ms), 7),
    clearInterval: () => (tick = undefined),
  };
  const lines: string[] = [];
  const manager = new UpdateManager({
    port,
    settings: new UpdateSettings(dir),
    currentVersion: '1.0.0',
    log: createLogger({ sink: (l) => lines.push(l), redactor: new Redactor() }),
    events: new Emitter<HangarEvent>(),
    clock,
  });
  return { manager, calls, lines, fire: () => tick?.(), interval: () => interval };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('UpdateManager', () => {
  it('checks at start and every six hours, and stops', async () => {
    const { manager, calls, fire, interval } = setup([{ available: false }, { available: false }]);
    manager.start();
    manager.start(); // once only
    await flush();
    expect(calls).toEqual(['check stable']);
    expect(interval()).toBe(CHECK_EVERY_MS);
    expect(CHECK_EVERY_MS).toBe(6 * 3600 * 1000);
    fire();
    await flush();
    expect(calls).toEqual(['check stable', 'check stable']);
    expect(manager.status()).toMatchObject({ phase: 'up-to-date', lastCheck: { at: '2026-11-29T08:00:00.000Z', ok: true } });
    manager.stop();
    fire();
    expect(calls).toHaveLength(2);
  });

  it('downloads only when asked and only what a check found; installs only a downloaded release', async () => {
    const { manager, calls } = setup([{ available: true, version: '1.1.0', releaseNotes: 'notes' }]);
    expect((await manager.download()).phase).toBe('idle');
    expect(manager.install().phase).toBe('idle');
    expect(calls).toEqual([]);
    expect(await manager.check()).toMatchObject({ phase: 'available', available: { version: '1.1.0', releaseNotes: 'notes' } });
    expect(manager.install().phase).toBe('available');
    expect(await manager.download()).toMatchObject({ phase: 'ready', percent: 100 });
    expect(manager.install().phase).toBe('ready');
    expect(calls).toEqual(['check stable', 'download', 'install']);
  });

  it('a failed check or download is logged and kept in the status, never thrown', async () => {
    const { manager, lines } = setup([new Error('getaddrinfo ENOTFOUND github.com\n    at stack'), { available: true, version: '2.0.0' }], { downloadFails: true });
    const failed = await manager.check();
    expect(failed).toMatchObject({ phase: 'error', lastCheck: { ok: false, error: 'getaddrinfo ENOTFOUND github.com' } });
    expect(lines.some((l) => l.includes('update check failed'))).toBe(true);
    await manager.check();
    const afterDownload = await manager.download();
    expect(afterDownload).toMatchObject({ phase: 'available', reason: 'The download failed: connection reset' });
    expect(afterDownload.percent).toBeUndefined();
  });

  it('one check at a time; the channel is saved and checked at once', async () => {
    const { manager, calls } = setup([{ available: false }, { available: true, version: '1.2.0-beta.1' }]);
    await Promise.all([manager.check(), manager.check()]);
    expect(calls).toEqual(['check stable']);
    expect(await manager.setChannel('beta')).toMatchObject({ channel: 'beta', phase: 'available' });
    expect(calls).toEqual(['check stable', 'check beta']);
    expect(new UpdateSettings(dir).channel()).toBe('beta');
  });

  it('without an updater it says why and does nothing', async () => {
    const manager = new UpdateManager({
      unsupportedReason: 'development build',
      settings: new UpdateSettings(dir),
      currentVersion: '1.0.0',
      log: createLogger({ sink: () => undefined, redactor: new Redactor() }),
      events: new Emitter<HangarEvent>(),
    });
    manager.start();
    expect(await manager.check()).toEqual({ phase: 'unsupported', currentVersion: '1.0.0', channel: 'stable', reason: 'development build' });
    expect((await manager.setChannel('beta')).channel).toBe('beta');
  });

  it('reads a missing or damaged settings file as stable', () => {
    fs.writeFileSync(path.join(dir, 'update-settings.json'), '{not json');
    expect(new UpdateSettings(dir).channel()).toBe('stable');
  });
});
