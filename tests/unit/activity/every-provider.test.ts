import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/main/core/core';
import { MemorySecretStore } from '../../../electron/main/core/secrets/memory';
import { startDemoEnvironment, type DemoEnvironment } from '../../../electron/simulators/demo';
import { addDemoAccounts } from '../../../electron/simulators/demo-accounts';
import type { ActivityEntry, ActivityExport, ActivityPage, Page } from '../../../shared/contract';
import type { Instance, ProviderId } from '../../../shared/model';

// Every provider's actions, through the real core and the five simulators: each lands in the activity log
// with its result (ok, or error with the code), and the export carries them.

let demo: DemoEnvironment;
let core: Core;
let dir: string;
let ids: Record<ProviderId, string>;

async function first(accountId: string, status?: string): Promise<Instance> {
  const res = await core.dispatch('instances.query', { accountIds: [accountId], ...(status ? { statuses: [status] } : {}), limit: 1 } as never);
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return (res.value as Page<Instance>).rows[0]!;
}

async function act(accountId: string, action: string, id: string | undefined, params: Record<string, unknown> = {}) {
  return core.dispatch('instances.act', { accountId, action, ...(id ? { id } : {}), params } as never);
}

beforeAll(async () => {
  demo = await startDemoEnvironment({ instances: 50, nodes: 4, seed: 'activity-all', clockMs: 0 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-activity-all-'));
  core = createCore({ dataDir: dir, secretStore: new MemorySecretStore() });
  ids = await addDemoAccounts(core.dispatch, demo, 600);
  const res = await core.dispatch('sync.refresh', undefined);
  expect(res.ok).toBe(true);
});

afterAll(async () => {
  await core?.close();
  await demo?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the activity log holds every action of every provider with its result', () => {
  it('records successes and refusals for NIM, Skyport, Zesty, EveryPoint and Kianda', async () => {
    const expected: { accountId: string; action: string; outcome: 'ok' | 'error'; code?: string }[] = [];
    const run = async (provider: ProviderId, action: string, id: string | undefined, params: Record<string, unknown>, outcome: 'ok' | 'error', code?: string) => {
      const res = await act(ids[provider], action, id, params);
      expect({ provider, action, ok: res.ok, code: res.ok ? undefined : res.error.code }).toEqual({ provider, action, ok: outcome === 'ok', code });
      expected.push({ accountId: ids[provider], action: `instances.${action}`, outcome, code });
    };

    await run('nim', 'suspend', (await first(ids.nim)).id, {}, 'error', 'UNSUPPORTED');
    const sky = await first(ids.skyport, 'running');
    await run('skyport', 'suspend', sky.id, {}, 'ok');
    await run('skyport', 'unsuspend', sky.id, {}, 'ok');
    await run('zesty', 'create', undefined, { name: 'activity-site' }, 'ok');
    await run('zesty', 'delete', (await first(ids.zesty)).id, {}, 'error', 'UNSUPPORTED');
    await run('everypoint', 'create', undefined, { name: 'act-one', description: 'made by the test' }, 'ok');
    await run('everypoint', 'rename', 'act-one', { name: 'act-two' }, 'ok');
    await run('everypoint', 'update', 'act-two', { description: 'changed' }, 'ok');
    await run('everypoint', 'delete', 'act-two', {}, 'ok');
    await run('everypoint', 'delete', 'act-two', {}, 'error', 'NOT_FOUND');
    await run('kianda', 'create', undefined, { processName: 'leave-request', instanceID: 'leave-request-999' }, 'ok');
    await run('kianda', 'update', 'leave-request-999', { fields: '{"status":"approved"}' }, 'ok');

    const res = await core.dispatch('activity.list', { kinds: ['action'], limit: 100 });
    expect(res.ok).toBe(true);
    const page = (res as { value: ActivityPage }).value;
    const rows = [...page.rows].reverse();
    expect(rows.map((r) => ({ accountId: r.accountId, action: r.action, outcome: r.outcome, code: r.code ?? undefined }))).toEqual(expected);
    for (const r of rows) {
      expect(r.actor).toMatch(/\(app\)$/);
      expect(r.durationMs).toBeGreaterThanOrEqual(0);
      expect(r.summary.length).toBeGreaterThan(0);
      if (r.outcome === 'error') expect(r.message).toBeTruthy();
    }

    const exported = async (format: 'csv' | 'json') => {
      const r = await core.dispatch('activity.export', { kinds: ['action'], format });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return r.value as ActivityExport;
    };
    const csv = await exported('csv');
    const json = await exported('json');
    expect(csv.count).toBe(expected.length);
    expect(csv.content.trimEnd().split('\r\n')).toHaveLength(expected.length + 1);
    const parsed = JSON.parse(json.content) as ActivityEntry[];
    expect(parsed.map((e) => e.action)).toEqual(expected.map((e) => e.action));
  });
});
