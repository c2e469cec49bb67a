/**
 * Skyport panel simulator (skyportlabs/panel 0.3.0 API, apis.md §3 and seed 004).
 *
 * Routes (all need `x-api-key`; missing → 401 {"error":"API key is required"}, unknown → 401
 * {"error":"API Key Invalid"}; a Bearer token counts as missing):
 *   GET    /api/users, /api/instances, /api/images, /api/name, /api/nodes
 *   POST   /api/getUser {type,value} → 200 | 400 | 404        POST /api/auth/create-user → 201 | 400 | 409
 *   POST   /api/auth/reset-password {email} → 200 {password} | 404
 *   POST   /api/getInstance {id}, /api/getUserInstance {userId} → 200 | 400 | 404
 *   POST   /api/instances/deploy {image, imagename, memory, cpu, ports, nodeId, name, user, primary, variables?}
 *          → 201 {message, volumeId, state:"INSTALLING"} | 400 | 404 Invalid node | 500 {error, details}
 *          The instance becomes READY (FAILED when the image name contains "fail" or "broken") after `installMs`
 *          or at the next clock tick. Images whose name contains "nonexistent" fail to pull (500 with details).
 *   DELETE /api/instance/delete {id} (JSON body) → 200 | 400 | 404 | 500 (node daemon unreachable)
 *   POST   /api/instances/suspend/:id, /unsuspend/:id → 404 text "Instance not found" | see quirks
 *   POST   /api/nodes/create {name,tags,ram,disk,processor,address,port} → see quirks
 *   DELETE /api/nodes/delete {nodeId} → 201 even for an unknown id; no nodeId → 200 text
 * A node that is Offline (or never configured) stands for a daemon the panel cannot reach: deploying to it
 * or deleting an instance on it answers 500, as the real panel does.
 *
 * `quirks` (default on — the real panel behaves so):
 *   - suspend/unsuspend write the flag, then answer 500 with a text body labelled text/html
 *     (off: 201 {success});
 *   - unknown GET paths answer 200 with the panel's HTML "404" page; unknown POST/PUT/PATCH/DELETE get
 *     Express' HTML 404 "Cannot POST /x" (off: 404 JSON);
 *   - a global POST rate limit, 6 per 6 s per IP, checked before the key: 429 text
 *     "Too many requests, please try again later" with Retry-After (switchable on its own);
 *   - /api/users carries bcrypt password hashes, node and instance objects the node daemon apiKey (off: removed);
 *   - POST /api/nodes/create never answers and saves nothing (off: 201 {Message: node});
 *   - instance bookkeeping by ContainerId, which an instance only has once the daemon reports its container:
 *     delete calls the daemon with the record's ContainerId (`/instances/undefined/delete` while installing) and
 *     drops from the lists every instance with that ContainerId — all the installing ones; the per-id record
 *     survives, so deleting the same id again answers 200 and "deletes" again (off: by Id, then 404);
 *     suspend/unsuspend flag the per-id record and the first global-list entry with the same ContainerId,
 *     which is another instance when several are installing (off: by Id). The three copies (global list,
 *     `<user>_instances`, `<id>_instance`) are separate, as the panel's Keyv keys are;
 *   - node delete removes a node that still has instances (they keep pointing at it) — also with quirks off,
 *     since the API route never checks.
 * POST /nodes/configure?configureKey=…&accessKey=… (no API key): the daemon registers, status "Configured".
 *
 * Clock: each tick finishes pending installs, then makes `changesPerTick` changes — an instance is suspended
 * (with the Radar flag) or unsuspended, a READY instance reinstalls (INSTALLING until the next tick), or a
 * configured node flips Online ↔ Offline.
 *
 * Admin (/__sim/): POST /tick {changes?}; GET /state; GET /quirks; POST /quirks/on|off (rate limit follows);
 * POST /rate-limit/on|off|reset; POST /faults (kit).
 */
import { SimClock } from '../kit/clock';
import { json, Router, startSimServer, type SimReply, type SimRequest } from '../kit/server';
import { Rng } from '../kit/rng';
import type { RunningSimulator, SimOptions } from '../kit/types';
import { expressErrorPage } from './pages';
import { PostRateLimiter } from './rate-limit';
import { skyportRouter, type SkyportSimState } from './routes';
import { SkyportStore } from './store';

