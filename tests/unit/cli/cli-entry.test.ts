import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEveryPointSimulator } from '../../../electron/simulators/everypoint';
import type { RunningSimulator } from '../../../electron/simulators/kit/types';
import { HANGAR_BIN, runCli } from './run-cli';

const ROOT = path.resolve(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { tooOld } = require('../../../scripts/check-node.cjs') as { tooOld: (v: string) => boolean };

/** A Node older than 22.12 on this machine (Debian's /usr/bin/node is 20 here), if there is one. */
function oldNode(): string | undefined {
  for (const candidate of ['/usr/bin/node', process.env.HANGAR_OLD_NODE ?? '']) {
    if (!candidate || !fs.existsSync(candidate)) continue;
    const v = spawnSync(candidate, ['--version'], { encoding: 'utf8' }).stdout.trim();
    if (v && tooOld(v)) return candidate;
  }
  return undefined;
}
const OLD_NODE = oldNode();

let dataDir: string;
let ep: RunningSimulator;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-cli-entry-'));
  ep = await startEveryPointSimulator({ seed: 'cli-entry', instances: 3 });
});

afterAll(async () => {
  await ep.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the Node version gate', () => {
  it('compares versions component by component', () => {
    expect(tooOld('v20.20.2')).toBe(true);
    expect(tooOld('v22.11.9')).toBe(true);
    expect(tooOld('v22.12.0')).toBe(false);
    expect(tooOld('v22.23.5')).toBe(false);
    expect(tooOld('v23.0.0')).toBe(false);
    expect(tooOld('v100.0.0')).toBe(false);
  });

  it('runs before every npm script that runs project code', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const name of ['start', 'build', 'typecheck', 'test', 'test:unit', 'test:e2e', 'bench', 'bench:ci', 'package:check', 'app:browser']) {
      const own = pkg.scripts[name];
      expect(own, name).toBeDefined();
      expect(`${pkg.scripts[`pre${name}`] ?? ''} ${own}`, name).toContain('scripts/check-node.cjs');
    }
    expect(pkg.scripts.hangar).toContain('bin/hangar.cjs');
  });

  it.skipIf(!OLD_NODE)('bin/hangar.cjs under an old Node prints one line and exits 1', () => {
    const run = spawnSync(OLD_NODE!, [HANGAR_BIN, '--help'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^Hangar needs Node\.js >= 22\.12\.0 \(this is v\d+\.\d+\.\d+ at .+\)/);
  });

  it.skipIf(!OLD_NODE)('npm test with an old Node first on PATH prints the line and exits non-zero', () => {
    // npm itself starts through `#!/usr/bin/env node`, so the old Node first on PATH runs npm and the scripts.
    const env = { ...process.env, PATH: `${path.dirname(OLD_NODE!)}:${process.env.PATH}` };
    const run = spawnSync('npm', ['test'], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/Hangar needs Node\.js >= 22\.12\.0 \(this is v20\./);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('the CLI', () => {
  it('refuses to save an account with the in-memory secret store, and saves nothing', async () => {
    const env = { HANGAR_SECRET_STORE: 'memory' };
    const a = ep.account;
    const add = await runCli(
      ['--json', 'accounts', 'add', '--provider', 'everypoint', '--name', 'mem', '--env', 'dev', '--url', a.baseUrl, '--username', a.fields.username, '--secret-stdin'],
      { dataDir, env, stdin: a.secrets.password },
    );
    expect(add.code).toBe(2);
    expect(add.json.error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('HANGAR_SECRET_STORE=memory') });
    const list = await runCli(['--json', 'accounts', 'list'], { dataDir, env });
    expect(list.code).toBe(0);
    expect(list.json).toEqual([]);
  });

  it('hangar info checks that the secret store answers', async () => {
    const ok = await runCli(['--json', 'info'], { dataDir });
    expect(ok.code).toBe(0);
    expect(ok.json).toMatchObject({ secretStore: 'Secret Service', secretStoreAnswers: true, logDir: path.join(dataDir, 'logs') });
    const broken = await runCli(['--json', 'info'], { dataDir, env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' } });
    expect(broken.code).toBe(7);
    expect(broken.json).toMatchObject({ secretStoreAnswers: false, secretStoreError: { code: 'KEYCHAIN' } });
    const human = await runCli(['info'], { dataDir, env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' } });
    expect(human.stdout).toMatch(/secrets: Secret Service — NOT ANSWERING/);
  });

  it('writes its log lines to the log file, and with --verbose to stderr too', async () => {
    const logFile = path.join(dataDir, 'logs', 'hangar.log');
    fs.rmSync(logFile, { force: true });
    const a = ep.account;
    const add = await runCli(
      ['--json', 'accounts', 'add', '--provider', 'everypoint', '--name', 'logged', '--env', 'dev', '--url', a.baseUrl, '--username', a.fields.username, '--secret-stdin'],
      { dataDir, env: { HANGAR_LOG: '' }, stdin: a.secrets.password },
    );
    expect(add.code).toBe(0);
    const quiet = await runCli(['--json', 'sync'], { dataDir, env: { HANGAR_LOG: '' } });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    const lines = fs.readFileSync(logFile, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    const verbose = await runCli(['--verbose', '--json', 'sync'], { dataDir, env: { HANGAR_LOG: '' } });
    expect(verbose.stderr).toMatch(/"level":"debug"/);
    // The secret went through the log pipeline's redactor: it is nowhere in the file.
    expect(fs.readFileSync(logFile, 'utf8')).not.toContain(a.secrets.password);
    await runCli(['accounts', 'remove', 'logged', '--yes'], { dataDir });
  });

  it('runs the built JavaScript when it is current, the sources otherwise', () => {
    const built = path.join(ROOT, 'out/main/cli.js');
    const help = (env: NodeJS.ProcessEnv) => spawnSync(process.execPath, [HANGAR_BIN, '--help'], { encoding: 'utf8', env: { ...process.env, ...env } });
    const fromSource = help({ HANGAR_CLI_FROM_SOURCE: '1' });
    expect(fromSource.status).toBe(0);
    if (fs.existsSync(built)) {
      const fromBuild = help({});
      expect(fromBuild.status).toBe(0);
      expect(fromBuild.stdout).toBe(fromSource.stdout);
    }
  });
});
