import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm start` where Electron's binary cannot be downloaded: this machine's real situation. The mirror is
// pointed at loopback (a closed port, or a server that never answers) and the download cache at an empty
// folder, so the outcome is the same on a machine that could reach Electron's downloads.

const ROOT = path.resolve(__dirname, '../../..');
const electronInstalled = fs.existsSync(path.join(ROOT, 'node_modules/electron/path.txt'));

let cacheDir: string;
let silent: net.Server;
let silentPort: number;
let closedPort: number;
const sockets: net.Socket[] = [];

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

beforeAll(async () => {
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-electron-cache-'));
  silent = net.createServer((socket) => sockets.push(socket)); // accepts, never answers
  silentPort = await listen(silent);
  const closed = net.createServer();
  closedPort = await listen(closed);
  await new Promise<void>((resolve) => closed.close(() => resolve()));
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

function npmStart(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['start'], {
      cwd: ROOT,
      env: { ...process.env, electron_config_cache: cacheDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const guard = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

describe.skipIf(electronInstalled)('npm start without Electron’s binary', () => {
  it('exits non-zero at once when the download fails, naming npm run app:browser', async () => {
    const run = await npmStart({ ELECTRON_MIRROR: `http://127.0.0.1:${closedPort}/` });
    expect(run.code).not.toBe(0);
    expect(run.ms).toBeLessThan(60_000);
    expect(run.stderr).toMatch(/Electron's binary could not be downloaded \(.+\), so the desktop app cannot open here\./);
    expect(run.stderr).toContain('npm run app:browser');
    expect(run.stderr).toContain('xvfb-run -a npm run app:browser');
    expect(run.stderr).not.toMatch(/\n\s+at /); // the installer's stack trace is not passed on
  }, 90_000);

  it('gives up on a download that never answers after its time limit', async () => {
    const run = await npmStart({ ELECTRON_MIRROR: `http://127.0.0.1:${silentPort}/`, HANGAR_ELECTRON_INSTALL_TIMEOUT_MS: '1500' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/could not be downloaded \(no answer within 2 s\)/);
    expect(run.stderr).toContain('npm run app:browser');
  }, 90_000);
});
