import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileLog, teeSinks } from '../../../electron/main/core/logs/file-log';
import { defaultDataDir, logDirFor } from '../../../electron/main/core/paths';
import { createLogger } from '../../../electron/main/core/util/log';
import { Redactor } from '../../../electron/main/core/util/redact';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-logs-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the log file', () => {
  it('writes each redacted line as it is, and rotates past its size to hangar.old.log', () => {
    const file = createFileLog({ dir: path.join(dir, 'logs'), maxBytes: 2000 });
    const redactor = new Redactor();
    redactor.add('hunter2-secret');
    const log = createLogger({ sink: file.sink, redactor });
    for (let i = 0; i < 60; i++) log.info('signed in', { i, password: 'hunter2-secret' });
    const current = fs.readFileSync(path.join(dir, 'logs', 'hangar.log'), 'utf8');
    const old = fs.readFileSync(path.join(dir, 'logs', 'hangar.old.log'), 'utf8');
    expect(current.length).toBeLessThanOrEqual(2000 + 200);
    expect(old.length).toBeGreaterThan(1500);
    for (const line of [...old.trim().split('\n'), ...current.trim().split('\n')]) {
      const parsed = JSON.parse(line) as { msg: string; password: string };
      expect(parsed.msg).toBe('signed in');
      expect(parsed.password).toBe('***');
    }
    // The newest line is in the current file; nothing was lost between the two (one rotation kept).
    const indexes = [...old.trim().split('\n'), ...current.trim().split('\n')].map((l) => (JSON.parse(l) as { i: number }).i);
    expect(indexes.at(-1)).toBe(59);
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
  });

  it('tees lines to several sinks', () => {
    const a: string[] = [];
    const b: string[] = [];
    teeSinks((l) => a.push(l), undefined, (l) => b.push(l))('x');
    expect([a, b]).toEqual([['x'], ['x']]);
  });
});

describe('the log folder', () => {
  it('is Electron’s logs folder for the app’s data folder, <data>/logs otherwise, HANGAR_LOG_DIR first', () => {
    const env = { HOME: '/home/u', XDG_CONFIG_HOME: '/home/u/.config' } as NodeJS.ProcessEnv;
    expect(logDirFor(defaultDataDir(env, 'linux'), env, 'linux')).toBe('/home/u/.config/Hangar/logs');
    expect(logDirFor('/data/hangar', env, 'linux')).toBe('/data/hangar/logs');
    expect(logDirFor(defaultDataDir(env, 'darwin'), env, 'darwin')).toBe(path.join(os.homedir(), 'Library', 'Logs', 'Hangar'));
    expect(logDirFor('/data/hangar', { ...env, HANGAR_LOG_DIR: '/var/log/hangar' }, 'linux')).toBe('/var/log/hangar');
  });
});
