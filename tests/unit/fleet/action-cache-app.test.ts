import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Page } from '../../../shared/contract';
import type { Envelope } from '../../../shared/errors';
import type { HangarEvent } from '../../../shared/events';
import type { Account, Instance } from '../../../shared/model';
import { createCore, type Core } from '../../../electron/main/core/core';
import { MemorySecretStore } from '../../../electron/main/core/secrets/memory';
import { startSkyportSimulator, type SkyportSimulator } from '../../../electron/simulators/skyport/index';

// In the app the action's result is in the cache when instances.act resolves, and already when the app is
// told (the status event, sync.changed and the activity entry), without waiting for the refresh the action triggers.

let sim: SkyportSimulator;
let core: Core;
let dataDir: string;
let accountId: string;

async function value<T>(channel: string, input: unknown): Promise<T> {
  const res = await core.dispatch(channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.code} ${res.error.message}`);
  return res.value as T;
}

beforeEach(async () => {
  sim = await startSkyportSimulator({ seed: 'app-actions', instances: 10, nodes: 3, rateLimit: false, installMs: 3_600_000 });
  sim.store.settle(Number.POSITIVE_INFINITY);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-app-actions-'));
  core = createCore({ dataDir, secretStore: new MemorySecretStore() });
  const account = await value<Account>('accounts.add', {
    name: 'sky', provider: 'skyport', environment: 'dev', baseUrl: sim.account.baseUrl, authMethod: 'apiKey', fields: {}, secrets: sim.account.secrets, verify: false,
  });
  accountId = account.id;
  await value('sync.refresh', { accountId });
});

afterEach(async () => {
  await core.close();
  await sim.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const statusOf = async (id: string) =>
  (await value<Page<Instance>>('instances.query', { accountIds: [accountId], limit: 1000 })).rows.find((r) => r.id === id)?.status ?? null;

it('a suspend is in the cache when the app hears of it and when the call resolves', async () => {
  const target = sim.store.listInstances().find((i) => i.InternalState === 'READY' && i.Node.status === 'Online' && !i.suspended)!;
  expect(await statusOf(target.Id)).toBe('running');
  // What the cache said at the moment each event was emitted (the query reads SQLite synchronously).
  const seen: { type: string; status: Promise<Envelope<unknown>> }[] = [];
  const sub = core.events.on((e: HangarEvent) => {
    if (e.type === 'instance.statusChanged' || e.type === 'sync.changed' || e.type === 'activity.recorded') seen.push({ type: e.type, status: core.dispatch('instances.query', { accountIds: [accountId], limit: 1000 }) });
  });
  const result = await value<{ confirmedBy: string }>('instances.act', { accountId, id: target.Id, action: 'suspend' });
  sub.dispose();
  expect(result.confirmedBy).toBe('reread');
  expect(await statusOf(target.Id)).toBe('suspended');
  expect(seen.map((s) => s.type)).toEqual(['instance.statusChanged', 'sync.changed', 'activity.recorded']);
  for (const s of seen) {
    const page = (await s.status) as Envelope<Page<Instance>>;
    expect(page.ok && page.value.rows.find((r) => r.id === target.Id)).toMatchObject({ status: 'suspended', confirmedBy: 'reread' });
  }
});

it('a forced delete of an installing instance removes every instance the panel removed; the refresh agrees', async () => {
  const node = sim.store.listNodes().find((n) => n?.status === 'Online')!;
  const deploy = (name: string) =>
    value<{ instance: Instance }>('instances.act', {
      accountId, action: 'deploy',
      params: { name, image: 'ghcr.io/skyportlabs/images:java21', imagename: 'Paper', nodeId: node.id, user: sim.store.users[0].userId, memory: '512', cpu: '1', ports: '25565:30200', primary: '0' },
    });
  const a = (await deploy('app-a')).instance.id;
  const b = (await deploy('app-b')).instance.id;
  expect(await statusOf(a)).toBe('installing');
  const refused = await core.dispatch('instances.act', { accountId, id: a, action: 'delete' });
  expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'NO_CONTAINER_ID', force: 'force' } } });
  const result = await value<{ removedIds: string[]; deletedId: string }>('instances.act', { accountId, id: a, action: 'delete', params: { force: true } });
  expect(result).toMatchObject({ deletedId: a, removedIds: [b] });
  expect(await statusOf(a)).toBeNull();
  expect(await statusOf(b)).toBeNull();
  await value('sync.refresh', { accountId });
  expect(await statusOf(a)).toBeNull();
  expect(await statusOf(b)).toBeNull();
});
