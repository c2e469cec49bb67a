/**
 * Following a deployment that does not end in time: the publish answers with the deployment still pending,
 * history says pending (not succeeded), the activity log says TIMEOUT, and the draft is kept. The clock of the
 * polling is injected (no wall-clock wait near a limit); the simulator's deployment really stays pending.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { ConfigView, PublishResult } from '../../../shared/contract';
import { createCore } from '../../../electron/main/core/core';
import { MemorySecretStore } from '../../../electron/main/core/secrets/memory';
import { startNimSimulator } from '../../../electron/simulators/nim';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-follow-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

it('stops following after maxPolls and reports the deployment as still pending', async () => {
  const sim = await startNimSimulator({ seed: 'follow', instances: 2, nodes: 1, deployDelayMs: 3_000 });
  let polls = 0;
  const core = createCore({
    dataDir,
    secretStore: new MemorySecretStore(),
    configs: { pollMs: 1000, maxPolls: 3, sleep: async () => void polls++ },
  });
  try {
    const add = await core.dispatch('accounts.add', {
      name: 'nim', provider: 'nim', environment: 'dev', baseUrl: sim.account.baseUrl, authMethod: 'basic',
      fields: sim.account.fields, secrets: sim.account.secrets, verify: false,
    });
    const accountId = (add as { value: { id: string } }).value.id;
    await core.dispatch('sync.refresh', { accountId });
    const page = (await core.dispatch('instances.query', { accountIds: [accountId], limit: 1 })) as { value: { rows: { id: string }[] } };
    const target = { accountId, kind: 'instance', id: page.value.rows[0].id };
    const view = ((await core.dispatch('configs.get', target)) as { value: ConfigView }).value;
    const files = view.live.files.map((f) => ({ ...f, contents: f.contents.replace('keepalive_timeout 65;', 'keepalive_timeout 30;') }));
    await core.dispatch('configs.saveDraft', { target, files });
    const res = (await core.dispatch('configs.publish', { target })) as { ok: boolean; value: PublishResult };
    expect(res.ok, JSON.stringify(res)).toBe(true);
    expect(polls).toBe(3);
    expect(res.value.deployment.status).toBe('pending');
    expect(res.value.revision.result).toBe('pending');
    const again = ((await core.dispatch('configs.get', target)) as { value: ConfigView }).value;
    expect(again.draft).not.toBeNull();
    const activity = core.activity.list({ offset: 0, limit: 1, kinds: ['config'] });
    expect(activity.rows[0]).toMatchObject({ action: 'configs.publish', outcome: 'error', code: 'TIMEOUT' });
  } finally {
    await core.close();
    await sim.close();
  }
}, 30_000);
