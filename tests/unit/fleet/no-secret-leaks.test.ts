import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Account, Instance, NodeInfo, ProviderId } from '../../../shared/model';
import { PROVIDER_IDS } from '../../../shared/model';
import type { Page } from '../../../shared/contract';
import { createCore, DB_FILE, type Core } from '../../../electron/main/core/core';
import { KeyringSecretStore } from '../../../electron/main/core/secrets/keyring';
import { startDemoEnvironment, type DemoEnvironment } from '../../../electron/simulators/demo';
import type { SkyportSimulator } from '../../../electron/simulators/skyport/index';
import { runCli } from '../cli/run-cli';

// The promise, end to end: no secret in the SQLite file (database and WAL), in any answer of the core, in any
// event, in any log line (the app's and the CLI's), or in anything the CLI prints — for all five real providers
// against their simulators, through a real sync, reads, actions and wrong sign-ins. The secrets are the accounts'
// own (right and wrong) and what the APIs hand out: Skyport's bcrypt password hashes and reset tokens, node
// daemon and configure keys, and secret values in instance environments (seeded, and set at deploy).

let demo: DemoEnvironment;
let sky: SkyportSimulator;
let dataDir: string;
let core: Core;
const logLines: string[] = [];
const responses: string[] = [];
const events: string[] = [];
const cliOutput: string[] = [];
const wrongSecrets: string[] = [];
const dbSnapshots: { when: string; bytes: string }[] = [];
const DEPLOY_SECRET = `deploy-secret-${randomUUID()}`;

async function call(channel: string, input: unknown) {
  const res = await core.dispatch(channel, input);
  responses.push(JSON.stringify(res));
  return res;
}

async function value<T>(channel: string, input: unknown): Promise<T> {
  const res = await call(channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.code} ${res.error.message}`);
  return res.value as T;
}

async function cli(args: string[]) {
  const r = await runCli(args, { dataDir });
  cliOutput.push(r.stdout, r.stderr);
  return r;
}

/** The database file and its WAL (and shared memory) as they are on disk right now. */
function snapshotDatabase(when: string) {
  const bytes = [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`]
    .map((f) => path.join(dataDir, f))
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.readFileSync(f).toString('latin1'))
    .join('\n');
  dbSnapshots.push({ when, bytes });
}

beforeAll(async () => {
  demo = await startDemoEnvironment({ instances: 80, nodes: 6, seed: 'leaks', clockMs: 0 });
  sky = demo.simulators.skyport as SkyportSimulator;
  sky.state.rateLimit = false;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-leaks-'));
  core = createCore({ dataDir, secretStore: new KeyringSecretStore(), logSink: (l) => logLines.push(l), logLevel: 'debug' });
  core.events.on((e) => events.push(JSON.stringify(e)));
}, 300_000);

