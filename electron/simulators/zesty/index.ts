import { SimClock } from '../kit/clock';
import { Rng } from '../kit/rng';
import { bearer, json, Router, startSimServer } from '../kit/server';
import type { RunningSimulator, SimOptions } from '../kit/types';
import { DEFAULT_SESSION_TTL_MS, ZestyAuthService } from './auth';
import { failure } from './envelope';
import { zestyErrorBody } from './faults';
import { ZestyFleet } from './fleet';
import { ACCOUNTS_PREFIX, accountsRoutes } from './routes-accounts';
import { authRoutes } from './routes-auth';
import { instancesRoutes } from './routes-instances';
import { zuid } from './zuid';

/**
 * Zesty.io simulator: the three Zesty services on one loopback server, under path prefixes
 * (real hosts in brackets):
 *
 * - `/auth/…`                 Auth API       [auth.api.zesty.io]            login (multipart), verify, logout
 * - `/accounts/v1/…`          Accounts API   [accounts.api.zesty.io/v1]     instances, users/roles, tokens
 * - `/instances/{ZUID}/v1/…`  Instances API  [{ZUID}.api.zesty.io/v1]       models, fields, items, versions,
 *                                                                            publishings, env/settings, env/audits, search
 *
 * Every Accounts and Instances call needs `Authorization: Bearer <session or access token>`.
 * Sessions expire after `sessionTtlMs` of inactivity (default 30 min) and every authenticated call
 * extends them; access tokens read and write but publishing answers 403. Five failed logins lock
 * the account (403 on every later login, even with the right password).
 *
 * Status signal: an instance with `cancelledAt`/`cancelledReason` set is cancelled; each clock tick
 * cancels `changesPerTick` active instances or restores cancelled ones.
 *
 * Admin (`/__sim/…`): POST /tick `{changes?}`, POST /sessions/expire, POST /unlock, GET /state, and
 * the kit's /faults (5xx faults answer in plain text, as Zesty does).
 */
export interface ZestySimOptions extends SimOptions {
  email?: string;
  password?: string;
  /** An access token valid from the start (default: derived from the seed). */
  accessToken?: string;
  /** Sessions expire after this much inactivity (default 30 min). */
  sessionTtlMs?: number;
  /** The time sessions expire by (tests drive it; default Date.now). */
  now?: () => number;
}

export interface ZestySimulator extends RunningSimulator {
  /** The seeded access token, for the `token` auth method. */
  accessToken: string;
  auth: ZestyAuthService;
  fleet: ZestyFleet;
}

export const DEFAULT_ZESTY_EMAIL = 'developer@hangar.test';
export const DEFAULT_ZESTY_PASSWORD = 'zesty-sim-password';
const DEFAULT_INSTANCES = 12;

export async function startZestySimulator(options: ZestySimOptions = {}): Promise<ZestySimulator> {
  const seed = options.seed ?? 'zesty';
  const now = options.now ?? (() => Date.now());
  const email = options.email ?? DEFAULT_ZESTY_EMAIL;
  const password = options.password ?? DEFAULT_ZESTY_PASSWORD;
  const rng = new Rng(`zesty:sim:${seed}`);
  const userZUID = zuid(rng, 'user');
  const accessToken = options.accessToken ?? `sim_${rng.hex(40)}`;

  const auth = new ZestyAuthService({ email, password, userZUID, sessionTtlMs: options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS, now });
  auth.addAccessToken(accessToken, { ZUID: zuid(rng, 'token'), name: 'Hangar (seeded)', roleZUID: zuid(rng, 'role'), createdByUserZUID: userZUID });
  const instanceCount = options.instances ?? DEFAULT_INSTANCES;
  const fleet = new ZestyFleet(seed, instanceCount, userZUID, now);

  const router = new Router();
  authRoutes(router, auth);
  accountsRoutes(router, fleet, auth, seed);
  instancesRoutes(router, fleet, auth, seed, now);

  const clock = new SimClock(
    { intervalMs: 15_000, changesPerTick: Math.max(1, Math.ceil(instanceCount / 100)), ...options.clock },
    (changes) => fleet.mutate(changes),
  );

  const admin = new Router()
    .post('/tick', (req) => {
      const changes = Number((req.body as { changes?: unknown } | undefined)?.changes);
      clock.tick(Number.isInteger(changes) && changes > 0 ? changes : undefined);
      return json(200, { ok: true });
    })
    .post('/sessions/expire', () => json(200, { expired: auth.expireSessions() }))
    .post('/unlock', () => (auth.unlock(), json(200, { locked: auth.locked })))
    .get('/state', () => json(200, { instances: fleet.all().length, locked: auth.locked }));

  const server = await startSimServer({
    name: `zesty:${seed}`,
    router,
    admin,
    port: options.port,
    host: options.host,
    faults: options.faults,
    faultErrorBody: zestyErrorBody,
    before: (req) => {
      if (!req.path.startsWith(`${ACCOUNTS_PREFIX}/`) && !req.path.startsWith('/instances/')) return undefined;
      const who = auth.authenticate(bearer(req));
      return 'error' in who ? failure(401, who.error) : undefined;
    },
    notFound: (req) => failure(404, `Not Found: ${req.method} ${req.path}`),
  });
  clock.start();

  const baseUrl = server.baseUrl;
  return {
    id: 'zesty',
    baseUrl,
    account: {
      baseUrl: `${baseUrl}${ACCOUNTS_PREFIX}`,
      authMethod: 'login',
      fields: { email, authUrl: `${baseUrl}/auth`, instancesUrl: `${baseUrl}/instances/{zuid}/v1` },
      secrets: { password },
    },
    server,
    clock,
    accessToken,
    auth,
    fleet,
    close: async () => {
      clock.stop();
      await server.close();
    },
  };
}
