import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/main/core/core';
import { MemorySecretStore } from '../../../electron/main/core/secrets/memory';
import { startNimSimulator } from '../../../electron/simulators/nim';
import type { RunningSimulator } from '../../../electron/simulators/kit/types';
import type { AccountSyncStatus, Page, SyncReport } from '../../../shared/contract';
import type { HangarEvent } from '../../../shared/events';
import type { Instance } from '../../../shared/model';

// A never-synced 2,000-instance NIM account behind a slow API (every page answered after 250 ms):
// the rows are queryable, marked partial, while the first sync is still running.

let sim: RunningSimulator;
let core: Core;
let accountId: string;
const events: HangarEvent[] = [];

async function call<T>(channel: string, input: unknown = {}): Promise<T> {
  const res = await core.dispatch(channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.code} ${res.error.message}`);
  return res.value as T;
}
const query = () => call<Page<Instance>>('instances.query', { offset: 0, limit: 20, sort: 'name', sortDir: 'asc' });

beforeAll(async () => {
  sim = await startNimSimulator({ seed: 'first-sync', instances: 2000, nodes: 4, nginx: false, clock: { intervalMs: 0 } });
  core = createCore({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-first-sync-')), secretStore: new MemorySecretStore() });
  core.events.on((e) => events.push(e));
  const a = sim.account;
  const added = await call<{ id: string }>('accounts.add', {
    name: 'slow nim',
    provider: 'nim',
    baseUrl: a.baseUrl,
    environment: 'prod',
    authMethod: a.authMethod,
    fields: a.fields,
    secrets: a.secrets,
    pollIntervalSec: 3600,
    verify: false,
  });
  accountId = added.id;
}, 60_000);

afterAll(async () => {
  await core?.close();
  await sim?.close();
});

describe('the first sync of a never-synced account', () => {
  it('shows rows, marked partial, after the first pages while the sync still runs, then completes', async () => {
    const injected = await fetch(`${sim.baseUrl}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ latencyMs: 250 }),
    });
    expect(injected.ok).toBe(true);
    let done = false;
    const refresh = call<SyncReport>('sync.refresh', { accountId }).finally(() => (done = true));

    // Wait for the first partial sync.changed, then read the list while the sync is still running.
    const deadline = Date.now() + 30_000;
    while (!events.some((e) => e.type === 'sync.changed' && e.partial) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const midway = await query();
    const status = (await call<AccountSyncStatus[]>('sync.status')).find((s) => s.accountId === accountId)!;
    expect(done).toBe(false);
    expect(midway.total).toBeGreaterThan(0);
    expect(midway.total).toBeLessThan(2000);
    expect(midway.rows.length).toBeGreaterThan(0);
    expect(midway).toMatchObject({ partial: true, asOf: null });
    expect(status).toMatchObject({ state: 'syncing', firstSyncPartial: true, lastSuccessAt: null });
    expect(status.instanceCount).toBeGreaterThan(0);

    const report = await refresh;
    expect(report.accounts[0]).toMatchObject({ state: 'ok', instanceCount: 2000 });
    expect(report.accounts[0].firstSyncPartial).toBeUndefined();
    const after = await query();
    expect(after.total).toBe(2000);
    expect(after.partial).toBeUndefined();
    expect(after.asOf).not.toBeNull();
    // Partial announcements are throttled: far fewer than the 20 pages, and the final one is a complete snapshot.
    const changed = events.filter((e) => e.type === 'sync.changed' && e.accountId === accountId);
    expect(changed.filter((e) => e.type === 'sync.changed' && e.partial).length).toBeLessThan(20);
    const last = changed.at(-1) as Extract<HangarEvent, { type: 'sync.changed' }>;
    expect(last).toMatchObject({ instances: 2000 });
    expect(last.partial).toBeUndefined();
    expect(last.asOf).not.toBeNull();
  }, 60_000);
});
