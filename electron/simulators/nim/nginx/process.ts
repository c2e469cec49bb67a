import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { childPids, isAlive, processTitle } from './procfs';

export interface NginxFile {
  /** Absolute path on the host. */
  name: string;
  contents: Buffer;
}

export interface StubStatus {
  active: number;
  accepts: number;
  handled: number;
  requests: number;
  reading: number;
  writing: number;
  waiting: number;
}

export type ApplyResult = { ok: true } | { ok: false; message: string };

const START_TIMEOUT_MS = 8_000;
const RELOAD_TIMEOUT_MS = 6_000;
const STOP_TIMEOUT_MS = 4_000;

/** The config a real instance starts with: one server on a loopback port, with stub_status. */
export function initialNginxConf(o: { port: number; name: string; runAsRoot: boolean; tempDirectives: string[] }): string {
  return `# Managed by the Hangar NIM simulator for ${o.name}
${o.runAsRoot ? 'user root;\n' : ''}worker_processes 1;
error_log logs/error.log notice;
pid logs/nginx.pid;

events {
    worker_connections 64;
}

http {
${o.tempDirectives.map((d) => `    ${d}\n`).join('')}    access_log logs/access.log;
    default_type text/plain;

    server {
        listen 127.0.0.1:${o.port};
        server_name localhost;

        location = /nginx_status {
            stub_status;
            allow 127.0.0.1;
            deny all;
        }

        location / {
            return 200 "${o.name}: initial config\\n";
        }
    }
}
`;
}

/**
 * One real nginx master (with its workers) in its own prefix directory, run in the foreground
 * (`daemon off`) as our child so it can never outlive the simulator unnoticed.
 */
export class NginxProcess {
  readonly confPath: string;
  readonly rootDir: string;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private stderr = '';
  private queue: Promise<unknown> = Promise.resolve();
  startedAt = new Date();

  private constructor(
    readonly binary: string,
    readonly prefix: string,
    readonly port: number,
    readonly name: string,
  ) {
    this.rootDir = path.join(prefix, 'conf');
    this.confPath = path.join(this.rootDir, 'nginx.conf');
  }

  /** Creates the prefix (conf, logs, temp) with the initial config and starts the master. */
  static async create(o: { binary: string; prefix: string; name: string; tempDirectives: string[] }): Promise<NginxProcess> {
    const port = await freePort();
    const p = new NginxProcess(o.binary, o.prefix, port, o.name);
    for (const dir of ['conf', 'logs', 'temp']) await mkdir(path.join(o.prefix, dir), { recursive: true });
    // World-readable so workers still read it when a published config drops `user root;`.
    await chmod(o.prefix, 0o755);
    const runAsRoot = process.getuid?.() === 0;
    await writeFile(p.confPath, initialNginxConf({ port, name: o.name, runAsRoot, tempDirectives: o.tempDirectives }));
    await p.start();
    return p;
  }

  get pid(): number | undefined {
    return this.child?.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
  }

  get running(): boolean {
    return isAlive(this.pid);
  }

  private args(...extra: string[]): string[] {
    return ['-p', `${this.prefix}/`, '-c', this.confPath, '-g', 'daemon off;', ...extra];
  }

