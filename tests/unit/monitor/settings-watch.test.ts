import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../../electron/main/core/cache/db';
import { AlertStore } from '../../../electron/main/core/monitor/alert-store';
import { SETTINGS_CHECK_MS, watchSettings } from '../../../electron/main/core/monitor/settings-watch';
import type { MonitorSettings } from '../../../shared/contract';
import { quietLog } from '../cache/support/fleet';
import { ManualTimer } from '../sync/support/manual-timer';

// The app's connection and a second one on the same file (what the CLI is): the watch looks with one
// PRAGMA data_version per period and reads the settings row only when another connection committed.

const opened: OpenedDatabase[] = [];
let dir: string | undefined;
afterEach(() => {
  for (const o of opened.splice(0)) o.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function open(file: string): OpenedDatabase {
  const o = openDatabase(file, quietLog);
  opened.push(o);
  return o;
}

it('announces settings another connection committed within one period, reading the row only when data_version moved', async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-settings-watch-'));
  const file = path.join(dir, 'hangar.db');
  const app = open(file);
  const cli = open(file);
  const announced: MonitorSettings[] = [];
  const store = new AlertStore(app.db, (s) => announced.push(s));
  store.settings();
  // The statement the store reads the row with (the driver hands back one statement per SQL text).
  const rowRead = vi.spyOn(app.db.prepare('SELECT value FROM meta WHERE key = ?'), 'get');
  const timer = new ManualTimer(0);
  const watch = watchSettings(() => store.refreshSettings(), timer);
  const settle = () => Promise.resolve();

  await timer.advance(10 * SETTINGS_CHECK_MS, settle);
  expect(rowRead).not.toHaveBeenCalled();
  expect(announced).toEqual([]);

  // The app's own commits do not move data_version: still no read.
  app.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('unrelated', 'x')").run();
  await timer.advance(SETTINGS_CHECK_MS, settle);
  expect(rowRead).not.toHaveBeenCalled();

  new AlertStore(cli.db).updateSettings({ unreachableMinutes: 42 });
  await timer.advance(SETTINGS_CHECK_MS - 1, settle);
  expect(announced).toEqual([]);
  await timer.advance(1, settle);
  expect(announced.map((s) => s.unreachableMinutes)).toEqual([42]);
  expect(rowRead).toHaveBeenCalledTimes(1);

  // Another connection committing something else: the row is read again, nothing is announced.
  cli.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('unrelated', 'y')").run();
  await timer.advance(SETTINGS_CHECK_MS, settle);
  expect(rowRead).toHaveBeenCalledTimes(2);
  expect(announced).toHaveLength(1);

  watch.dispose();
  new AlertStore(cli.db).updateSettings({ unreachableMinutes: 7 });
  await timer.advance(10 * SETTINGS_CHECK_MS, settle);
  expect(announced).toHaveLength(1);
  expect(timer.armed()).toEqual([]);
});

it('keeps checking after a check throws', async () => {
  const timer = new ManualTimer(0);
  const errors: unknown[] = [];
  let calls = 0;
  const watch = watchSettings(
    () => {
      calls++;
      if (calls === 1) throw new Error('database is locked');
    },
    timer,
    1000,
    (e) => errors.push(e),
  );
  await timer.advance(3000, () => Promise.resolve());
  expect(calls).toBe(3);
  expect(errors).toHaveLength(1);
  watch.dispose();
});
