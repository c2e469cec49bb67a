/**
 * `hangar --help` start-up time, from the built CLI (npm run build first) and from the sources (tsx):
 * 15 runs each, prints the median and the slowest. Target: under 300 ms from the build.
 *   npx tsx tests/bench/cli-start.bench.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const BIN = path.resolve(__dirname, '../../bin/hangar.cjs');
const RUNS = 15;

function measure(env: NodeJS.ProcessEnv, args = [BIN, '--help']): number[] {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, args, { env: { ...process.env, ...env }, encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (run.status !== 0) throw new Error(`hangar --help exited ${run.status}: ${run.stderr}`);
  }
  return times.sort((a, b) => a - b);
}

const report = (label: string, t: number[]) =>
  console.log(JSON.stringify({ figure: label, medianMs: Math.round(t[t.length >> 1]), maxMs: Math.round(t[t.length - 1]), runs: t.length }));

// A bare Node start, for scale: on a loaded machine it alone can take most of the time.
report('node -e 0 (bare Node start)', measure({}, ['-e', '0']));
if (!existsSync(path.resolve(__dirname, '../../out/main/cli.js'))) console.log('out/main/cli.js is missing: run npm run build first');
else report('hangar --help (built JavaScript)', measure({}));
report('hangar --help (sources through tsx)', measure({ HANGAR_CLI_FROM_SOURCE: '1' }));
