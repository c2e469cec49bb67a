// npm run package:check — the packaging pipeline without Electron's real binary (which cannot be downloaded
// everywhere): builds a placeholder Electron dist whose "binary" carries a real fuse wire (the sentinel
// @electron/fuses looks for, the wire version and length, and Electron's default fuse states), packs the
// built app with electron-builder --linux dir (which runs the afterPack hook that flips the fuses), then
//   1. reads the fuses back from the packed binary and prints them; each must be as scripts/fuses.cjs says;
//   2. lists the asar: no tests, no TypeScript sources, no source maps, no devDependencies, native modules
//      unpacked, the app's entry points present.
// Exits 1 with the list of problems if any check fails. Runs after `electron-vite build` (see package.json).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getCurrentFuseWire, FuseV1Options } from '@electron/fuses';

const require = createRequire(import.meta.url);
const asar = require('@electron/asar');
const { FUSES, packedBinary } = require('./fuses.cjs');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tmp = path.join(root, '.tmp');
const distDir = path.join(tmp, 'electron-dist');
const outDir = path.join(tmp, 'package');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const electronVersion = pkg.devDependencies.electron;

/** @electron/fuses' sentinel (it searches the binary for it; the wire follows). */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron 45's default wire: RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on, asar
 * integrity off, only-from-asar off, V8 snapshot off, file privileges on, wasm trap handlers on. */
const DEFAULT_WIRE = '101100011';

function placeholderDist() {
  fs.rmSync(distDir, { recursive: true, force: true });
  fs.mkdirSync(distDir, { recursive: true });
  const wire = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "placeholder Electron for npm run package:check"\nexit 1\n'),
    Buffer.alloc(4096, 0),
    Buffer.from(SENTINEL),
    Buffer.from([1, DEFAULT_WIRE.length]),
    Buffer.from(DEFAULT_WIRE),
    Buffer.alloc(4096, 0),
  ]);
  fs.writeFileSync(path.join(distDir, 'electron'), wire, { mode: 0o755 });
  fs.writeFileSync(path.join(distDir, 'version'), electronVersion);
  fs.writeFileSync(path.join(distDir, 'LICENSE'), 'placeholder\n');
}

function pack() {
  fs.rmSync(outDir, { recursive: true, force: true });
  const bin = path.join(root, 'node_modules', 'electron-builder', 'cli.js');
  const run = spawnSync(
    process.execPath,
    [bin, '--linux', 'dir', '--publish', 'never', `-c.electronDist=${distDir}`, `-c.electronVersion=${electronVersion}`, `-c.directories.output=${outDir}`],
    { cwd: root, stdio: 'inherit', env: { ...process.env, ELECTRON_BUILDER_CACHE: path.join(tmp, 'eb-cache') } },
  );
  if (run.status !== 0) {
    console.error(`electron-builder exited with ${run.status}`);
    process.exit(1);
  }
}

const problems = [];

async function checkFuses(appDir) {
  const binary = packedBinary(appDir, 'linux', pkg.productName ?? 'Hangar', 'hangar');
  const wire = await getCurrentFuseWire(binary);
  console.log(`\nFuses read back from ${path.relative(root, binary)}:`);
  const names = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)));
  for (const name of names) {
    const index = FuseV1Options[name];
    const byte = wire[index];
    const state = byte === 49 ? 'on' : byte === 48 ? 'off' : byte === 114 ? 'removed' : byte === undefined ? 'absent' : `0x${byte.toString(16)}`;
    const wanted = FUSES[name];
    const verdict = wanted ? ((wanted.enabled ? 'on' : 'off') === state ? 'ok' : `WANTED ${wanted.enabled ? 'on' : 'off'}`) : '(left as Electron ships it)';
    console.log(`  ${name.padEnd(40)} ${state.padEnd(8)} ${verdict}`);
    if (wanted && !verdict.startsWith('ok')) problems.push(`fuse ${name} is ${state}, wanted ${wanted.enabled ? 'on' : 'off'}`);
  }
}

/** name@version of every package the lockfile installs for production (not marked dev). */
function productionPackages() {
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const prod = new Set();
  for (const [where, meta] of Object.entries(lock.packages ?? {})) {
    const name = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(where)?.[1];
    if (name && !meta.dev) prod.add(`${name}@${meta.version}`);
  }
  return prod;
}

function checkAsar(appDir) {
  const archive = path.join(appDir, 'resources', 'app.asar');
  const files = asar.listPackage(archive, { isPack: false }).map((f) => f.replaceAll('\\', '/'));
  // electron-builder may hoist a package differently from npm: compare by name and version.
  const prod = productionPackages();
  const packed = [];
  for (const f of files) {
    if (!/^(?:\/node_modules\/(?:@[^/]+\/)?[^/]+)+\/package\.json$/.test(f)) continue;
    const meta = JSON.parse(asar.extractFile(archive, f.slice(1)).toString('utf8'));
    if (meta.name && meta.version) packed.push(`${meta.name}@${meta.version}`);
  }
  const rules = [
    ['a test', (f) => /(^|\/)(tests?|__tests__)\//.test(f) || /\.(test|spec)\.[cm]?[jt]s$/.test(f)],
    ['a TypeScript source', (f) => /\.(ts|tsx|mts|cts|vue)$/.test(f) && !f.endsWith('.d.ts')],
    ['a source map', (f) => f.endsWith('.map')],
    ['an app source folder', (f) => /^\/(electron|renderer|shared|browser|scripts|resources)\//.test(f)],
  ];
  for (const [what, bad] of rules) {
    const hits = files.filter(bad);
    if (hits.length) problems.push(`the asar holds ${hits.length} × ${what}, e.g. ${hits.slice(0, 3).join(', ')}`);
  }
  const devPacked = packed.filter((p) => !prod.has(p));
  if (devPacked.length) problems.push(`the asar holds packages that are not production dependencies: ${devPacked.join(', ')}`);
  for (const entry of ['/out/main/index.js', '/out/preload/index.js', '/out/renderer/index.html', '/package.json']) {
    if (!files.includes(entry)) problems.push(`the asar lacks ${entry}`);
  }
  const unpacked = path.join(appDir, 'resources', 'app.asar.unpacked');
  const natives = fs.existsSync(unpacked) ? fs.readdirSync(unpacked, { recursive: true }).filter((f) => String(f).endsWith('.node')) : [];
  const nativeInAsar = files.filter((f) => f.endsWith('.node') && !fs.existsSync(path.join(unpacked, f)));
  if (natives.length === 0) problems.push('no native module (.node) was unpacked next to the asar');
  if (nativeInAsar.length) problems.push(`native modules only inside the asar: ${nativeInAsar.join(', ')}`);
  console.log(`\nasar: ${files.length} entries; ${packed.length} packages: ${[...new Set(packed)].sort().join(', ')}`);
  console.log(`unpacked native modules: ${natives.map(String).join(', ')}`);
}

placeholderDist();
pack();
const appDir = path.join(outDir, 'linux-unpacked');
await checkFuses(appDir);
checkAsar(appDir);
if (problems.length) {
  console.error(`\npackage:check FAILED:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('\npackage:check passed: fuses as configured in the packed binary, asar holds only the built app and production dependencies.');