export interface SkyportSimOptions extends SimOptions {
  /** Reproduce the real panel's bugs (default true). */
  quirks?: boolean;
  /** Defaults to `quirks`. */
  rateLimit?: boolean;
  apiKey?: string;
  /** How long a deploy stays INSTALLING without a clock tick (default 1500 ms). */
  installMs?: number;
  /** The time the rate limit and installs go by (tests drive it; default Date.now). */
  now?: () => number;
}

export interface SkyportSimulator extends RunningSimulator {
  store: SkyportStore;
  state: SkyportSimState;
  rateLimiter: PostRateLimiter;
}

export const SKYPORT_DEFAULT_NODES = 4;
export const SKYPORT_DEFAULT_INSTANCES = 40;
export const RATE_LIMIT_TEXT = 'Too many requests, please try again later';

export async function startSkyportSimulator(options: SkyportSimOptions = {}): Promise<SkyportSimulator> {
  const seed = options.seed ?? 'hangar';
  const now = options.now ?? Date.now;
  const apiKey = options.apiKey ?? `skyport_${new Rng(`skyport-key:${seed}`).uuid()}`;
  const quirks = options.quirks ?? true;
  const state: SkyportSimState = { quirks, rateLimit: options.rateLimit ?? quirks };
  const limiter = new PostRateLimiter();
  const host = options.host ?? '127.0.0.1';
  const store = new SkyportStore({
    seed,
    apiKey,
    instances: Math.max(0, options.instances ?? SKYPORT_DEFAULT_INSTANCES),
    nodes: Math.max(1, options.nodes ?? SKYPORT_DEFAULT_NODES),
    // The real `remote` is the panel's own address; the port is not known before listen.
    panelUrl: `http://${host}:3001`,
    installMs: options.installMs ?? 1500,
  });
  const clock = new SimClock(
    { intervalMs: options.clock?.intervalMs ?? 0, changesPerTick: options.clock?.changesPerTick ?? 2 },
    (changes) => store.mutate(changes, now()),
  );

  const summary = () => ({
    instances: store.instanceCount,
    nodes: store.nodeCount,
    users: store.users.length,
    installing: store.pendingCount,
    ...state,
  });
  const setQuirks = (on: boolean) => {
    state.quirks = on;
    state.rateLimit = on;
    limiter.reset();
    return json(200, summary());
  };
  const admin = new Router()
    .post('/tick', (req) => {
      const n = Number((req.body as { changes?: unknown } | undefined)?.changes);
      if (Number.isInteger(n) && n >= 0) clock.tick(n);
      else clock.tick();
      return json(200, summary());
    })
    .get('/state', () => json(200, summary()))
    .get('/quirks', () => json(200, summary()))
    .post('/quirks/on', () => setQuirks(true))
    .post('/quirks/off', () => setQuirks(false))
    .post('/rate-limit/on', () => ((state.rateLimit = true), json(200, summary())))
    .post('/rate-limit/off', () => ((state.rateLimit = false), limiter.reset(), json(200, summary())))
    .post('/rate-limit/reset', () => (limiter.reset(), json(200, summary())));

  const before = (req: SimRequest): SimReply | undefined => {
    const at = now();
    store.settle(at);
    if (req.method === 'POST' && state.rateLimit) {
      const hit = limiter.hit(req.ip, at);
      if (hit.limited) {
        return {
          status: 429,
          html: RATE_LIMIT_TEXT,
          headers: {
            'retry-after': String(hit.retryAfterSec),
            'x-ratelimit-limit': String(limiter.max),
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(Math.ceil(hit.resetAt / 1000)),
          },
        };
      }
    }
    if (req.bodyError) {
      return state.quirks ? expressErrorPage(400, `SyntaxError: ${req.bodyError}`) : json(400, { error: 'Malformed request body' });
    }
    return undefined;
  };

  const server = await startSimServer({
    name: 'skyport',
    router: skyportRouter(store, state, now),
    port: options.port,
    host,
    faults: options.faults,
    admin,
    before,
  });
  clock.start();

  return {
    id: 'skyport',
    baseUrl: server.baseUrl,
    account: { baseUrl: server.baseUrl, authMethod: 'apiKey', fields: {}, secrets: { apiKey } },
    server,
    clock,
    store,
    state,
    rateLimiter: limiter,
    close: async () => {
      clock.stop();
      await server.close();
    },
  };
}
