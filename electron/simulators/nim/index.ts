/**
 * NGINX Instance Manager simulator (apis.md §2, seed 001), with a real nginx data plane.
 *
 * Answers under `/api/platform/v1` and `/api/nim/v1`. Auth: Basic (username/password) or Bearer
 * (token); anything else is 401 `{code, message}`. With `rateLimit`, 20 req/s burst 20 → nginx's 429 page.
 *
 *   GET   /systems[?hostname=]                   {count, items, Metadata}      paginated
 *   GET   /systems/{s} · PATCH /systems/{s} {tags}
 *   GET   /systems/{s}/instances                 {count, items, Metadata}      paginated
 *   GET   /systems/{s}/instances/{n}             instance (§2.7), status.state online|offline
 *   GET   /instances                             {count, items, nginxPlusCount, nginxAppProtectWAFCount, Metadata}
 *   GET   /instance-groups · POST (201/409) · GET /instance-groups/{uid|name}
 *   GET   /systems/{s}/instances/{n}/config      {configFiles:{rootDir, files:[{name, contents(base64)}]}, auxFiles,
 *                                                 configVersion.versions[].versionHash, updateTime, …}
 *   GET|POST|PUT /instance-groups/{g}/config     the group's config (first read: a copy of its first member's); a
 *                       publish is one deployment with each member's own result, files placed under each member's
 *                       rootDir (the simulator's real nginx prefixes differ; real NIM members share paths)
 *   POST|PUT same path  payload (§2.8) or {configUid}  → 202 {deploymentUID, links:{rel}, result}
 *                       409 when updateTime is older than the live one (unless ignoreConflict); 400 on bad files
 *   GET   /systems/instances/deployments/{id}    {id, status: pending|finalized|failed, message,
 *                                                 details:{pending, success, failure:[{name, failMessage}], error?}}
 *   GET|POST /configs · GET|PUT|DELETE /configs/{uid}    staged configs (configName required; 409 on a duplicate)
 *   POST  /analysis/config  payload → 200 {result: pass|fail, analyzer:"syntax", errors:[{file, line, message, text}]}
 *                           (chosen path: NIM routes /analysis… to its analyzer but does not publish the subpath)
 *   GET   /analytics/metrics?names=&startTime=&endTime=&resolution=&filter=&groupBy=&dimensions=
 *   GET   /analytics/catalogs/metrics|dimensions · /analytics/events (Metadata.pagination.pageToken) · /events/{id}
 *   POST  /servers/scan {cidr, portRanges, hostDiscovery} · GET /servers/scan · GET /servers
 *   GET|PUT|DELETE /certs[/{name}] · GET|POST|DELETE /users[/{name}] · GET|PUT /roles[/{name}]
 *
 * Pagination: page (1…), pageSize (default and max 100; 0 = all, capped at 10,000 with Metadata.warning),
 * pageToken (a frozen snapshot; returned in Metadata.pagination.pageToken). `count` is the total.
 *
 * Real data plane: with `nginx: {instances: k}` and an nginx binary, instances 0…k-1 (all on system 0) are real
 * nginx masters, each with its own prefix under a temp folder, a loopback port, stub_status at /nginx_status.
 * Publishing to them writes the files, runs `nginx -t`, and reloads (SIGHUP to the master, as `nginx -s reload`
 * does) only when the test passed; otherwise the old files are restored and the deployment fails with nginx's
 * text. Other instances validate with Hangar's own parser. Metrics of real instances come from stub_status,
 * of system 0 from /proc; the rest are simulated.
 *
 * Admin (/__sim/): POST /tick {changes?} · POST /rate-limit {enabled} · GET /state ·
 * POST /instances/{n}/state {state} · POST /systems/{s}/state {state} · POST /instances/{n}/touch-config ·
 * POST /deploy-delay {ms} · POST /instance-groups/{g}/members {instances:[uid]} · POST /instance-groups/{g}/touch-config.
 */
import { SimClock } from '../kit/clock';
import { json, Router, startSimServer } from '../kit/server';
import { Rng } from '../kit/rng';
import type { RunningSimulator, SimOptions } from '../kit/types';
import { RateLimiter, checkNimAuth, type NimCredentials } from './auth';
import { ConfigStore } from './configs';
import { API_PREFIXES, nimError, type NimContext } from './context';
import { DeploymentStore } from './deployments';
import { dims, EventLog } from './events';
import { Fleet, type NimState, type StatusChange } from './fleet';
import { LiveSampler } from './metrics';
import { DataPlane, findNginx } from './nginx/dataplane';
import { SnapshotStore } from './pagination';
import { PlatformStore } from './platform-store';
import { analyticsRoutes } from './routes/analytics';
import { configRoutes } from './routes/configs';
import { inventoryRoutes } from './routes/inventory';
import { platformRoutes } from './routes/platform';

export interface NimSimOptions extends SimOptions {
  /** Real nginx processes for the first `instances` instances (none when absent or false). */
  nginx?: { instances: number; binary?: string } | false;
  rateLimit?: boolean;
  username?: string;
  password?: string;
  token?: string;
  /** How long a simulated (non-real) deployment stays pending; default 150 ms. */
  deployDelayMs?: number;
}

