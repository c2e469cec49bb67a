import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEveryPointSimulator } from '../../../electron/simulators/everypoint';
import type { RunningSimulator } from '../../../electron/simulators/kit/types';
import { startSkyportSimulator, type SkyportSimulator } from '../../../electron/simulators/skyport/index';
import { runCli } from './run-cli';

// Each step is its own CLI process, which takes seconds on a busy machine: the test timeout is only a hang guard.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

// Each CLI command is its own process: `instances list` right after an action must show the state the action
// left (applied to the cache before the action's command returned), not the last sync's, and say how it knows.

let dataDir: string;
let sky: SkyportSimulator;
let ep: RunningSimulator;

const cli = (args: string[], stdin?: string) => runCli(['--json', ...args], { dataDir, stdin });

interface ListRow {
  id: string;
  name: string;
  status: string;
  confirmedBy?: string;
}

async function listed(account: string): Promise<{ rows: Map<string, ListRow>; stale: boolean }> {
  const r = await cli(['instances', 'list', '--account', account, '--limit', '1000']);
  expect(r.code, r.stderr.slice(-800)).toBe(0);
  return { rows: new Map((r.json.rows as ListRow[]).map((row) => [row.id, row])), stale: r.json.stale };
}

function deployArgs(name: string): string[] {
  const node = sky.store.listNodes().find((n) => n?.status === 'Online')!;
  const p = { name, image: 'ghcr.io/skyportlabs/images:java21', imagename: 'Paper', nodeId: node.id, user: sky.store.users[0].userId, memory: '1024', cpu: '1', ports: '25565:30100', primary: '0' };
  return Object.entries(p).flatMap(([k, v]) => ['--param', `${k}=${v}`]);
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-cli-actions-'));
  sky = await startSkyportSimulator({ seed: 'cli-actions', instances: 12, nodes: 4, rateLimit: false, installMs: 3_600_000 });
  sky.store.settle(Number.POSITIVE_INFINITY);
  ep = await startEveryPointSimulator({ seed: 'cli-actions' });
  const addSky = await cli(['accounts', 'add', '--provider', 'skyport', '--name', 'sky', '--env', 'dev', '--url', sky.account.baseUrl, '--secret-stdin'], `${sky.account.secrets.apiKey}\n`);
  expect(addSky.code, addSky.stdout + addSky.stderr.slice(-800)).toBe(0);
  const addEp = await cli(
    ['accounts', 'add', '--provider', 'everypoint', '--name', 'ep', '--env', 'dev', '--url', ep.account.baseUrl, '--username', ep.account.fields.username, '--secret-stdin'],
    `${Object.values(ep.account.secrets)[0]}\n`,
  );
  expect(addEp.code, addEp.stdout + addEp.stderr.slice(-800)).toBe(0);
  // The first list syncs both accounts.
  expect((await listed('sky')).rows.size).toBe(12);
});

