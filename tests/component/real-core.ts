import { createApp } from 'vue';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import type { Envelope } from '../../shared/errors';
import type { HangarBridge, HangarEvent } from '../../shared/events';
import { createClient, type HangarClient } from '../../renderer/src/api/client';
import { CLIENT_KEY } from '../../renderer/src/api/inject';

/** The parts of the real core these tests use (imported at run time: the web tsconfig does not type Node code). */
export interface CoreHandle {
  dispatch(channel: string, payload: unknown): Promise<Envelope<unknown>>;
  events: { on(listener: (event: HangarEvent) => void): { dispose(): void } };
  close(): Promise<void>;
}

export interface SimHandle {
  id: string;
  account: { baseUrl: string; authMethod: string; fields: Record<string, string>; secrets: Record<string, string> };
  close(): Promise<void>;
}

const FS_MODULE = 'node:fs/promises';
const OS_MODULE = 'node:os';
const CORE_MODULE = '../../electron/main/core/core';
const SECRETS_MODULE = '../../electron/main/core/secrets/memory';
const SKYPORT_MODULE = '../../electron/simulators/skyport';

export interface RealCore {
  /** Every channel the renderer side called, in order (so a test can prove a call was not made). */
  calls: string[];
  core: CoreHandle;
  client: HangarClient;
  pinia: Pinia;
  close(): Promise<void>;
}

/** A real core (temp SQLite file, in-memory secrets) behind a HangarBridge, as the preload gives the renderer. */
export async function startRealCore(): Promise<RealCore> {
  const fs = (await import(/* @vite-ignore */ FS_MODULE)) as {
    mkdtemp(prefix: string): Promise<string>;
    rm(path: string, options: { recursive: boolean; force: boolean }): Promise<void>;
  };
  const os = (await import(/* @vite-ignore */ OS_MODULE)) as { tmpdir(): string };
  const { createCore } = (await import(/* @vite-ignore */ CORE_MODULE)) as {
    createCore(options: { dataDir: string; secretStore: unknown }): CoreHandle;
  };
  const { MemorySecretStore } = (await import(/* @vite-ignore */ SECRETS_MODULE)) as { MemorySecretStore: new () => unknown };
  const dataDir: string = await fs.mkdtemp(`${os.tmpdir()}/hangar-component-`);
  const core = createCore({ dataDir, secretStore: new MemorySecretStore() });
  const calls: string[] = [];
  const bridge: HangarBridge = {
    // A JSON round trip both ways, like IPC's structured clone.
    invoke: async (channel, input) => {
      calls.push(channel);
      return JSON.parse(JSON.stringify(await core.dispatch(channel, input === undefined ? undefined : JSON.parse(JSON.stringify(input)))));
    },
    onEvent: (listener) => {
      const subscription = core.events.on(listener);
      return () => subscription.dispose();
    },
  };
  const client = createClient(bridge);
  const app = createApp({});
  app.provide(CLIENT_KEY, client);
  const pinia = createPinia();
  app.use(pinia);
  setActivePinia(pinia);
  return {
    calls,
    core,
    client,
    pinia,
    close: async () => {
      await core.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startSkyport(options: { instances?: number; nodes?: number } = {}): Promise<SimHandle> {
  const { startSkyportSimulator } = (await import(/* @vite-ignore */ SKYPORT_MODULE)) as {
    startSkyportSimulator(options: unknown): Promise<SimHandle>;
  };
  return startSkyportSimulator({ seed: 'component', ...options });
}
