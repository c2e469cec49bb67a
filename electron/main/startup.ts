import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDemoAccounts } from '../simulators/demo-accounts';
import { startDemoEnvironment, type DemoEnvironment } from '../simulators/demo';
import { createCore, type Core, type CoreOptions } from './core/core';
import { MemorySecretStore } from './core/secrets/memory';

export interface Started {
  core: Core;
  /** Set in demo mode: the simulators behind the demo accounts. */
  demo?: DemoEnvironment;
  close(): Promise<void>;
}

/**
 * Opens the user's core; when it has no account (and the demo is not switched off) opens instead a
 * throwaway core in a temp folder, backed by the five simulators with one demo account each.
 * Plain Node: main, the browser app and tests share it.
 */
export async function startCore(options: CoreOptions & { demo: 'auto' | 'off' | 'force'; demoInstances?: number }): Promise<Started> {
  const core = options.demo === 'force' ? undefined : createCore(options);
  if (core && (options.demo === 'off' || core.accounts.list().length > 0)) {
    return { core, close: () => core.close() };
  }
  await core?.close();
  const demo = await startDemoEnvironment({ instances: options.demoInstances ?? 400, nodes: 12 });
  const demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-demo-'));
  const demoCore = createCore({ ...options, dataDir: demoDir, secretStore: new MemorySecretStore(), mode: 'demo' });
  try {
    await addDemoAccounts(demoCore.dispatch, demo);
  } catch (e) {
    await demoCore.close();
    await demo.close();
    throw e;
  }
  return {
    core: demoCore,
    demo,
    close: async () => {
      await demoCore.close();
      await demo.close();
      fs.rmSync(demoDir, { recursive: true, force: true });
    },
  };
}
