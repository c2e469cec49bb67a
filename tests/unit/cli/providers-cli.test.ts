import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { ProviderId } from '../../../shared/model';
import { startEveryPointSimulator } from '../../../electron/simulators/everypoint';
import { startKiandaSimulator } from '../../../electron/simulators/kianda';
import type { RunningSimulator, SimAccount } from '../../../electron/simulators/kit/types';
import { startNimSimulator } from '../../../electron/simulators/nim';
import { startSkyportSimulator } from '../../../electron/simulators/skyport';
import { startZestySimulator } from '../../../electron/simulators/zesty';
import { runCli } from './run-cli';

// Each step is its own CLI process, which takes seconds on a busy machine: the test timeout is only a hang guard.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

// Every provider's sign-in through the CLI's flags (--username, --email, --subscription, --zuid, --field),
// secrets on stdin, against its real simulator and the real keychain.

const FLAG_FOR_FIELD: Record<string, string> = { username: '--username', email: '--email', subscriptionId: '--subscription', zuid: '--zuid' };

function flagsFor(account: SimAccount): string[] {
  const flags = ['--url', account.baseUrl, '--auth', account.authMethod];
  for (const [key, value] of Object.entries(account.fields)) {
    flags.push(...(FLAG_FOR_FIELD[key] ? [FLAG_FOR_FIELD[key], value] : ['--field', `${key}=${value}`]));
  }
  return flags;
}

let dataDir: string;
const sims: Partial<Record<ProviderId, RunningSimulator>> = {};

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-cli-providers-'));
  const seed = 'cli-providers';
  [sims.nim, sims.skyport, sims.zesty, sims.everypoint, sims.kianda] = await Promise.all([
    startNimSimulator({ seed }),
    startSkyportSimulator({ seed, rateLimit: false }),
    startZestySimulator({ seed }),
    startEveryPointSimulator({ seed }),
    startKiandaSimulator({ seed }),
  ]);
});

afterAll(async () => {
  await Promise.all(Object.values(sims).map((s) => s?.close()));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it.each(['nim', 'skyport', 'zesty', 'everypoint', 'kianda'] as const)('%s: add with its sign-in flags, then test', async (provider) => {
  const sim = sims[provider]!;
  const secretKeys = Object.keys(sim.account.secrets);
  expect(secretKeys).toHaveLength(1); // every method today has one secret: stdin is its value
  const add = await runCli(['--json', 'accounts', 'add', '--provider', provider, '--name', `${provider} sim`, '--env', 'dev', ...flagsFor(sim.account), '--secret-stdin'], {
    dataDir,
    stdin: `${sim.account.secrets[secretKeys[0]]}\n`,
  });
  expect(add.code, add.stdout + add.stderr.slice(-2000)).toBe(0);
  expect(add.json).toMatchObject({ provider, authMethod: sim.account.authMethod, fields: sim.account.fields, hasSecret: true });

  const test = await runCli(['--json', 'accounts', 'test', `${provider} sim`], { dataDir });
  expect(test.code, test.stdout + test.stderr.slice(-2000)).toBe(0);
  expect(test.json).toMatchObject({ ok: true, summary: expect.any(String) });

  const remove = await runCli(['--json', 'accounts', 'remove', `${provider} sim`, '--yes'], { dataDir });
  expect(remove.code).toBe(0);
});
