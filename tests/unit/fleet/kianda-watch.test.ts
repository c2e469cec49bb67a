import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/main/core/core';
import { MemorySecretStore } from '../../../electron/main/core/secrets/memory';
import { startKiandaSimulator } from '../../../electron/simulators/kianda';
import type { RunningSimulator } from '../../../electron/simulators/kit/types';

let core: Core | undefined;
let sim: RunningSimulator | undefined;
afterEach(async () => {
  await core?.close();
  await sim?.close();
});

async function call<T>(channel: string, input: unknown): Promise<T> {
  const res = await core!.dispatch(channel, input);
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.value as T;
}

describe('Kianda: an instance created through Hangar stays followed', () => {
  it('saves the new name into the account’s watch setting, so the next sync (and the next start) lists it', async () => {
    sim = await startKiandaSimulator({ instances: 0 });
    core = createCore({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-kianda-')), secretStore: new MemorySecretStore() });
    const account = await call<{ id: string }>('accounts.add', {
      name: 'Kianda',
      provider: 'kianda',
      environment: 'dev',
      ...sim.account,
    });
    await call('instances.act', {
      accountId: account.id,
      action: 'create',
      params: { processName: 'new-employee', instanceID: 'new-employee-7' },
    });
    const saved = await call<{ fields: Record<string, string> }>('accounts.get', { id: account.id });
    expect(saved.fields.watch).toContain('new-employee-7');
    await call('sync.refresh', { accountId: account.id });
    const page = await call<{ total: number; rows: { id: string }[] }>('instances.query', { accountIds: [account.id] });
    expect(page.rows.map((r) => r.id)).toContain('new-employee-7');
  });
});
