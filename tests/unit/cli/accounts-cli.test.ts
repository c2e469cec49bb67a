import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { KeyringSecretStore } from '../../../electron/main/core/secrets/keyring';
import { startEveryPointSimulator } from '../../../electron/simulators/everypoint';
import type { RunningSimulator } from '../../../electron/simulators/kit/types';
import { startSkyportSimulator, type SkyportSimulator } from '../../../electron/simulators/skyport';
import { runCli, type CliRun } from './run-cli';

// Each step is its own CLI process, which takes seconds on a busy machine: the test timeout is only a hang guard.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

// Black box: `node bin/hangar.cjs` in its own process, a temp data dir, the real keychain (run through
// tests/support/with-keyring.sh), real simulators on loopback.

let ep: RunningSimulator;
let sky: SkyportSimulator;
let dataDir: string;
const runs: CliRun[] = [];
const keychain = new KeyringSecretStore();

async function hangar(args: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  const run = await runCli(args, { dataDir, ...options });
  runs.push(run);
  return run;
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const epAdd = (name: string, extra: string[] = []) => [
  '--json',
  'accounts',
  'add',
  '--provider',
  'everypoint',
  '--name',
  name,
  '--env',
  'staging',
  '--url',
  ep.account.baseUrl,
  '--username',
  ep.account.fields.username,
  '--secret-stdin',
  ...extra,
];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-cli-'));
  ep = await startEveryPointSimulator({ seed: 'cli-test' });
  sky = await startSkyportSimulator({ seed: 'cli-test', rateLimit: false });
});