export interface RealInstanceInfo {
  uid: string;
  systemUid: string;
  displayName: string;
  /** Loopback port nginx listens on, and its URL. */
  port: number;
  url: string;
  prefix: string;
  confPath: string;
  pid: number | undefined;
}

export interface RunningNimSimulator extends RunningSimulator {
  credentials: NimCredentials;
  /** The nginx binary in use, or undefined when none was found (configs then validate with the parser). */
  nginxBinary: string | undefined;
  realInstances: RealInstanceInfo[];
  setRateLimit(enabled: boolean): void;
  tick(changes?: number): StatusChange[];
  /** Moves an instance's live updateTime on, as an edit on the host would (conflict tests). */
  touchConfig(instanceUid: string): string;
  /** Makes exactly these instances the members of a group (group tests). */
  setGroupMembers(group: string, instanceUids: string[]): void;
}

export const NIM_DEFAULT_INSTANCES = 12;
export const NIM_DEFAULT_SYSTEMS = 3;

export async function startNimSimulator(options: NimSimOptions = {}): Promise<RunningNimSimulator> {
  const seed = options.seed ?? 'hangar';
  const rng = new Rng(`nim-credentials:${seed}`);
  const credentials: NimCredentials = {
    username: options.username ?? 'admin',
    password: options.password ?? `nim-${rng.hex(16)}`,
    token: options.token ?? `eyJhbGciOiJSUzI1NiJ9.${rng.hex(48)}.${rng.hex(43)}`,
  };
  const instanceCount = Math.max(0, options.instances ?? NIM_DEFAULT_INSTANCES);
  const systemCount = Math.max(1, options.nodes ?? NIM_DEFAULT_SYSTEMS);
  const binary = options.nginx ? findNginx(options.nginx.binary) : undefined;
  const realCount = binary && options.nginx ? Math.min(Math.max(0, options.nginx.instances), instanceCount) : 0;

  const fleet = new Fleet(seed, instanceCount, systemCount, realCount);
  const dataPlane = realCount
    ? await DataPlane.start({ binary: binary!, count: realCount, names: fleet.instances.slice(0, realCount).map((i) => i.displayName) })
    : undefined;
  for (const inst of fleet.instances.slice(0, realCount)) inst.version = dataPlane!.version;
  const realProcess = (inst: { realIndex?: number }) => (inst.realIndex !== undefined ? dataPlane?.processes[inst.realIndex] : undefined);

  const live = new LiveSampler(
    fleet.instances.slice(0, realCount).map((i) => ({ uid: i.uid, process: realProcess(i)! })),
    () => fleet.systems[0].memoryBytes,
  );
  const ctx: NimContext = {
    seed,
    fleet,
    configs: new ConfigStore(seed, (inst) => {
      const p = realProcess(inst);
      return p ? { rootDir: p.rootDir, files: p.listFiles() } : undefined;
    }),
    deployments: new DeploymentStore(seed),
    events: new EventLog(seed, fleet, Date.now()),
    snapshots: new SnapshotStore(),
    live,
    platform: new PlatformStore(seed, credentials.username, API_PREFIXES[0]),
    realProcess,
    deployDelayMs: options.deployDelayMs ?? 150,
    running: new Set(),
    now: () => new Date(),
  };

  const recordChanges = (changes: StatusChange[]) => {
    const now = ctx.now();
    for (const c of changes) {
      const system = fleet.system(c.systemUid)!;
      ctx.events.add(
        {
          category: c.kind === 'system' ? 'agent status' : 'instance status',
          level: c.to === 'offline' ? 'WARN' : 'INFO',
          message: `${c.kind} ${c.name} is ${c.to}`,
          status: c.to === 'offline' ? (c.kind === 'system' ? 'Agent Stop' : 'Instance Offline') : c.kind === 'system' ? 'Agent Start' : 'Instance Online',
          dimensions: dims(system.hostname, c.kind === 'instance' ? c.name : '', c.kind === 'instance' ? c.uid : '', c.systemUid),
        },
        now,
      );
    }
    return changes;
  };
  let lastChanges: StatusChange[] = [];
  const clock = new SimClock(
    { intervalMs: options.clock?.intervalMs ?? 0, changesPerTick: options.clock?.changesPerTick ?? Math.max(1, Math.round(instanceCount / 100)) },
    (changes) => {
      lastChanges = recordChanges(fleet.mutate(changes, ctx.now()));
    },
  );
  const limiter = new RateLimiter(options.rateLimit ?? false);

  const router = new Router();
  configRoutes(router, ctx);
  inventoryRoutes(router, ctx);
  analyticsRoutes(router, ctx);
  platformRoutes(router, ctx);

  const setState = (target: { state: NimState; lastStatusReport: string } | undefined, body: unknown) => {
    const state = (body as { state?: unknown } | undefined)?.state;
    if (!target) return json(404, { error: 'not found' });
    if (state !== 'online' && state !== 'offline') return json(400, { error: 'state must be online or offline' });
    target.state = state;
    target.lastStatusReport = ctx.now().toISOString();
    return json(200, { state });
  };
  const touchConfig = (uid: string) => {
    const inst = fleet.instance(uid);
    if (!inst) throw new Error(`no instance ${uid}`);
    // Strictly later than any updateTime handed out before, even within the same millisecond.
    const live = ctx.configs.get(inst);
    const next = Math.max(Date.now(), Date.parse(live.updateTime) + 1);
    return ctx.configs.touch(inst, new Date(next)).updateTime;
  };
  const setGroupMembers = (group: string, uids: string[]) => {
    const g = fleet.group(group);
    if (!g) throw new Error(`no instance group ${group}`);
    for (const i of fleet.instances) {
      if (uids.includes(i.uid)) i.instanceGroupUid = g.uid;
      else if (i.instanceGroupUid === g.uid) i.instanceGroupUid = undefined;
    }
  };
  const admin = new Router()
    .post('/instance-groups/:g/members', (req) => {
      const uids = (req.body as { instances?: unknown } | undefined)?.instances;
      if (!Array.isArray(uids) || !uids.every((u) => typeof u === 'string' && fleet.instance(u))) return json(400, { error: 'instances must be a list of instance uids' });
      if (!fleet.group(req.params.g)) return json(404, { error: 'not found' });
      setGroupMembers(req.params.g, uids as string[]);
      return json(200, { instances: uids });
    })
    .post('/instance-groups/:g/touch-config', (req) => {
      const g = fleet.group(req.params.g);
      const t = g ? ctx.configs.touchGroup(g.uid, ctx.now()) : undefined;
      return t ? json(200, { updateTime: t }) : json(404, { error: 'no such group config read yet' });
    })
    .post('/tick', (req) => {
      const n = Number((req.body as { changes?: unknown } | undefined)?.changes);
      if (Number.isInteger(n) && n > 0) clock.tick(n);
      else clock.tick();
      return json(200, { changes: lastChanges });
    })
    .post('/rate-limit', (req) => {
      limiter.enabled = (req.body as { enabled?: unknown } | undefined)?.enabled === true;
      limiter.reset();
      return json(200, { enabled: limiter.enabled });
    })
    .get('/state', () =>
      json(200, { systems: fleet.systems.length, instances: fleet.instances.length, rateLimit: limiter.enabled, realInstances: realInstances() }),
    )
    .post('/instances/:n/state', (req) => setState(fleet.instance(req.params.n), req.body))
    .post('/systems/:s/state', (req) => setState(fleet.system(req.params.s), req.body))
    .post('/instances/:n/touch-config', (req) => {
      if (!fleet.instance(req.params.n)) return json(404, { error: 'not found' });
      return json(200, { updateTime: touchConfig(req.params.n) });
    })
    .post('/deploy-delay', (req) => {
      const ms = Number((req.body as { ms?: unknown } | undefined)?.ms);
      if (!Number.isFinite(ms) || ms < 0) return json(400, { error: 'ms must be a non-negative number' });
      ctx.deployDelayMs = ms;
      return json(200, { ms });
    });

  let server;
  try {
    server = await startSimServer({
      name: 'nim',
      router,
      port: options.port,
      host: options.host,
      faults: options.faults,
      admin,
      before: (req) => limiter.check() ?? checkNimAuth(req, credentials),
      notFound: (req) => nimError(404, `No route for ${req.method} ${req.path}`),
      // The same {code, message} body as every other NIM error; the server adds Allow.
      methodNotAllowed: (req, allowed) => nimError(405, `Method ${req.method} is not allowed on ${req.path}; allowed: ${allowed.join(', ')}`),
    });
  } catch (e) {
    await dataPlane?.close();
    throw e;
  }
  clock.start();
  live.start();

  function realInstances(): RealInstanceInfo[] {
    return fleet.instances.slice(0, realCount).map((i) => {
      const p = realProcess(i)!;
      return {
        uid: i.uid,
        systemUid: i.systemUid,
        displayName: i.displayName,
        port: p.port,
        url: `http://127.0.0.1:${p.port}/`,
        prefix: p.prefix,
        confPath: p.confPath,
        pid: p.pid,
      };
    });
  }

  const baseUrl = server.baseUrl;
  const srv = server;
  return {
    id: 'nim',
    baseUrl,
    account: { baseUrl, authMethod: 'basic', fields: { username: credentials.username }, secrets: { password: credentials.password } },
    server: srv,
    clock,
    credentials,
    nginxBinary: binary,
    get realInstances() {
      return realInstances();
    },
    setRateLimit: (enabled) => {
      limiter.enabled = enabled;
      limiter.reset();
    },
    tick: (changes) => {
      clock.tick(changes);
      return lastChanges;
    },
    touchConfig,
    setGroupMembers,
    close: async () => {
      clock.stop();
      live.stop();
      await srv.close();
      await Promise.allSettled([...ctx.running]);
      await dataPlane?.close();
    },
  };
}
