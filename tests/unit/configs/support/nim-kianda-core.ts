import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { createCore, type Core } from '../../../../electron/main/core/core';
import { MemorySecretStore } from '../../../../electron/main/core/secrets/memory';
import { startKiandaSimulator } from '../../../../electron/simulators/kianda';
import type { RunningSimulator } from '../../../../electron/simulators/kit/types';
import { startNimSimulator } from '../../../../electron/simulators/nim';

export interface NimKiandaCore {
  core: Core;
  /** Account ids by provider ('nim', 'kianda'). */
  ids: Record<string, string>;
}

/**
 * A real core with a NIM and a Kianda simulator account, both synced once, for the describe block that calls it
 * (started in beforeAll, closed in afterAll). Read its fields inside tests.
 */
export function nimKiandaCore(seed: string, kiandaInstances: number): NimKiandaCore {
  const state = { ids: {} } as NimKiandaCore;
  let nim: RunningSimulator | undefined;
  let kianda: RunningSimulator | undefined;
  let dataDir: string | undefined;
  beforeAll(async () => {
    nim = await startNimSimulator({ seed, instances: 2, nodes: 1 });
    kianda = await startKiandaSimulator({ seed, instances: kiandaInstances });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `hangar-${seed}-`));
    state.core = createCore({ dataDir, secretStore: new MemorySecretStore() });
    for (const [name, sim] of [['nim', nim], ['kianda', kianda]] as const) {
      const add = await state.core.dispatch('accounts.add', {
        name, provider: name, environment: 'dev', baseUrl: sim.account.baseUrl, authMethod: sim.account.authMethod,
        fields: sim.account.fields, secrets: sim.account.secrets, verify: false,
      });
      expect(add.ok, JSON.stringify(add)).toBe(true);
      state.ids[name] = (add as { value: { id: string } }).value.id;
      await state.core.dispatch('sync.refresh', { accountId: state.ids[name] });
    }
  });
  afterAll(async () => {
    await state.core?.close();
    await nim?.close();
    await kianda?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return state;
}
