/**
 * The demo environment: all five simulators on loopback, with the fleet spread across them, so the app
 * (or a script) can be pointed at five working APIs at once. `hangar demo serve` runs it.
 *
 * `instances` is split evenly over the five APIs; `nodes` over the two that have nodes (NIM systems,
 * Skyport nodes). `nginx` real nginx masters back the first NIM instances (when nginx is installed).
 * `clockMs` drives every simulator's clock (0 stops them). close() shuts every server and nginx process.
 */
import { HangarError } from '../../shared/errors';
import { PROVIDER_IDS, type ProviderId } from '../../shared/model';
import { startEveryPointSimulator } from './everypoint';
import { startKiandaSimulator } from './kianda';
import type { RunningSimulator, SimAccount, SimOptions } from './kit/types';
import { startNimSimulator, type RunningNimSimulator } from './nim';
import { startSkyportSimulator } from './skyport';
import { startZestySimulator } from './zesty';
import { DEMO_DEFAULTS } from './demo-defaults';

export interface DemoOptions {
  instances?: number;
  nodes?: number;
  seed?: string;
  clockMs?: number;
  nginx?: number;
  ports?: Partial<Record<ProviderId, number>>;
  host?: string;
}

/** A real nginx process and the NIM instance it backs: publish to `instanceId` on the NIM account, then request `url`. */
export interface DemoNginx {
  pid: number | undefined;
  url: string;
  port: number;
  /** The instance id Hangar uses (`systemUid:nginxUid`). */
  instanceId: string;
  instanceUid: string;
  systemUid: string;
  /** The instance's display name in NIM. */
  name: string;
  /** Where its config lives on disk. */
  confPath: string;
}

export interface DemoEnvironment {
  providers: Record<ProviderId, { baseUrl: string; account: SimAccount }>;
  /** The real nginx processes behind NIM instances. */
  nginx: DemoNginx[];
  simulators: Record<ProviderId, RunningSimulator>;
  close(): Promise<void>;
}

export { DEMO_DEFAULTS };

/** `total` split into `parts` shares that differ by at most one, the larger ones first. */
export function spread(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < total % parts ? 1 : 0));
}

export async function startDemoEnvironment(options: DemoOptions = {}): Promise<DemoEnvironment> {
  const instances = wholeNumber(options.instances ?? DEMO_DEFAULTS.instances, 'instances');
  const nodes = wholeNumber(options.nodes ?? DEMO_DEFAULTS.nodes, 'nodes');
  const nginx = wholeNumber(options.nginx ?? DEMO_DEFAULTS.nginx, 'nginx');
  const clockMs = wholeNumber(options.clockMs ?? DEMO_DEFAULTS.clockMs, 'clockMs');
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  const [nimCount, skyportCount, zestyCount, everypointCount, kiandaCount] = spread(instances, 5);
  const [nimNodes, skyportNodes] = spread(nodes, 2);
  const common = (id: ProviderId): SimOptions => ({ seed, host: options.host, port: options.ports?.[id], clock: { intervalMs: clockMs } });

  const starters: Record<ProviderId, () => Promise<RunningSimulator>> = {
    nim: () =>
      startNimSimulator({
        ...common('nim'),
        instances: nimCount,
        nodes: Math.max(1, nimNodes),
        nginx: nginx > 0 ? { instances: Math.min(nginx, nimCount) } : false,
      }),
    skyport: () => startSkyportSimulator({ ...common('skyport'), instances: skyportCount, nodes: Math.max(1, skyportNodes) }),
    zesty: () => startZestySimulator({ ...common('zesty'), instances: zestyCount }),
    everypoint: () => startEveryPointSimulator({ ...common('everypoint'), instances: Math.max(1, everypointCount) }),
    kianda: () => startKiandaSimulator({ ...common('kianda'), instances: kiandaCount }),
  };

  const started: RunningSimulator[] = [];
  const closeAll = async () => {
    await Promise.allSettled(started.splice(0).map((s) => s.close()));
  };
  try {
    for (const id of PROVIDER_IDS) started.push(await startOne(id, starters[id], options.ports?.[id]));
  } catch (e) {
    await closeAll();
    throw e;
  }

  const simulators = Object.fromEntries(started.map((s) => [s.id, s])) as Record<ProviderId, RunningSimulator>;
  const providers = Object.fromEntries(started.map((s) => [s.id, { baseUrl: s.baseUrl, account: s.account }])) as DemoEnvironment['providers'];
  const nim = simulators.nim as RunningNimSimulator;
  let closing: Promise<void> | undefined;
  return {
    providers,
    nginx: (nim.realInstances ?? []).map((r) => ({
      pid: r.pid,
      url: r.url,
      port: r.port,
      instanceId: `${r.systemUid}:${r.uid}`,
      instanceUid: r.uid,
      systemUid: r.systemUid,
      name: r.displayName,
      confPath: r.confPath,
    })),
    simulators,
    close: () => (closing ??= closeAll()),
  };
}

async function startOne(id: ProviderId, start: () => Promise<RunningSimulator>, port: number | undefined): Promise<RunningSimulator> {
  try {
    return await start();
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      throw new HangarError('VALIDATION', `The ${id} simulator cannot listen on port ${port}: ${code === 'EADDRINUSE' ? 'it is in use' : 'permission denied'}`);
    }
    throw e;
  }
}

function wholeNumber(v: number, name: string): number {
  if (!Number.isInteger(v) || v < 0) throw new HangarError('VALIDATION', `${name} must be a whole number ≥ 0 (got ${v})`);
  return v;
}