afterAll(async () => {
  await runCli(['accounts', 'remove', 'sky', '--yes'], { dataDir });
  await runCli(['accounts', 'remove', 'ep', '--yes'], { dataDir });
  await sky?.close();
  await ep?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('Skyport through the CLI', () => {
  it('suspend, unsuspend and delete show in the next `instances list`, marked as confirmed by a re-read', async () => {
    const target = sky.store.listInstances().find((i) => i.InternalState === 'READY' && i.Node.status === 'Online' && !i.suspended)!;
    const s = await cli(['instances', 'suspend', target.Id, '--account', 'sky']);
    expect(s.code, s.stderr.slice(-800)).toBe(0);
    let now = await listed('sky');
    expect(now.rows.get(target.Id)).toMatchObject({ status: 'suspended', confirmedBy: 'reread' });
    expect(now.stale).toBe(false);

    const u = await cli(['instances', 'unsuspend', target.Id, '--account', 'sky']);
    expect(u.code, u.stderr.slice(-800)).toBe(0);
    expect((await listed('sky')).rows.get(target.Id)?.status).toBe('running');

    const d = await cli(['instances', 'delete', target.Id, '--account', 'sky', '--yes']);
    expect(d.code, d.stderr.slice(-800)).toBe(0);
    expect(d.json).toMatchObject({ deletedId: target.Id, confirmedBy: 'reread' });
    now = await listed('sky');
    expect(now.rows.has(target.Id)).toBe(false);

    // Deleting it again: the panel would answer 200; Hangar says NOT_FOUND (exit 6) and sends no delete.
    const again = await cli(['instances', 'delete', target.Id, '--account', 'sky', '--yes']);
    expect(again.code).toBe(6);
    expect(again.json.error.code).toBe('NOT_FOUND');
  });

  it('deploy shows the new instance as installing; the installing hazards are refused or reported, and the list follows', async () => {
    const first = await cli(['instances', 'deploy', '--account', 'sky', ...deployArgs('cli-first')]);
    expect(first.code, first.stderr.slice(-800)).toBe(0);
    const a = first.json.instance.id as string;
    expect((await listed('sky')).rows.get(a)).toMatchObject({ name: 'cli-first', status: 'installing', confirmedBy: 'api' });
    const second = await cli(['instances', 'deploy', '--account', 'sky', ...deployArgs('cli-second')]);
    const b = second.json.instance.id as string;

    // Suspending the second flags the first in the panel's list: exit 5, the result names it, the list shows it.
    const s = await cli(['instances', 'suspend', b, '--account', 'sky']);
    expect(s.code).toBe(5);
    expect(s.json.mismatch.instead).toEqual([{ id: a, name: 'cli-first' }]);
    const human = await runCli(['instances', 'unsuspend', b, '--account', 'sky'], { dataDir });
    expect(human.code).toBe(5);
    expect(human.stdout).toMatch(/NOT CONFIRMED: .*records disagree/);
    expect(human.stdout).toContain('cli-first');
    let now = await listed('sky');
    expect(now.rows.get(b)?.status).toBe('installing');
    expect(now.rows.get(a)?.status).toBe('installing');

    // Deleting without a container id is refused (exit 5) and nothing changes.
    const refused = await cli(['instances', 'delete', a, '--account', 'sky', '--yes']);
    expect(refused.code).toBe(5);
    expect(refused.json.error.code).toBe('CONFLICT');
    expect(refused.json.error.message).toContain(`cli-second (${b})`);
    expect((await listed('sky')).rows.has(a)).toBe(true);

    // With --force both go, and the list says so at once.
    const forced = await cli(['instances', 'delete', a, '--account', 'sky', '--yes', '--force']);
    expect(forced.code, forced.stderr.slice(-800)).toBe(0);
    expect(forced.json.removedIds).toEqual([b]);
    now = await listed('sky');
    expect(now.rows.has(a)).toBe(false);
    expect(now.rows.has(b)).toBe(false);

    const log = await cli(['activity', 'list', '--account', 'sky']);
    const rows = log.json.rows as { action: string; outcome: string; summary: string; code: string | null }[];
    const mismatch = rows.find((r) => r.action === 'instances.suspend' && r.outcome === 'error' && r.code === 'CONFLICT');
    expect(mismatch?.summary).toMatch(/not confirmed .*changed cli-first instead/);
  });

  it('nodes delete refuses a node with instances (exit 5, naming them); --force deletes it and `nodes list` drops it', async () => {
    const busy = sky.store.listNodes().find((n) => n && sky.store.listInstances().some((i) => i.Node.id === n.id))!;
    const one = sky.store.listInstances().find((i) => i.Node.id === busy.id)!;
    const refused = await cli(['nodes', 'delete', busy.id, '--account', 'sky', '--yes']);
    expect(refused.code).toBe(5);
    expect(refused.json.error.message).toContain(one.Id);
    const forced = await cli(['nodes', 'delete', busy.id, '--account', 'sky', '--yes', '--force']);
    expect(forced.code, forced.stderr.slice(-800)).toBe(0);
    const nodes = await cli(['nodes', 'list', '--account', 'sky']);
    expect((nodes.json.rows as { id: string }[]).some((n) => n.id === busy.id)).toBe(false);
  });
});

it('EveryPoint create and rename show in the next `instances list`', async () => {
  await listed('ep');
  const created = await cli(['instances', 'create', '--account', 'ep', '--param', 'name=cli-made', '--param', 'description=d']);
  expect(created.code, created.stderr.slice(-800)).toBe(0);
  const id = created.json.instance.id as string;
  expect((await listed('ep')).rows.get(id)).toMatchObject({ name: 'cli-made', confirmedBy: 'api' });
  const renamed = await cli(['instances', 'rename', id, '--account', 'ep', '--param', 'name=cli-renamed']);
  expect(renamed.code, renamed.stderr.slice(-800)).toBe(0);
  const after = await listed('ep');
  const newId = renamed.json.instance.id as string;
  expect(after.rows.get(newId)?.name).toBe('cli-renamed');
  if (newId !== id) expect(after.rows.has(id)).toBe(false);
  const del = await cli(['instances', 'delete', newId, '--account', 'ep', '--yes']);
  expect(del.code, del.stderr.slice(-800)).toBe(0);
  expect((await listed('ep')).rows.has(newId)).toBe(false);
});