afterAll(async () => {
  await ep?.close();
  await sky?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('hangar accounts / instances / nodes (black box)', () => {
  it('add → list → show → test → instances show → an action → remove', async () => {
    const add = await hangar(epAdd('EveryPoint staging'), { stdin: `${ep.account.secrets.password}\n` });
    expect(add.code, add.stderr).toBe(0);
    const id = add.json.id as string;
    expect(add.json).toMatchObject({ name: 'EveryPoint staging', provider: 'everypoint', environment: 'staging', hasSecret: true });
    expect(add.json).not.toHaveProperty('secrets');
    expect(await keychain.get(id)).toEqual({ password: ep.account.secrets.password });

    const list = await hangar(['--json', 'accounts', 'list']);
    expect(list.code).toBe(0);
    expect(list.json).toEqual([expect.objectContaining({ id, name: 'EveryPoint staging', hasSecret: true })]);

    const show = await hangar(['accounts', 'show', 'everypoint STAGING']); // by name, any case; human output
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(new RegExp(`id\\s+${id}`));
    expect(show.stdout).toMatch(/secret\s+in the keychain/);

    const test = await hangar(['--json', 'accounts', 'test', id]);
    expect(test.code).toBe(0);
    expect(test.json).toMatchObject({ ok: true, summary: '12 instances' });

    const updated = await hangar(['--json', 'accounts', 'update', id, '--name', 'EP renamed', '--poll', '120', '--env-label', 'EU']);
    expect(updated.code, updated.stdout + updated.stderr).toBe(0);
    expect(updated.json).toMatchObject({ id, name: 'EP renamed', pollIntervalSec: 120, envLabel: 'EU', fields: ep.account.fields });
    const badRotation = await hangar(['--json', 'accounts', 'update', 'EP renamed', '--secret-stdin'], { stdin: 'not-the-secret\n' });
    expect(badRotation.code).toBe(3);
    expect(await keychain.get(id)).toEqual({ password: ep.account.secrets.password });

    const detail = await hangar(['--json', 'instances', 'show', 'default', '--account', id]);
    expect(detail.code, detail.stderr).toBe(0);
    expect(detail.json).toMatchObject({ source: 'live', instance: { id: 'default', name: 'default' } });
    expect(detail.json.capabilities).toContain('instances.create');

    const created = await hangar(['--json', 'instances', 'create', '--account', 'EP renamed', '--param', 'name=cli-made', '--param', 'description=from the CLI']);
    expect(created.code, created.stdout + created.stderr).toBe(0);
    expect(created.json.instance).toMatchObject({ id: 'cli-made', name: 'cli-made' });

    const refused = await hangar(['--json', 'instances', 'delete', 'cli-made', '--account', id]);
    expect(refused.code).toBe(2); // no terminal, no --yes
    expect(refused.json.error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('--yes') });
    const deleted = await hangar(['--json', 'instances', 'delete', 'cli-made', '--account', id, '--yes']);
    expect(deleted.code, deleted.stdout).toBe(0);
    const gone = await hangar(['--json', 'instances', 'show', 'cli-made', '--account', id]);
    expect(gone.code).toBe(6);
    expect(gone.json.error.code).toBe('NOT_FOUND');

    const unsupported = await hangar(['--json', 'instances', 'suspend', 'default', '--account', id]);
    expect(unsupported.code).toBe(8);
    expect(unsupported.json.error).toMatchObject({ code: 'UNSUPPORTED' });

    const notNow = await hangar(['--json', 'accounts', 'remove', id]);
    expect(notNow.code).toBe(2);
    expect(notNow.json.error.message).toMatch(/--yes/);
    const removed = await hangar(['--json', 'accounts', 'remove', id, '--yes']);
    expect(removed.code).toBe(0);
    expect(removed.json).toEqual({ removed: true, id });
    expect((await hangar(['--json', 'accounts', 'list'])).json).toEqual([]);
    expect(await keychain.get(id)).toBeNull();
  });

  it('Skyport: an API-key account, instances show and suspend, nodes show', async () => {
    const add = await hangar(
      ['--json', 'accounts', 'add', '--provider', 'skyport', '--name', 'Panel', '--env', 'prod', '--url', sky.account.baseUrl, '--secret-stdin'],
      { stdin: sky.account.secrets.apiKey }, // no trailing newline: taken as is
    );
    expect(add.code, add.stdout + add.stderr).toBe(0);
    const instanceId = sky.store.listInstances().find((i) => i.InternalState === 'READY')!.Id;
    const nodeId = sky.store.listNodes().find((n) => n !== null)!.id;

    const show = await hangar(['instances', 'show', instanceId, '--account', 'Panel']);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(new RegExp(`id\\s+${instanceId}`));
    const suspend = await hangar(['--json', 'instances', 'suspend', instanceId, '--account', 'Panel']);
    expect(suspend.code, suspend.stdout + suspend.stderr).toBe(0);
    const after = await hangar(['--json', 'instances', 'show', instanceId, '--account', 'Panel']);
    expect(after.json.instance.status).toBe('suspended');

    const node = await hangar(['--json', 'nodes', 'show', nodeId, '--account', 'Panel']);
    expect(node.code, node.stdout + node.stderr).toBe(0);
    expect(node.json).toMatchObject({ source: 'live', node: { id: nodeId } });
    expect((await hangar(['--json', 'accounts', 'remove', 'Panel', '--yes'])).code).toBe(0);
  });

  it('a wrong secret exits 3 (AUTH) and saves nothing', async () => {
    const run = await hangar(epAdd('wrong'), { stdin: 'not-the-secret\n' });
    expect(run.code).toBe(3);
    expect(run.json).toEqual({ error: { code: 'AUTH', message: expect.any(String) } });
    expect((await hangar(['--json', 'accounts', 'list'])).json).toEqual([]);
  });

  it('an unreachable URL exits 4 (OFFLINE)', async () => {
    const port = await closedPort();
    const args = epAdd('offline');
    args[args.indexOf('--url') + 1] = `http://127.0.0.1:${port}/v3`;
    const run = await hangar(args, { stdin: ep.account.secrets.password });
    expect(run.code).toBe(4);
    expect(run.json.error.code).toBe('OFFLINE');
  });

  it('a keychain that cannot be reached exits 7 (KEYCHAIN) and saves nothing', async () => {
    const run = await hangar(epAdd('no keychain'), {
      stdin: ep.account.secrets.password,
      env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' },
    });
    expect(run.code).toBe(7);
    expect(run.json.error).toMatchObject({ code: 'KEYCHAIN', message: expect.stringContaining('Secret Service') });
    expect((await hangar(['--json', 'accounts', 'list'])).json).toEqual([]);
  });

  it('there is no way to pass a secret on argv', async () => {
    for (const flag of ['--secret', '--password', '--api-key']) {
      const run = await hangar([...epAdd(`argv ${flag}`).filter((a) => a !== '--secret-stdin'), flag, ep.account.secrets.password]);
      expect(run.code, flag).toBe(2);
      expect(run.json.error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining(`unknown option '${flag}'`) });
    }
    // Without --secret-stdin, a sign-in that needs a secret is refused before anything happens.
    const missing = await hangar(epAdd('no secret').filter((a) => a !== '--secret-stdin'));
    expect(missing.code).toBe(2);
    expect(missing.json.error.message).toMatch(/--secret-stdin/);
    const help = await hangar(['accounts', 'add', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--secret-stdin');
    expect(help.stdout).not.toMatch(/--(secret|password|token|api-key|apikey)\s+</i);
    expect((await hangar(['--json', 'accounts', 'list'])).json).toEqual([]);
  });

  it('never printed, logged or stored a secret along the way', () => {
    const secrets = [ep.account.secrets.password, sky.account.secrets.apiKey, 'not-the-secret'];
    const db = ['hangar.db', 'hangar.db-wal']
      .map((f) => path.join(dataDir, f))
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f).toString('latin1'))
      .join('');
    expect(db.length).toBeGreaterThan(0);
    const output = runs.map((r) => r.stdout + r.stderr).join('\n');
    expect(output).toMatch(/"level":"debug"/); // HANGAR_LOG=stderr: the logs were captured
    for (const s of secrets) {
      const forms = [s, Buffer.from(`${ep.account.fields.username}:${s}`).toString('base64')];
      for (const f of forms) {
        expect(output.includes(f), `output holds ${f.slice(0, 10)}…`).toBe(false);
        expect(db.includes(f), `db holds ${f.slice(0, 10)}…`).toBe(false);
      }
    }
  });
});
