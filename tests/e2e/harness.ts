import { test as base, expect, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCore, type Core } from '../../electron/main/core/core';
import { MemorySecretStore } from '../../electron/main/core/secrets/memory';
import { startEveryPointSimulator } from '../../electron/simulators/everypoint';
import { startKiandaSimulator } from '../../electron/simulators/kianda';
import type { RunningSimulator, SimAccount, SimOptions } from '../../electron/simulators/kit/types';
import { startDemoEnvironment, type DemoEnvironment, type DemoOptions } from '../../electron/simulators/demo';
import { addDemoAccounts } from '../../electron/simulators/demo-accounts';
import { startNimSimulator } from '../../electron/simulators/nim';
import { startSkyportSimulator } from '../../electron/simulators/skyport';
import { startZestySimulator } from '../../electron/simulators/zesty';
import type { AccountDraft, ChannelName, InputOf, OutputOf } from '../../shared/contract';
import type { HangarEvent } from '../../shared/events';
import type { Account, Environment, ProviderId } from '../../shared/model';
import { forwardEventsToPage, wireBridge } from '../../browser/bridge';
import { serveStatic, type StaticServer } from '../../browser/static-server';

const RENDERER_DIR = path.resolve(__dirname, '../../out/renderer');
const SCREENSHOT_DIR = path.resolve(__dirname, 'screenshots');

const SIMULATORS: Record<ProviderId, (options: SimOptions) => Promise<RunningSimulator>> = {
  nim: startNimSimulator,
  skyport: startSkyportSimulator,
  zesty: startZestySimulator,
  everypoint: startEveryPointSimulator,
  kianda: startKiandaSimulator,
};

export interface AccountOverrides {
  name?: string;
  environment?: Environment;
  envColor?: string;
  pollIntervalSec?: number;
}

/** The real core behind the page, and the simulators it talks to. */
export interface Harness {
  core: Core;
  /** dispatch with types; throws `Error("<CODE>: message")` on a failed envelope. */
  call<K extends ChannelName>(channel: K, input: InputOf<K>): Promise<OutputOf<K>>;
  startSimulator(provider: ProviderId, options?: SimOptions): Promise<RunningSimulator>;
  /** Adds an account for a running simulator through dispatch (verified, like the UI does). */
  addAccount(sim: RunningSimulator, overrides?: AccountOverrides): Promise<Account>;
  draftFor(sim: RunningSimulator, overrides?: AccountOverrides): AccountDraft;
  /** The demo environment: every provider's simulator on loopback. */
  startDemo(options?: DemoOptions): Promise<DemoEnvironment>;
  /** Adds one account per demo provider, as the app's demo mode does (addDemoAccounts); returns them. */
  addDemoAccounts(demo: DemoEnvironment): Promise<{ added: Account[] }>;
  /** Starts the sync scheduler, as the Electron app does at launch. */
  startSync(): Promise<void>;
  /** Every event the core emitted in this test. */
  events: HangarEvent[];
  /** Every call the page made over window.hangar, in order. */
  pageCalls: { channel: string; input: unknown }[];
}

export interface ConsoleGuard {
  /** Problems seen so far: console errors, Vue warnings, CSP violations, uncaught exceptions. */
  problems: string[];
  /** Marks problems matching `pattern` as expected (removes them); returns how many it removed. */
  accept(pattern: RegExp): number;
}

interface Fixtures {
  harness: Harness;
  consoleGuard: ConsoleGuard;
  /** Opens the app at a hash route (e.g. '/accounts') and waits for the shell. */
  openApp(route?: string): Promise<void>;
  /** Full-page screenshot to tests/e2e/screenshots/<name>.png. */
  shot(name: string): Promise<string>;
}

interface WorkerFixtures {
  rendererServer: StaticServer;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  rendererServer: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await serveStatic(RENDERER_DIR);
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],

  harness: async ({}, use) => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'hangar-e2e-'));
    const core = createCore({ dataDir, secretStore: new MemorySecretStore(), version: '0.1.0-e2e' });
    const sims: { close(): Promise<void> }[] = [];
    const events: HangarEvent[] = [];
    const subscription = core.events.on((e) => events.push(e));
    const call = async <K extends ChannelName>(channel: K, input: InputOf<K>): Promise<OutputOf<K>> => {
      const envelope = await core.dispatch(channel, input);
      if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
      return envelope.value as OutputOf<K>;
    };
    const draftFor = (sim: RunningSimulator, overrides: AccountOverrides = {}): AccountDraft => {
      const account: SimAccount = sim.account;
      return {
        name: overrides.name ?? `${sim.id} simulator`,
        provider: sim.id,
        baseUrl: account.baseUrl,
        environment: overrides.environment ?? 'dev',
        ...(overrides.envColor ? { envColor: overrides.envColor } : {}),
        authMethod: account.authMethod,
        fields: account.fields,
        secrets: account.secrets,
        pollIntervalSec: overrides.pollIntervalSec ?? 600,
      };
    };
    await use({
      core,
      call,
      events,
      pageCalls: [],
      draftFor,
      async startSimulator(provider, options = {}) {
        const sim = await SIMULATORS[provider]({ seed: 'e2e', ...options });
        sims.push(sim);
        return sim;
      },
      addAccount: (sim, overrides) => call('accounts.add', draftFor(sim, overrides)),
      async startDemo(options = {}) {
        const demo = await startDemoEnvironment({ seed: 'e2e', clockMs: 0, ...options });
        sims.push(demo);
        return demo;
      },
      async addDemoAccounts(demo) {
        const ids = await addDemoAccounts(core.dispatch, demo, 600);
        return { added: await Promise.all(Object.values(ids).map((id) => call('accounts.get', { id }))) };
      },
      startSync: () => core.sync.start(),
    });
    subscription.dispose();
    await core.close();
    await Promise.allSettled(sims.map((s) => s.close()));
    await rm(dataDir, { recursive: true, force: true });
  },

  consoleGuard: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('console', (msg) => {
      const text = msg.text();
      if (msg.type() === 'error' || (msg.type() === 'warning' && /\[Vue warn\]|Content Security Policy/i.test(text))) {
        problems.push(`console.${msg.type()}: ${text}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    const guard: ConsoleGuard = {
      problems,
      accept(pattern) {
        let removed = 0;
        for (let i = problems.length - 1; i >= 0; i--) {
          if (pattern.test(problems[i])) {
            problems.splice(i, 1);
            removed++;
          }
        }
        return removed;
      },
    };
    await use(guard);
    expect(problems, 'the page logged errors, Vue warnings or CSP violations').toEqual([]);
  },

  openApp: async ({ page, harness, rendererServer, consoleGuard }, use) => {
    void consoleGuard;
    await wireBridge(page, harness.core.dispatch, (channel, input) => harness.pageCalls.push({ channel, input }));
    const stopEvents = forwardEventsToPage(page, harness.core.events);
    await use(async (route = '/fleet') => {
      await page.goto(`${rendererServer.url}/index.html#${route}`);
      await expect(page.getByTestId('view-title')).toBeVisible();
    });
    await stopEvents();
  },

  shot: async ({ page }, use) => {
    await use(async (name) => {
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      // Let Naive UI's transitions finish so the picture shows the settled state.
      await page.waitForTimeout(350);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    });
  },
});

export { expect };
