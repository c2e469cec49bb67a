import { existsSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { NginxProcess, nginxVersion, tempPathDirectives } from './process';

export const DEFAULT_NGINX_BINARY = '/usr/sbin/nginx';

/** Where nginx is, if anywhere: an explicit path, $NGINX_BIN, /usr/sbin/nginx, or PATH. */
export function findNginx(explicit?: string): string | undefined {
  const candidates = [explicit, process.env.NGINX_BIN, DEFAULT_NGINX_BINARY, '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir) candidates.push(path.join(dir, 'nginx'));
  return candidates.find((c): c is string => !!c && existsSync(c));
}

/** Real nginx masters for the first instances of the fleet, each in its own prefix under one temp folder. */
export class DataPlane {
  private static live = new Set<DataPlane>();
  private static hooked = false;

  private constructor(
    readonly baseDir: string,
    readonly binary: string,
    readonly version: string,
    readonly processes: NginxProcess[],
  ) {}

  static async start(o: { binary: string; count: number; names: string[] }): Promise<DataPlane> {
    const baseDir = mkdtempSync(path.join(os.tmpdir(), 'hangar-nim-'));
    const temps = await tempPathDirectives(o.binary);
    const version = (await nginxVersion(o.binary)) ?? 'unknown';
    const started = await Promise.allSettled(
      Array.from({ length: o.count }, (_, i) =>
        NginxProcess.create({ binary: o.binary, prefix: path.join(baseDir, `nginx-${i}`), name: o.names[i] ?? `nginx-${i}`, tempDirectives: temps }),
      ),
    );
    const processes = started.filter((s): s is PromiseFulfilledResult<NginxProcess> => s.status === 'fulfilled').map((s) => s.value);
    const plane = new DataPlane(baseDir, o.binary, version, processes);
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await plane.close();
      throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
    }
    DataPlane.live.add(plane);
    DataPlane.hookExit();
    return plane;
  }

  /** If the host process exits without close(), masters it started must not stay behind. */
  private static hookExit() {
    if (DataPlane.hooked) return;
    DataPlane.hooked = true;
    process.once('exit', () => {
      for (const plane of DataPlane.live) for (const p of plane.processes) p.killNow();
    });
  }

  async close(): Promise<void> {
    DataPlane.live.delete(this);
    await Promise.all(this.processes.map((p) => p.stop()));
    await rm(this.baseDir, { recursive: true, force: true });
  }
}
