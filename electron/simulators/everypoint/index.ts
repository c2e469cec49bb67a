/**
 * EveryPoint API v3 simulator (instances + webhook), from apis.md §4 and seed 002.
 *
 * Base `/v3`, HTTP Basic on every call (key as user, secret as password).
 *   GET    /v3/instances                 → {success:true, data:{instances:["/instances/default", …]}} (URIs only)
 *   POST   /v3/instances  {name, description} → 201 {success:true, data:{instance:{uri,name,description}}}
 *   GET    /v3/instances/{name}          → {success:true, data:{instance}}
 *   PATCH  /v3/instances/{name} {name?, description?} → {success:true, data:{instance}} (a rename changes the URI)
 *   DELETE /v3/instances/{name}          → {success:true, data:{instance}} (the deleted instance; shape not documented)
 *   GET    /v3/instances/{name}/webhook  → {success:true, data:{webhook:{url}}} (url is null when none is set)
 *   PATCH  /v3/instances/{name}/webhook {url} → same shape; "" or null removes it
 *
 * Errors are `{success:false, code, message}`. The docs give no HTTP statuses; this simulator pairs them so:
 *   1000 missing Authorization header → 401      1001 incorrect Authorization header (bad scheme/key/secret) → 401
 *   1002 inaccessible/incorrect URL   → 404      1003 invalid parameters (name rule, missing description, bad JSON) → 400
 *   1004 unsupported HTTP method      → 405      2001 invalid resource (no such instance) → 404
 * Choices where the docs are silent:
 *   - a duplicate name (create or rename) → 1003 with HTTP 409;
 *   - the default instance always exists: deleting or renaming it → 2001 with HTTP 403.
 * Name rule: 1–64 characters of a-z, 0-9 and "-".
 *
 * Clock: EveryPoint instances have no status, so the clock shows time passing as churn — each change
 * creates an instance, deletes a non-default one, or rewrites a description (observable in the list/detail).
 * Admin: POST /__sim/tick {changes?} runs a clock step; GET /__sim/state → {instances}.
 * `instances` counts the default instance (at least 1); 20,000 seed in a few milliseconds.
 */
import { SimClock } from '../kit/clock';
import { json, Router, startSimServer } from '../kit/server';
import type { RunningSimulator, SimOptions } from '../kit/types';
import { Rng } from '../kit/rng';
import { checkAuth, epError, everyPointRouter } from './routes';
import { EveryPointStore } from './store';

export interface EveryPointSimOptions extends SimOptions {
  key?: string;
  secret?: string;
}

export const EVERYPOINT_DEFAULT_INSTANCES = 12;

export async function startEveryPointSimulator(options: EveryPointSimOptions = {}): Promise<RunningSimulator> {
  const seed = options.seed ?? 'hangar';
  const rng = new Rng(`everypoint-credentials:${seed}`);
  const key = options.key ?? `ep_key_${rng.hex(16)}`;
  const secret = options.secret ?? `ep_secret_${rng.hex(32)}`;
  const store = new EveryPointStore(seed, Math.max(1, options.instances ?? EVERYPOINT_DEFAULT_INSTANCES));
  const clock = new SimClock(
    { intervalMs: options.clock?.intervalMs ?? 0, changesPerTick: options.clock?.changesPerTick ?? 2 },
    (changes) => store.mutate(changes),
  );

  const admin = new Router()
    .post('/tick', (req) => {
      const n = Number((req.body as { changes?: unknown } | undefined)?.changes);
      if (Number.isInteger(n) && n > 0) clock.tick(n);
      else clock.tick();
      return json(200, { instances: store.size });
    })
    .get('/state', () => json(200, { instances: store.size }));

  const server = await startSimServer({
    name: 'everypoint',
    router: everyPointRouter(store),
    port: options.port,
    host: options.host,
    faults: options.faults,
    admin,
    before: (req) => checkAuth(req, key, secret),
    notFound: (req) => epError('badUrl', req.path),
  });
  clock.start();

  const baseUrl = `${server.baseUrl}/v3`;
  return {
    id: 'everypoint',
    baseUrl,
    account: { baseUrl, authMethod: 'basic', fields: { username: key }, secrets: { password: secret } },
    server,
    clock,
    close: async () => {
      clock.stop();
      await server.close();
    },
  };
}
