import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { createCore, type Core } from '../../../electron/main/core/core';
import { MemorySecretStore } from '../../../electron/main/core/secrets/memory';
import { startNimSimulator } from '../../../electron/simulators/nim';
import type { RunningSimulator } from '../../../electron/simulators/kit/types';
import { ManualTimer } from '../sync/support/manual-timer';

let core: Core | undefined;
let sim: RunningSimulator | undefined;
let dir: string | undefined;
afterEach(async () => {
  await core?.close();
  await sim?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it("collects an account's node metrics as soon as its first sync lands, not a round later; once per session", async () => {
  sim = await startNimSimulator({ seed: 'first-collect', instances: 4, nodes: 2, nginx: false });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-first-collect-'));
  const timer = new ManualTimer(Date.now());
  core = createCore({ dataDir: dir, secretStore: new MemorySecretStore(), timer });
  core.monitor.start();
  const added = await core.dispatch('accounts.add', {
    name: 'nim',
    provider: 'nim',
    environment: 'prod',
    baseUrl: sim.account.baseUrl,
    authMethod: sim.account.authMethod,
    fields: sim.account.fields,
    secrets: sim.account.secrets,
    verify: false,
  } as never);
  expect(added.ok).toBe(true);
  const samples = () => Number((core!.database.db.prepare('SELECT COUNT(*) AS n FROM metric_samples').get() as { n: number }).n);
  expect(samples()).toBe(0);
  const collect = vi.spyOn(core.monitor, 'collectAll');
  await core.dispatch('sync.refresh', undefined);
  // The clock has not moved: no metrics round came due; the first sync brought the collection.
  await vi.waitFor(() => expect(samples()).toBeGreaterThan(0));
  expect(collect).toHaveBeenCalledTimes(1);
  // A later change of the same account waits for the regular round.
  const accountId = (added as { value: { id: string } }).value.id;
  core.events.emit({ type: 'sync.changed', accountId, instances: 4, nodes: 2, asOf: new Date().toISOString() });
  expect(collect).toHaveBeenCalledTimes(1);
});
