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

function measure(env: NodeJS.ProcessEnv): number[] {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, [BIN, '--help'], { env: { ...process.env, ...env }, encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (run.status !== 0) throw new Error(`hangar --help exited ${run.status}: ${run.stderr}`);
  }
  return times.sort((a, b) => a - b);
}

const report = (label: string, t: number[]) =>
  console.log(JSON.stringify({ figure: `hangar --help (${label})`, medianMs: Math.round(t[t.length >> 1]), maxMs: Math.round(t[t.length - 1]), runs: t.length }));

if (!existsSync(path.resolve(__dirname, '../../out/main/cli.js'))) console.log('out/main/cli.js is missing: run npm run build first');
else report('built JavaScript', measure({}));
report('sources through tsx', measure({ HANGAR_CLI_FROM_SOURCE: '1' }));