  private async start(): Promise<void> {
    this.stderr = '';
    const child = spawn(this.binary, this.args(), { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    this.startedAt = new Date();
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (d: string) => {
      this.stderr = (this.stderr + d).slice(-8_000);
    });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`nginx ${this.name} exited at start: ${this.stderr.trim() || `code ${child.exitCode}`}`);
      }
      if (await canConnect(this.port)) return;
      await delay(25);
    }
    await this.stop();
    throw new Error(`nginx ${this.name} did not listen on port ${this.port} within ${START_TIMEOUT_MS} ms`);
  }

  /** `nginx -t` on the files as they are on disk now. */
  test(): Promise<{ ok: boolean; output: string }> {
    return new Promise((resolve) => {
      execFile(this.binary, this.args('-t'), { timeout: 15_000 }, (err, stdout, stderr) => {
        const output = `${stderr}${stdout}`.trim();
        resolve({ ok: !err, output });
      });
    });
  }

  /** Every file under the config root (nginx.conf and anything it includes from there). */
  listFiles(): NginxFile[] {
    const out: NginxFile[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (e.isFile() && out.length < 200) out.push({ name: full, contents: readFileSync(full) });
      }
    };
    if (existsSync(this.rootDir)) walk(this.rootDir);
    return out;
  }

  lastModified(): Date {
    return statSync(this.confPath).mtime;
  }

  /**
   * Writes the files, runs `nginx -t`, and reloads only when the test passed. When the test or the
   * reload fails, the previous files are put back, so disk and the running config stay the same.
   * Calls are serialised per instance.
   */
  apply(files: NginxFile[]): Promise<ApplyResult> {
    const run = this.queue.then(() => this.applyNow(files));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async applyNow(files: NginxFile[]): Promise<ApplyResult> {
    const backups: { name: string; previous: Buffer | undefined }[] = [];
    for (const f of files) {
      if (!isInside(this.prefix, f.name)) return { ok: false, message: `${f.name} is outside the instance's directory ${this.prefix}` };
    }
    const restore = async () => {
      for (const b of backups.reverse()) {
        if (b.previous === undefined) await rm(b.name, { force: true });
        else await writeFile(b.name, b.previous);
      }
    };
    try {
      for (const f of files) {
        backups.push({ name: f.name, previous: await readFile(f.name).catch(() => undefined) });
        await mkdir(path.dirname(f.name), { recursive: true });
        await writeFile(f.name, f.contents, { mode: 0o644 });
      }
      const t = await this.test();
      if (!t.ok) {
        await restore();
        return { ok: false, message: t.output };
      }
      const reload = await this.reload();
      if (!reload.ok) await restore();
      return reload;
    } catch (e) {
      await restore().catch(() => undefined);
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  }

  /**
   * What `nginx -s reload` does (SIGHUP to the master), then waits until new workers run and the old
   * ones stopped accepting, so a request sent afterwards sees the new config.
   */
  async reload(): Promise<ApplyResult> {
    const pid = this.pid;
    if (!pid || !this.running) return { ok: false, message: `nginx ${this.name} is not running` };
    const errorLog = path.join(this.prefix, 'logs', 'error.log');
    const logStart = await stat(errorLog).then((s) => s.size).catch(() => 0);
    const stderrStart = this.stderr.length;
    const before = new Set(childPids(pid));
    process.kill(pid, 'SIGHUP');
    const deadline = Date.now() + RELOAD_TIMEOUT_MS;
    while (Date.now() < deadline) {
      await delay(20);
      const now = childPids(pid);
      const fresh = now.filter((c) => !before.has(c));
      const oldStillAccepting = now.filter((c) => before.has(c) && !/shutting down/.test(processTitle(c)));
      if (fresh.length > 0 && oldStillAccepting.length === 0) {
        await delay(30);
        return { ok: true };
      }
      const failure = await newEmergencies(errorLog, logStart);
      const stderrFailure = /\[(emerg|alert)\]/.test(this.stderr.slice(stderrStart)) ? this.stderr.slice(stderrStart).trim() : '';
      if (failure || stderrFailure) return { ok: false, message: `reload failed: ${failure || stderrFailure}` };
      if (!this.running) return { ok: false, message: `nginx ${this.name} exited during reload` };
    }
    return { ok: false, message: `reload of nginx ${this.name} did not finish within ${RELOAD_TIMEOUT_MS} ms` };
  }

  async stubStatus(): Promise<StubStatus | undefined> {
    try {
      const res = await fetch(`http://127.0.0.1:${this.port}/nginx_status`, { signal: AbortSignal.timeout(2_000) });
      return parseStubStatus(await res.text());
    } catch {
      return undefined;
    }
  }

  /** Fast shutdown (SIGTERM), then SIGKILL for the master and any worker left behind. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const pid = child.pid!;
    const workers = childPids(pid);
    child.kill('SIGTERM');
    const done = await Promise.race([this.exited.then(() => true), delay(STOP_TIMEOUT_MS).then(() => false)]);
    if (!done) {
      for (const w of childPids(pid)) killQuietly(w);
      killQuietly(pid);
      await this.exited;
    }
    for (const w of workers) if (isAlive(w)) killQuietly(w);
  }

  /** Synchronous last-resort kill for process exit handlers. */
  killNow(): void {
    const pid = this.pid;
    if (!pid) return;
    for (const w of childPids(pid)) killQuietly(w);
    killQuietly(pid);
  }
}

export function parseStubStatus(text: string): StubStatus | undefined {
  const active = /Active connections:\s*(\d+)/.exec(text);
  const counters = /\n\s*(\d+)\s+(\d+)\s+(\d+)\s*\n/.exec(text);
  const rww = /Reading:\s*(\d+)\s+Writing:\s*(\d+)\s+Waiting:\s*(\d+)/.exec(text);
  if (!active || !counters || !rww) return undefined;
  return {
    active: Number(active[1]),
    accepts: Number(counters[1]),
    handled: Number(counters[2]),
    requests: Number(counters[3]),
    reading: Number(rww[1]),
    writing: Number(rww[2]),
    waiting: Number(rww[3]),
  };
}

/** Which `*_temp_path` directives this binary knows, pointed inside the prefix (the compiled-in ones live in /var/lib/nginx). */
export function tempPathDirectives(binary: string): Promise<string[]> {
  return new Promise((resolve) => {
    execFile(binary, ['-V'], { timeout: 10_000 }, (_err, stdout, stderr) => {
      const v = `${stdout}${stderr}`;
      const modules: [string, string][] = [
        ['client_body', ''],
        ['proxy', 'http_proxy_module'],
        ['fastcgi', 'http_fastcgi_module'],
        ['uwsgi', 'http_uwsgi_module'],
        ['scgi', 'http_scgi_module'],
      ];
      resolve(modules.filter(([, m]) => !m || !v.includes(`--without-${m}`)).map(([k]) => `${k}_temp_path temp/${k};`));
    });
  });
}

export function nginxVersion(binary: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(binary, ['-v'], { timeout: 10_000 }, (err, stdout, stderr) => {
      resolve(err ? undefined : /nginx\/([\d.]+)/.exec(`${stdout}${stderr}`)?.[1]);
    });
  });
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, path.resolve(file));
  return !!rel && !rel.startsWith('..') && !path.isAbsolute(rel);
}

async function newEmergencies(file: string, from: number): Promise<string> {
  try {
    const buf = await readFile(file);
    const lines = buf.subarray(from).toString('utf8').split('\n');
    return lines.filter((l) => /\[(emerg|alert)\]/.test(l)).join('\n').trim();
  } catch {
    return '';
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}
