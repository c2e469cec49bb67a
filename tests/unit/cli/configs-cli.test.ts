/**
 * `hangar configs …` black box, against `hangar demo serve --nginx 1` (a child process whose first NIM
 * instance is a real nginx): the script-facing flow the demo's JSON line is for — publish to the instance it
 * names, then request its URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

const ROOT = path.resolve(__dirname, '../../..');
let demo: ChildProcess;
let dataDir: string;
let nginx: { url: string; instanceId: string; name: string; confPath: string; systemUid: string };
let nimBaseUrl: string;
let nimUser: string;
let nimPassword: string;

async function served(): Promise<string> {
  return (await fetch(nginx.url, { headers: { connection: 'close' } })).text();
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-cli-configs-'));
  demo = spawn(process.execPath, ['bin/hangar.cjs', 'demo', 'serve', '--json', '--instances', '10', '--nodes', '2', '--nginx', '1', '--clock-ms', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: demo.stdout! });
    rl.once('line', (l) => {
      rl.close();
      resolve(l);
    });
    demo.once('exit', (code) => reject(new Error(`demo exited ${code}`)));
  });
  const out = JSON.parse(line);
  expect(out.nginx).toHaveLength(1);
  nginx = out.nginx[0];
  expect(nginx).toMatchObject({ instanceId: expect.stringMatching(/^[^:]+:[^:]+$/), name: expect.any(String), url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/) });
  expect(nginx.instanceId.startsWith(`${nginx.systemUid}:`)).toBe(true);
  nimBaseUrl = out.nim.account.baseUrl;
  nimUser = out.nim.account.fields.username;
  nimPassword = out.nim.account.secrets.password;
  const add = await runCli(
    ['--json', 'accounts', 'add', '--provider', 'nim', '--name', 'nim', '--env', 'dev', '--url', nimBaseUrl, '--username', out.nim.account.fields.username, '--secret-stdin'],
    { dataDir, stdin: `${out.nim.account.secrets.password}\n` },
  );
  expect(add.code, add.stdout + add.stderr.slice(-500)).toBe(0);
}, 60_000);

afterAll(async () => {
  if (dataDir) await runCli(['accounts', 'remove', 'nim', '--yes'], { dataDir });
  if (demo && demo.exitCode === null) {
    const exited = new Promise((r) => demo.once('exit', r));
    demo.kill('SIGTERM');
    await exited;
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCli(['--json', 'configs', ...args], { dataDir });

describe('hangar configs (against hangar demo serve --nginx 1)', () => {
  it('show → edit → lint → diff → publish → history → rollback → discard, with exit codes', async () => {
    const show = await cli('show', nginx.instanceId, '--account', 'nim');
    expect(show.code, show.stdout + show.stderr.slice(-800)).toBe(0);
    expect(show.json.name).toBe(nginx.name);
    const conf = show.json.live.files.find((f: { name: string }) => f.name === nginx.confPath);
    expect(conf.contents).toContain('initial config');
    expect(await served()).toContain('initial config');

    // A broken edit: lint exits 1 with file, line, column, directive, message; publish refuses (exit 2) and nothing is sent.
    const local = path.join(dataDir, 'nginx.conf');
    fs.writeFileSync(local, conf.contents.replace('default_type text/plain;', 'default_type text/plain;\n    proxy_set_header Host;'));
    const edit = await cli('edit', nginx.instanceId, '--account', 'nim', '--file', `${nginx.confPath}=${local}`);
    expect(edit.code, edit.stderr.slice(-800)).toBe(0);
    expect(edit.json.changedFiles).toEqual([nginx.confPath]);
    const lint = await cli('lint', nginx.instanceId, '--account', 'nim');
    expect(lint.code).toBe(1);
    expect(lint.json.problems).toEqual([
      expect.objectContaining({ file: nginx.confPath, line: expect.any(Number), column: 5, directive: 'proxy_set_header', rule: 'arguments', message: expect.stringContaining('invalid number of arguments') }),
    ]);
    const refused = await cli('publish', nginx.instanceId, '--account', 'nim');
    expect(refused.code).toBe(2);
    expect(refused.json.error.code).toBe('VALIDATION');

    // A good edit, by the name the cache knows after a sync, then relative file name.
    fs.writeFileSync(local, conf.contents.replace('initial config', 'published from the CLI'));
    expect((await runCli(['sync', '--account', 'nim'], { dataDir })).code).toBe(0);
    const good = await cli('edit', nginx.name, '--account', 'nim', '--file', `nginx.conf=${local}`);
    expect(good.code, good.stderr.slice(-800)).toBe(0);
    expect((await cli('lint', nginx.instanceId, '--account', 'nim')).code).toBe(0);
    const analysis = await cli('analyze', nginx.instanceId, '--account', 'nim');
    expect(analysis.code, analysis.stdout).toBe(0);
    expect(analysis.json).toEqual({ ok: true, messages: [] });
    const diff = await cli('diff', nginx.instanceId, '--account', 'nim');
    expect(diff.code).toBe(0);
    expect(diff.json.conflict).toBe(false);
    expect(diff.json.unified).toContain('+            return 200 "');
    const human = await runCli(['configs', 'diff', nginx.instanceId, '--account', 'nim'], { dataDir });
    expect(human.stdout).toMatch(/^-.*initial config/m);
    expect(human.stdout).toMatch(/^\+.*published from the CLI/m);

    const published = await cli('publish', nginx.instanceId, '--account', 'nim');
    expect(published.code, published.stdout + published.stderr.slice(-800)).toBe(0);
    expect(published.json.deployment.status).toBe('succeeded');
    expect(await served()).toContain('published from the CLI');

    const history = await cli('history', nginx.instanceId, '--account', 'nim');
    expect(history.code).toBe(0);
    expect(history.json.map((r: { source: string; result: string }) => `${r.source}:${r.result}`)).toEqual(['publish:succeeded', 'observed:observed']);
    expect(history.json[0].actor).toMatch(/\(cli\)$/);

    const rollback = await runCli(['configs', 'rollback', nginx.instanceId, '--account', 'nim', '--to', 'previous'], { dataDir });
    expect(rollback.code, rollback.stdout + rollback.stderr.slice(-800)).toBe(0);
    expect(rollback.stdout).toContain('succeeded');
    expect(rollback.stderr).toMatch(/deployment .*: pending/);
    expect(await served()).toContain('initial config');

    // A failed deployment: lint bypassed, nginx -t refuses, exit 1 with nginx's message; nginx keeps serving.
    fs.writeFileSync(local, conf.contents.replace('worker_connections 64;', 'worker_connections 64;\n}'));
    expect((await cli('edit', nginx.instanceId, '--account', 'nim', '--file', `${nginx.confPath}=${local}`)).code).toBe(0);
    const failed = await cli('publish', nginx.instanceId, '--account', 'nim', '--skip-lint');
    expect(failed.code).toBe(1);
    expect(failed.json.deployment.status).toBe('failed');
    expect(failed.json.deployment.failures[0].message).toContain('[emerg] unexpected "}"');
    expect(await served()).toContain('initial config');

    // A new file by --file, renamed by --rename (one rule with the Configs view); a bad new name exits 2 and changes nothing.
    const extra = path.join(dataDir, 'extra.conf');
    fs.writeFileSync(extra, 'server { listen 127.0.0.1:1; return 204; }\n');
    const root = path.posix.dirname(nginx.confPath);
    expect((await cli('edit', nginx.instanceId, '--account', 'nim', '--file', `conf.d/extra.conf=${extra}`)).code).toBe(0);
    const renamed = await cli('edit', nginx.instanceId, '--account', 'nim', '--rename', 'conf.d/extra.conf=conf.d/status.conf');
    expect(renamed.code, renamed.stderr.slice(-500)).toBe(0);
    expect(renamed.json.files.map((f: { name: string }) => f.name)).toContain(`${root}/conf.d/status.conf`);
    expect(renamed.json.files.map((f: { name: string }) => f.name)).not.toContain(`${root}/conf.d/extra.conf`);
    const bad = await cli('edit', nginx.instanceId, '--account', 'nim', '--rename', `conf.d/status.conf=../status.conf`);
    expect(bad.code).toBe(2);
    expect(bad.json.error.message).toContain('"." or ".."');
    const missing = await cli('edit', nginx.instanceId, '--account', 'nim', '--rename', 'nope.conf=x.conf');
    expect(missing.code).toBe(2);
    expect(missing.json.error.message).toContain('the draft has no file nope.conf');
    const taken = await cli('edit', nginx.instanceId, '--account', 'nim', '--rename', 'conf.d/status.conf=nginx.conf');
    expect(taken.code).toBe(2);
    expect(taken.json.error.message).toContain('already has a file named');
    expect((await cli('show', nginx.instanceId, '--account', 'nim')).json.draft.files.map((f: { name: string }) => f.name)).toContain(`${root}/conf.d/status.conf`);

    // nginx.conf includes the file: --rename takes the include with it (printed, and listed in --json); lint stays clean.
    fs.writeFileSync(local, conf.contents.replace('default_type text/plain;', 'default_type text/plain;\n    include conf.d/status.conf; # the health server'));
    expect((await cli('edit', nginx.instanceId, '--account', 'nim', '--file', `nginx.conf=${local}`)).code).toBe(0);
    expect((await cli('lint', nginx.instanceId, '--account', 'nim')).code).toBe(0);
    const humanRename = await runCli(['configs', 'edit', nginx.instanceId, '--account', 'nim', '--rename', 'conf.d/status.conf=conf.d/health.conf'], { dataDir });
    expect(humanRename.code, humanRename.stderr.slice(-500)).toBe(0);
    expect(humanRename.stdout).toContain(`renamed ${root}/conf.d/status.conf → ${root}/conf.d/health.conf`);
    expect(humanRename.stdout).toMatch(new RegExp(`updated 1 include:\\n +${nginx.confPath.replace(/[.]/g, '\\.')}:\\d+: include conf.d/status.conf → include conf.d/health.conf`));
    let draft = (await cli('show', nginx.instanceId, '--account', 'nim')).json.draft;
    expect(draft.files.find((f: { name: string }) => f.name === nginx.confPath).contents).toContain('    include conf.d/health.conf; # the health server\n');
    expect((await cli('lint', nginx.instanceId, '--account', 'nim')).code).toBe(0);
    const moved = await cli('edit', nginx.instanceId, '--account', 'nim', '--rename', 'conf.d/health.conf=/etc/elsewhere/health.conf');
    expect(moved.code, moved.stderr.slice(-500)).toBe(0);
    expect(moved.json.renamed).toEqual([
      {
        from: `${root}/conf.d/health.conf`,
        to: '/etc/elsewhere/health.conf',
        updated: true,
        includes: [{ file: nginx.confPath, line: expect.any(Number), column: 13, before: 'conf.d/health.conf', after: path.posix.relative(root, '/etc/elsewhere/health.conf') }],
        globs: [],
      },
    ]);
    // --keep-includes: the include keeps the old name; lint reports that it no longer finds its file.
    const kept = await cli('edit', nginx.instanceId, '--account', 'nim', '--rename', '/etc/elsewhere/health.conf=conf.d/health.conf', '--keep-includes');
    expect(kept.code).toBe(0);
    expect(kept.json.renamed[0]).toMatchObject({ updated: false, includes: [expect.objectContaining({ before: path.posix.relative(root, '/etc/elsewhere/health.conf') })] });
    draft = kept.json;
    expect(draft.files.find((f: { name: string }) => f.name === nginx.confPath).contents).toContain(`include ${path.posix.relative(root, '/etc/elsewhere/health.conf')};`);
    const stale = await cli('lint', nginx.instanceId, '--account', 'nim');
    expect(stale.code).toBe(1);
    expect(stale.json.problems).toEqual([expect.objectContaining({ file: nginx.confPath, rule: 'missing-include' })]);
    expect((await cli('edit', nginx.instanceId, '--account', 'nim', '--keep-includes', '--file', `nginx.conf=${local}`)).code).toBe(2);

    const discard = await cli('discard', nginx.instanceId, '--account', 'nim');
    expect(discard.json).toEqual({ discarded: true });
    const drafts = await runCli(['configs', 'drafts'], { dataDir });
    expect(drafts.stdout).toContain('(none)');
  }, 120_000);

  it('CONFLICT exits 5 and --ignore-conflict overwrites; usage errors exit 2', async () => {
    const show = await cli('show', nginx.instanceId, '--account', 'nim');
    const conf = show.json.live.files.find((f: { name: string }) => f.name === nginx.confPath);
    const local = path.join(dataDir, 'c.conf');
    fs.writeFileSync(local, conf.contents.replace(/return 200 "[^"]*"/, 'return 200 "mine\\n"'));
    expect((await cli('edit', nginx.instanceId, '--account', 'nim', '--file', `${nginx.confPath}=${local}`)).code).toBe(0);
    const [systemUid, uid] = nginx.instanceId.split(':');
    void systemUid;
    const touched = await fetch(`${nimBaseUrl}/__sim/instances/${uid}/touch-config`, { method: 'POST' });
    expect(touched.status).toBe(200);
    const diff = await cli('diff', nginx.instanceId, '--account', 'nim');
    expect(diff.json.conflict).toBe(true);
    const conflict = await cli('publish', nginx.instanceId, '--account', 'nim');
    expect(conflict.code).toBe(5);
    expect(conflict.json.error.code).toBe('CONFLICT');
    const forced = await cli('publish', nginx.instanceId, '--account', 'nim', '--ignore-conflict');
    expect(forced.code, forced.stdout.slice(-800)).toBe(0);
    expect(await served()).toContain('mine');

    // A production account: without a terminal to type the name on, --yes is required.
    const add = await runCli(
      ['--json', 'accounts', 'add', '--provider', 'nim', '--name', 'nim-prod', '--env', 'prod', '--url', nimBaseUrl, '--username', nimUser, '--no-verify', '--secret-stdin'],
      { dataDir, stdin: `${nimPassword}\n` },
    );
    expect(add.code, add.stdout + add.stderr.slice(-500)).toBe(0);
    fs.writeFileSync(local, conf.contents.replace(/return 200 "[^"]*"/, 'return 200 "prod\\n"'));
    expect((await cli('edit', nginx.instanceId, '--account', 'nim-prod', '--file', `${nginx.confPath}=${local}`)).code).toBe(0);
    const refused = await cli('publish', nginx.instanceId, '--account', 'nim-prod');
    expect(refused.code).toBe(2);
    expect(refused.json.error.message).toContain('production');
    const yes = await cli('publish', nginx.instanceId, '--account', 'nim-prod', '--yes');
    expect(yes.code, yes.stdout.slice(-800)).toBe(0);
    expect(await served()).toContain('prod');
    await runCli(['accounts', 'remove', 'nim-prod', '--yes'], { dataDir });

    expect((await cli('rollback', nginx.instanceId, '--account', 'nim', '--to', 'soon')).code).toBe(2);
    expect((await cli('edit', nginx.instanceId, '--account', 'nim')).code).toBe(2);
    expect((await cli('show', '--account', 'nim', '--group', 'no-such-group')).code).toBe(6);
  }, 60_000);
});
