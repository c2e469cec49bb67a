import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli';
import type { CliIo } from '../../../electron/cli/context';
import { createCore, type Core } from '../../../electron/main/core/core';
import { MemorySecretStore } from '../../../electron/main/core/secrets/memory';
import { startDemoEnvironment, type DemoEnvironment } from '../../../electron/simulators/demo';
import type { AccountSyncStatus, Page, SyncReport } from '../../../shared/contract';
import type { HangarEvent } from '../../../shared/events';
import { PROVIDER_IDS, type Instance } from '../../../shared/model';

// The whole path for real: five simulators over HTTP, the providers, the SQLite file, then the servers gone.

let env: DemoEnvironment | undefined;
let core: Core;
let dataDir: string;
const events: HangarEvent[] = [];

async function call<T>(channel: string, input: unknown = {}): Promise<T> {
  const res = await core.dispatch(channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.code} ${res.error.message}`);
  return res.value as T;
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    readStdin: async () => '',
    env: { HANGAR_SECRET_STORE: 'memory', HANGAR_DATA_DIR: dataDir },
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-offline-'));
  env = await startDemoEnvironment({ instances: 150, nodes: 12, clockMs: 0, seed: 'offline-test' });
  core = createCore({ dataDir, secretStore: new MemorySecretStore() });
  core.events.on((e) => events.push(e));
  for (const id of PROVIDER_IDS) {
    const a = env.providers[id].account;
    await call('accounts.add', {
      name: `${id} sim`,
      provider: id,
      baseUrl: a.baseUrl,
      environment: id === 'nim' ? 'prod' : 'dev',
      authMethod: a.authMethod,
      fields: a.fields,
      secrets: a.secrets,
      pollIntervalSec: 10,
      verify: false,
    });
  }
}, 60_000);

afterAll(async () => {
  await env?.close();
  await core?.close();
});

describe('sync against the simulators, then offline', () => {
  it('syncs every account over HTTP into the cache', async () => {
    const report = await call<SyncReport>('sync.refresh');
    expect(report.accounts.map((s) => [s.state, s.error?.message])).toEqual(PROVIDER_IDS.map(() => ['ok', undefined]));
    const page = await call<Page<Instance>>('instances.query', { limit: 10 });
    expect(page.total).toBeGreaterThan(100);
    expect(page.stale).toBe(false);
    const perAccount = report.accounts.reduce((n, s) => n + s.instanceCount, 0);
    expect(page.total).toBe(perAccount);
    expect((await call<Page<unknown>>('nodes.query', {})).total).toBeGreaterThan(0);
    // One complete snapshot per account (the partial ones came while the first syncs ran).
    expect(events.filter((e) => e.type === 'sync.changed' && !e.partial)).toHaveLength(5);
  });

  it('keeps everything queryable with stale:true and its age once the servers are gone', async () => {
    const before = await call<Page<Instance>>('instances.query', { limit: 1000 });
    await env!.close();
    env = undefined;
    const report = await call<SyncReport>('sync.refresh');
    expect(new Set(report.accounts.map((s) => s.state))).toEqual(new Set(['offline']));
    expect(events.filter((e) => e.type === 'connectivity.changed' && !e.online)).toHaveLength(5);
    const after = await call<Page<Instance>>('instances.query', { limit: 1000 });
    expect(after.stale).toBe(true);
    expect(after.total).toBe(before.total);
    expect(after.asOf).toBe(before.asOf);
    expect(after.rows.map((r) => r.id)).toEqual(before.rows.map((r) => r.id));
    const name = after.rows[7].name;
    const found = await call<Page<Instance>>('instances.query', { text: name.slice(1, 6) });
    expect(found.rows.map((r) => r.name)).toContain(name);
    const status = await call<AccountSyncStatus[]>('sync.status');
    expect(status.every((s) => s.ageSeconds !== null && s.ageSeconds >= 0 && s.lastSuccessAt !== null)).toBe(true);
    expect(status.map((s) => s.lastSuccessAt!).sort()[0]).toBe(before.asOf);
    expect(status.every((s) => s.error?.code === 'OFFLINE')).toBe(true);
    const detail = await call<{ source: string; instance: Instance }>('instances.get', { accountId: after.rows[0].accountId, id: after.rows[0].id });
    expect(detail).toMatchObject({ source: 'cache', instance: { id: after.rows[0].id } });
  });

  it('the CLI lists from the cache with asOf and stale while the servers are down', async () => {
    await core.close();
    const listed = await cli(['--json', 'instances', 'list', '--limit', '5', '--status', 'running,stopped,suspended,installing,failed,offline,unknown']);
    expect(listed.code).toBe(0);
    const out = JSON.parse(listed.stdout);
    expect(out).toMatchObject({ stale: true, offset: 0 });
    expect(out.total).toBeGreaterThan(100);
    expect(out.rows).toHaveLength(5);
    expect(typeof out.asOf).toBe('string');
    const nodes = await cli(['--json', 'nodes', 'list', '--provider', 'skyport', '--limit', '2']);
    expect(JSON.parse(nodes.stdout)).toMatchObject({ stale: true });
    const human = await cli(['instances', 'list', '--search', out.rows[0].name]);
    expect(human.stdout).toContain(out.rows[0].name);
    expect(human.stdout).toContain('STALE');
    // This process has no keychain entry for the accounts: every sync fails, the report is still printed.
    const synced = await cli(['--json', 'sync']);
    expect(synced.code).not.toBe(0);
    expect(JSON.parse(synced.stdout).accounts).toHaveLength(5);
    const bad = await cli(['--json', 'instances', 'list', '--limit', 'many']);
    expect(bad.code).toBe(2);
    core = createCore({ dataDir, secretStore: new MemorySecretStore() });
  });
});
