import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/main/core/core';
import { MemorySecretStore } from '../../../electron/main/core/secrets/memory';
import type { MonitorSettings } from '../../../shared/contract';
import type { HangarEvent } from '../../../shared/events';
import { runCli } from '../cli/run-cli';
import { ManualTimer } from '../sync/support/manual-timer';

// Two cores on one data directory: "the app" (a core with its monitor started on a hand-driven clock) and
// the CLI (the real entry, bin/hangar.cjs, in its own process). What the CLI changes reaches the app
// without a restart: at once for whatever reads the settings, and as an event within the 2 s settings check.

let app: Core | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

it('settings changed from the CLI reach a running app: used at once, announced within 2 s', async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-settings-live-'));
  const timer = new ManualTimer(Date.parse('2026-03-01T12:00:00Z'));
  app = createCore({ dataDir, secretStore: new MemorySecretStore(), timer });
  const seen: HangarEvent[] = [];
  app.events.on((e) => seen.push(e));
  app.monitor.start();
  const read = async () => {
    const r = (await app!.dispatch('monitor.settings', undefined)) as { ok: true; value: MonitorSettings };
    expect(r.ok).toBe(true);
    return r.value;
  };
  const before = await read();
  expect(before.quietHours.enabled).toBe(false);
  const settle = () => new Promise<void>((r) => setImmediate(r));
  // A minute of checks with nothing changed announces nothing.
  await timer.advance(60_000, settle);
  expect(seen.filter((e) => e.type === 'monitor.settingsChanged')).toHaveLength(0);

  const env = { HANGAR_SECRET_STORE: 'memory' };
  const changed = await runCli(['--json', 'monitor', 'settings', '--quiet-hours', '22:30-06:45', '--notify', 'instance.status,node.status', '--budget', '1.5'], {
    dataDir,
    env,
  });
  expect(changed.code, changed.stderr.slice(-1500)).toBe(0);
  expect(changed.json.quietHours).toEqual({ enabled: true, start: '22:30', end: '06:45' });
  const added = await runCli(['--json', 'monitor', 'threshold', 'add', '--metric', 'cpu', '--above', '5', '--id', 'cpu-cli'], { dataDir, env });
  expect(added.code, added.stderr.slice(-1500)).toBe(0);

  // Used at once by what reads them (no tick yet): the new threshold fires on the next reading.
  const raised = app.monitor.alerts.onReadings('acc', 'node-1', { cpu: 50 });
  expect(raised.map((a) => a.kind)).toEqual(['threshold']);
  const now = await read();
  expect(now).toMatchObject({ quietHours: { enabled: true, start: '22:30', end: '06:45' }, cpuBudgetPercent: 1.5 });
  expect(now.subscriptions['*']).toEqual(['instance.status', 'node.status']);

  // An open view learns it from the event; the settings check sends it within 2 s even if nothing read the settings.
  const events = () => seen.filter((e): e is Extract<HangarEvent, { type: 'monitor.settingsChanged' }> => e.type === 'monitor.settingsChanged');
  expect(events()).toHaveLength(1);
  const again = await runCli(['--json', 'monitor', 'settings', '--quiet-hours', 'off'], { dataDir, env });
  expect(again.code, again.stderr.slice(-1500)).toBe(0);
  expect(events()).toHaveLength(1);
  await timer.advance(1_999, settle);
  expect(events()).toHaveLength(1);
  await timer.advance(1, settle);
  expect(events()).toHaveLength(2);
  expect(events()[1]!.settings.quietHours.enabled).toBe(false);
  expect(events()[1]!.settings.thresholds.map((t) => t.id)).toContain('cpu-cli');
  // Nothing new: the next tick is quiet.
  await timer.advance(60_000, settle);
  expect(events()).toHaveLength(2);

  // Bad input from the CLI changes nothing.
  const bad = await runCli(['--json', 'monitor', 'settings', '--quiet-hours', '25:00-07:00'], { dataDir, env });
  expect(bad.code).toBe(2);
  const budget = await runCli(['--json', 'monitor', 'settings', '--budget', '99'], { dataDir, env });
  expect(budget.code).toBe(2);
  expect(budget.json?.error?.code ?? budget.stdout + budget.stderr).toMatch(/VALIDATION/);
  await timer.advance(60_000, settle);
  expect(events()).toHaveLength(2);
}, 180_000);