afterAll(async () => {
  for (const a of core ? core.accounts.list() : []) await core.dispatch('accounts.remove', { id: a.id });
  await core?.close();
  await demo?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Every credential the simulators hold or hand out. */
function simulatorSecrets(): { kind: string; value: string }[] {
  const out: { kind: string; value: string }[] = [];
  for (const p of PROVIDER_IDS) {
    const acc = demo.providers[p].account;
    for (const v of Object.values(acc.secrets)) {
      out.push({ kind: `${p} account secret`, value: v });
      out.push({ kind: `${p} account secret (base64)`, value: Buffer.from(v).toString('base64') });
      out.push({ kind: `${p} account secret (URL-encoded)`, value: encodeURIComponent(v) });
      for (const user of Object.values(acc.fields)) out.push({ kind: `${p} Basic credentials`, value: Buffer.from(`${user}:${v}`).toString('base64') });
    }
  }
  for (const u of sky.store.users) {
    out.push({ kind: 'Skyport user password hash', value: u.password });
    if (u.resetToken) out.push({ kind: 'Skyport reset token', value: u.resetToken });
  }
  for (const n of sky.store.listNodes()) {
    if (n?.apiKey) out.push({ kind: 'Skyport node daemon key', value: n.apiKey });
    if (n?.configureKey) out.push({ kind: 'Skyport node configure key', value: n.configureKey });
  }
  for (const i of sky.store.listInstances()) {
    for (const e of i.Env) {
      const m = /^[A-Za-z0-9_.-]*(?:PASS|SECRET|TOKEN|KEY)[A-Za-z0-9_.-]*=(.+)$/i.exec(e);
      if (m) out.push({ kind: 'Skyport instance environment value', value: m[1] });
    }
  }
  for (const w of wrongSecrets) out.push({ kind: 'a wrong secret', value: w });
  return out;
}

it('keeps every secret out of the database and WAL, the answers, the events, the logs and the CLI output', async () => {
  // Wrong secrets first: probe and add fail with AUTH, and nothing of them stays anywhere.
  for (const p of PROVIDER_IDS) {
    const acc = demo.providers[p].account;
    const wrong = Object.fromEntries(Object.keys(acc.secrets).map((k) => [k, `wrong-${p}-${randomUUID()}`]));
    wrongSecrets.push(...Object.values(wrong));
    const base = { name: `wrong-${p}`, provider: p, environment: 'dev', baseUrl: acc.baseUrl, authMethod: acc.authMethod, fields: acc.fields, secrets: wrong };
    const probe = await value<{ ok: boolean; error?: { code: string } }>('accounts.probe', base);
    expect(probe.ok, p).toBe(false);
    expect(['AUTH', 'FORBIDDEN'], p).toContain(probe.error?.code);
    expect((await call('accounts.add', { ...base, verify: true })).ok, p).toBe(false);
  }

  // The right secrets, verified on add.
  const ids = {} as Record<ProviderId, string>;
  for (const p of PROVIDER_IDS) {
    const acc = demo.providers[p].account;
    const account = await value<Account>('accounts.add', {
      name: `leak-${p}`,
      provider: p,
      environment: 'prod',
      baseUrl: acc.baseUrl,
      authMethod: acc.authMethod,
      fields: acc.fields,
      secrets: acc.secrets,
      verify: true,
    });
    ids[p] = account.id;
  }

  // A real sync of all five into SQLite.
  const report = await value<{ accounts: { accountId: string; state: string }[] }>('sync.refresh', {});
  expect(report.accounts.map((a) => a.state)).toEqual(PROVIDER_IDS.map(() => 'ok'));

  // Reads: every list, and objects of each provider in detail (the raw objects the APIs sent).
  for (const p of PROVIDER_IDS) {
    const page = await value<Page<Instance>>('instances.query', { accountIds: [ids[p]], limit: 1000 });
    expect(page.total, p).toBeGreaterThan(0);
    for (const row of page.rows.slice(0, 3)) await value('instances.get', { accountId: ids[p], id: row.id });
    const nodes = await value<Page<NodeInfo>>('nodes.query', { accountIds: [ids[p]], limit: 1000 });
    for (const n of nodes.rows.slice(0, 2)) await call('nodes.get', { accountId: ids[p], id: n.id });
  }
  // The Skyport instances whose environment carries a secret, read in detail: the masked form is there.
  const withSecretEnv = sky.store.listInstances().filter((i) => i.Env.some((e) => /PASSWORD=/.test(e)));
  expect(withSecretEnv.length).toBeGreaterThan(0);
  for (const i of withSecretEnv) await value('instances.get', { accountId: ids.skyport, id: i.Id });
  expect(responses.join('\n')).toContain('RCON_PASSWORD=***');

  // Actions: a deploy whose variables carry a secret (the daemon puts it in the environment), a suspend.
  const node = sky.store.listNodes().find((n) => n?.status === 'Online')!;
  const deployed = await value<{ instance: Instance }>('instances.act', {
    accountId: ids.skyport,
    action: 'deploy',
    params: {
      name: 'leaky-deploy', image: 'ghcr.io/skyportlabs/images:java21', imagename: 'Paper', nodeId: node.id, user: sky.store.users[0].userId,
      memory: '1024', cpu: '1', ports: '25565:31999', primary: '0', variables: JSON.stringify({ DB_PASSWORD: DEPLOY_SECRET }),
    },
  });
  expect(sky.store.instanceRecord(deployed.instance.id)!.Env).toContain(`DB_PASSWORD=${DEPLOY_SECRET}`);
  await value('instances.get', { accountId: ids.skyport, id: deployed.instance.id });
  const ready = sky.store.listInstances().find((i) => i.InternalState === 'READY' && i.Node.status === 'Online' && !i.suspended)!;
  await value('instances.act', { accountId: ids.skyport, id: ready.Id, action: 'suspend' });
  await value('sync.refresh', {});
  await value('activity.list', {});
  snapshotDatabase('after the app’s sync, reads and actions (WAL not checkpointed)');

  // The CLI over the same data folder and keychain, with its debug log on stderr.
  const sk = ids.skyport;
  const runs = [
    await cli(['--json', 'sync']),
    await cli(['instances', 'list', '--limit', '1000']),
    await cli(['--json', 'instances', 'list', '--limit', '1000']),
    await cli(['--json', 'nodes', 'list', '--limit', '1000']),
    await cli(['--json', 'instances', 'show', withSecretEnv[0].Id, '--account', sk]),
    await cli(['instances', 'show', deployed.instance.id, '--account', sk]),
    await cli(['--json', 'nodes', 'show', node.id, '--account', sk]),
    await cli(['--json', 'instances', 'unsuspend', ready.Id, '--account', sk]),
    await cli(['--json', 'activity', 'list']),
    await cli(['--json', 'accounts', 'list']),
    await cli(['accounts', 'show', ids.nim]),
  ];
  for (const r of runs) expect(r.code, r.stderr.slice(-600)).toBe(0);
  snapshotDatabase('after the CLI');
  await core.close();
  snapshotDatabase('after closing');
  core = createCore({ dataDir, secretStore: new KeyringSecretStore(), logSink: (l) => logLines.push(l) });

  // The checks are worth something only if the places checked hold what was done.
  const cliText = cliOutput.join('\n');
  const logs = logLines.join('\n');
  for (const snap of dbSnapshots) {
    expect(snap.bytes, snap.when).toContain(ids.skyport);
    expect(snap.bytes, snap.when).toContain(withSecretEnv[0].Name);
  }
  expect(cliText).toContain(withSecretEnv[0].Name);
  expect(cliText).toContain('RCON_PASSWORD=***');
  expect(cliText).toMatch(/"level":"debug"|synced/);
  expect(logs).toContain('synced');
  expect(logLines.length).toBeGreaterThan(20);
  expect(events.length).toBeGreaterThan(5);

  const secrets = [...simulatorSecrets(), { kind: 'a deploy variable', value: DEPLOY_SECRET }];
  expect(secrets.filter((s) => s.kind === 'Skyport node daemon key').length).toBeGreaterThan(0);
  expect(secrets.filter((s) => s.kind === 'Skyport instance environment value').length).toBeGreaterThan(1);
  const places: [string, string][] = [
    ...dbSnapshots.map((s) => [`the database ${s.when}`, s.bytes] as [string, string]),
    ['the core’s answers', responses.join('\n')],
    ['the events', events.join('\n')],
    ['the app’s log', logs],
    ['the CLI’s output and log', cliText],
  ];
  for (const [where, text] of places) {
    for (const s of secrets) expect(text.includes(s.value), `${where} holds ${s.kind} (${s.value.slice(0, 6)}…)`).toBe(false);
    expect(text, `${where} holds a bcrypt hash`).not.toMatch(/\$2[aby]\$\d\d\$[./A-Za-z0-9]{20}/);
    expect(text, `${where} holds a bearer token`).not.toMatch(/Bearer\s+[A-Za-z0-9._~+/-]{16,}/);
  }
  // The right secrets are in the keychain, where they belong.
  const keychain = new KeyringSecretStore();
  for (const p of PROVIDER_IDS) expect(await keychain.get(ids[p])).toEqual(demo.providers[p].account.secrets);
}, 600_000);
