import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startNimSimulator } from '../../../electron/simulators/nim';
import type { RunningSimulator } from '../../../electron/simulators/kit/types';
import { runCli } from './run-cli';

// `hangar monitor …` and `hangar alerts list` against the NIM simulator, through the built CLI.

let dataDir: string;
let sim: RunningSimulator;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-cli-monitor-'));
  sim = await startNimSimulator({ seed: 'cli-monitor', instances: 6, nodes: 3, nginx: false });
  const add = await runCli(
    ['--json', 'accounts', 'add', '--provider', 'nim', '--name', 'nim', '--env', 'prod', '--url', sim.account.baseUrl, '--username', sim.account.fields.username!, '--secret-stdin'],
    { dataDir, stdin: `${Object.values(sim.account.secrets)[0]}\n` },
  );
  expect(add.code, add.stdout + add.stderr.slice(-1000)).toBe(0);
  const sync = await runCli(['--json', 'sync'], { dataDir });
  expect(sync.code, sync.stderr.slice(-1000)).toBe(0);
});

afterAll(async () => {
  await runCli(['accounts', 'remove', 'nim', '--yes'], { dataDir });
  await sim?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('collects, ranks nodes, reads a series, manages thresholds and lists alerts', async () => {
  const collect = await runCli(['--json', 'monitor', 'collect'], { dataDir });
  expect(collect.code, collect.stderr.slice(-1000)).toBe(0);
  expect(collect.json.samples).toBeGreaterThan(0);

  const nodes = await runCli(['--json', 'monitor', 'nodes', '--account', 'nim'], { dataDir });
  expect(nodes.code).toBe(0);
  expect(nodes.json.length).toBe(3);
  const node = nodes.json.find((n: { status: string }) => n.status === 'online');

  const series = await runCli(['--json', 'monitor', 'series', node.nodeId, '--account', 'nim', '--range', '24h', '--points', '30'], { dataDir });
  expect(series.code, series.stderr.slice(-1000)).toBe(0);
  expect(series.json.state).toBe('ok');
  for (const c of series.json.series) expect(c.t.length).toBeLessThanOrEqual(30);
  const human = await runCli(['monitor', 'series', node.nodeId, '--account', 'nim'], { dataDir });
  expect(human.stdout).toMatch(/^METRIC/m);

  const add = await runCli(['--json', 'monitor', 'threshold', 'add', '--metric', 'cpu', '--above', '1', '--account', 'nim', '--node', node.nodeId, '--id', 'cpu-tiny'], { dataDir });
  expect(add.code, add.stderr.slice(-1000)).toBe(0);
  const dup = await runCli(['--json', 'monitor', 'threshold', 'add', '--metric', 'cpu', '--above', '1', '--id', 'cpu-tiny'], { dataDir });
  expect(dup.code).toBe(5);
  const list = await runCli(['--json', 'monitor', 'threshold', 'list'], { dataDir });
  expect(list.json.map((t: { id: string }) => t.id)).toContain('cpu-tiny');

  // The CLI collects too: the new threshold is crossed at once, once.
  await runCli(['--json', 'monitor', 'collect'], { dataDir });
  await runCli(['--json', 'monitor', 'collect'], { dataDir });
  const alerts = await runCli(['--json', 'alerts', 'list', '--kind', 'threshold'], { dataDir });
  expect(alerts.code).toBe(0);
  expect(alerts.json.rows.filter((a: { targetId: string }) => a.targetId === node.nodeId)).toHaveLength(1);
  // By object: the node's own alerts, open while the threshold stays crossed.
  const mine = await runCli(['--json', 'alerts', 'list', '--target', node.nodeId, '--target-kind', 'node', '--state', 'open'], { dataDir });
  expect(mine.code, mine.stderr.slice(-1000)).toBe(0);
  expect(mine.json.rows.map((a: { targetId: string; kind: string; state: string }) => [a.targetId, a.kind, a.state])).toEqual([[node.nodeId, 'threshold', 'open']]);
  const other = await runCli(['--json', 'alerts', 'list', '--target', 'no-such-node'], { dataDir });
  expect(other.json.total).toBe(0);
  const humanAlerts = await runCli(['alerts', 'list', '--target', node.nodeId], { dataDir });
  expect(humanAlerts.stdout).toMatch(/STATE[\s\S]*open/);
  const badState = await runCli(['--json', 'alerts', 'list', '--state', 'closed'], { dataDir });
  expect(badState.code).toBe(2);

  const removed = await runCli(['--json', 'monitor', 'threshold', 'remove', 'cpu-tiny'], { dataDir });
  expect(removed.code).toBe(0);
  const missing = await runCli(['--json', 'monitor', 'threshold', 'remove', 'cpu-tiny'], { dataDir });
  expect(missing.code).toBe(6);
  const badRange = await runCli(['--json', 'monitor', 'series', node.nodeId, '--account', 'nim', '--range', '2h'], { dataDir });
  expect(badRange.code).toBe(2);
  const badKind = await runCli(['--json', 'alerts', 'list', '--kind', 'nope'], { dataDir });
  expect(badKind.code).toBe(2);
}, 180_000);
