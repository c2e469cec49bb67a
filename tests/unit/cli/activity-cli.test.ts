import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startEveryPointSimulator } from '../../../electron/simulators/everypoint';
import type { RunningSimulator } from '../../../electron/simulators/kit/types';
import { runCli } from './run-cli';

// Each step is its own CLI process, which takes seconds on a busy machine: the test timeout is only a hang guard.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

// `hangar activity list|export` after real actions through the CLI, against the EveryPoint simulator.

let dataDir: string;
let sim: RunningSimulator;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-cli-activity-'));
  sim = await startEveryPointSimulator({ seed: 'cli-activity' });
  const add = await runCli(
    ['--json', 'accounts', 'add', '--provider', 'everypoint', '--name', 'ep', '--env', 'dev', '--url', sim.account.baseUrl,
      '--username', sim.account.fields.username, '--secret-stdin'],
    { dataDir, stdin: `${Object.values(sim.account.secrets)[0]}\n` },
  );
  expect(add.code, add.stdout + add.stderr.slice(-1000)).toBe(0);
});

afterAll(async () => {
  await runCli(['accounts', 'remove', 'ep', '--yes'], { dataDir });
  await sim?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('lists and exports what the CLI ran, with outcomes, and rejects bad options', async () => {
  const create = await runCli(['--json', 'instances', 'create', '--account', 'ep', '--param', 'name=cli-audit', '--param', 'description=d'], { dataDir });
  expect(create.code, create.stderr.slice(-1000)).toBe(0);
  const bad = await runCli(['--json', 'instances', 'delete', 'missing-one', '--account', 'ep', '--yes'], { dataDir });
  expect(bad.code).not.toBe(0);

  const list = await runCli(['--json', 'activity', 'list', '--account', 'ep', '--since', '10m'], { dataDir });
  expect(list.code, list.stderr.slice(-1000)).toBe(0);
  expect(list.json.total).toBe(2);
  expect(list.json.rows.map((r: { action: string; outcome: string }) => `${r.action}:${r.outcome}`)).toEqual([
    'instances.delete:error',
    'instances.create:ok',
  ]);

  const human = await runCli(['activity', 'list', '--outcome', 'error'], { dataDir });
  expect(human.stdout).toContain('Delete instance missing-one on ep failed');

  const out = path.join(dataDir, 'activity.csv');
  const exported = await runCli(['--json', 'activity', 'export', '--format', 'csv', '--out', out], { dataDir });
  expect(exported.code).toBe(0);
  expect(exported.json).toMatchObject({ format: 'csv', count: 2 });
  expect(fs.readFileSync(out, 'utf8').split('\r\n')[1]).toContain('instances.create');

  const wrong = await runCli(['--json', 'activity', 'list', '--since', 'last tuesday'], { dataDir });
  expect(wrong.code).toBe(2);
  expect(wrong.json.error.code).toBe('VALIDATION');
});
