import { spawn } from 'node:child_process';
import path from 'node:path';

export const HANGAR_BIN = path.resolve(__dirname, '../../../bin/hangar.cjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (commands run with --json). */
  json: any;
}

/**
 * Runs `node bin/hangar.cjs …` as a separate process (asynchronously: the simulators it talks to live in
 * this test process). The secret store is the real keychain unless the env says otherwise.
 */
export function runCli(args: string[], options: { dataDir: string; stdin?: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, HANGAR_DATA_DIR: options.dataDir, HANGAR_LOG: 'stderr', ...options.env };
  delete env.HANGAR_SECRET_STORE;
  if (options.env?.HANGAR_SECRET_STORE) env.HANGAR_SECRET_STORE = options.env.HANGAR_SECRET_STORE;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HANGAR_BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    // A hang guard only: a CLI process can take seconds to start on a busy machine.
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ code, stdout, stderr, json });
    });
    child.stdin.end(options.stdin ?? '');
  });
}
