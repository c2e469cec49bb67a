import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `hangar --help` stays fast by not loading what only commands need: the core, SQLite, undici, zod, the
// simulators. This checks the modules Node actually loads (no timing), from the built CLI and from the
// sources. A command module that imports a value from shared/contract (zod) at its top fails it.

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'bin/hangar.cjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-graph-'));
const HOOK = path.join(tmp, 'record-loads.cjs');
fs.writeFileSync(
  HOOK,
  `const Module = require('node:module');
const seen = new Set();
const load = Module._load;
Module._load = function (request, parent, isMain) { seen.add(request); return load.apply(this, arguments); };
process.on('exit', () => require('node:fs').writeFileSync(process.env.RECORD_LOADS, [...seen].join('\\n')));
`,
);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function loadedBy(env: NodeJS.ProcessEnv): string[] {
  const out = path.join(tmp, `loads-${Object.keys(env).join('-') || 'built'}.txt`);
  const run = spawnSync(process.execPath, ['--require', HOOK, BIN, '--help'], { env: { ...process.env, ...env, RECORD_LOADS: out }, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toContain('Usage: hangar');
  return fs.readFileSync(out, 'utf8').split('\n');
}

const HEAVY =
  /^(zod|undici|@photostructure\/sqlite|@napi-rs\/keyring|@streamparser\/json|electron-log.*)$|\/core\/core$|\/core\/secrets$|\/logs\/file-log$|\/simulators\/demo$|chunks\/(core|demo|secrets|file-log)-/;

describe('hangar --help loads only the command line', () => {
  it.skipIf(!fs.existsSync(path.join(ROOT, 'out/main/cli.js')))('from the built CLI', () => {
    const heavy = loadedBy({}).filter((m) => HEAVY.test(m));
    expect(heavy).toEqual([]);
  });

  it('from the sources', () => {
    const heavy = loadedBy({ HANGAR_CLI_FROM_SOURCE: '1' }).filter((m) => HEAVY.test(m) && !m.includes('node_modules/tsx'));
    expect(heavy).toEqual([]);
  });
});
