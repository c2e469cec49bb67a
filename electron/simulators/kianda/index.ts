/**
 * Kianda process-instances API simulator, from apis.md §5 and seed 003.
 *
 * Auth — OAuth2 password grant (OWIN style):
 *   POST /token (also /Token), application/x-www-form-urlencoded: username, password, scope = subscription id,
 *   grant_type=password → 200 {access_token, token_type:"bearer", expires_in, userName, userId, subscriptionId,
 *   securityStamp, hostURL, ".issued", ".expires"} (expires_in = tokenTtlSec, 299 by default; dates in RFC 1123).
 *   Refusals are 400 {error, error_description}: invalid_request (not a form), unsupported_grant_type,
 *   invalid_grant (wrong username or password), invalid_scope (wrong subscription id).
 *   Every /api/* call needs `Authorization: Bearer <token>`; a missing, unknown, revoked or expired token →
 *   401 {"Message":"Authorization has been denied for this request."} with `WWW-Authenticate: Bearer`.
 *
 * Instances (the docs show requests only; the response shapes are this simulator's choice). Every
 * instance answer is an InstanceView: {name, processName, version, status, created, modified, createdBy,
 * fields:[{fieldname, text, value}]}; status ∈ draft | in-progress | completed | cancelled.
 *   POST  /api/instances/create {processName, instanceID, TriggerField, FieldsMappings:[{fieldname,text,value}]}
 *         → 201 InstanceView. Empty instanceID → the next free "<processName>-<n>". A non-empty TriggerField
 *         submits the form at once (status in-progress, else draft). Unknown process → 400; taken name → 409.
 *   GET   /api/instances/{name}/fields?names=a,b → InstanceView with only those fields, plus `missing: [...]`
 *         for names the instance has no field for; without `names`, every field.
 *   PUT   /api/instances/{name} {version, status?, FieldsMappings} → replaces all fields; `version` must be the
 *         current one, else 409 {Message, currentVersion}. Success bumps the version.
 *   PATCH /api/instances/{name} {version?, status?, FieldsMappings?} → merges fields; version checked only if sent.
 *   Errors are ASP.NET Web API bodies {"Message": "..."}: 400 bad body, 404 unknown instance or path,
 *   405 wrong method, 409 version conflict or taken name. Property names are matched case-insensitively.
 * There is no list call (the docs have none): an account names the instances it watches; `account.fields.watch`
 *   lists every seeded name as ranges ("expense-claim-{1..40},…"), which the Hangar provider expands.
 *
 * Clock: each change moves one instance on (draft → in-progress → completed, or cancelled one time in five;
 * a completed/cancelled one is reopened) and bumps its version.
 * Admin: POST /__sim/tick {changes?}; POST /__sim/revoke (invalidate every token); GET /__sim/state →
 * {instances, tokensIssued}.
 */
import { SimClock } from '../kit/clock';
import { Rng } from '../kit/rng';
import { json, Router, startSimServer } from '../kit/server';
import type { RunningSimulator, SimOptions } from '../kit/types';
import { checkBearer, kiandaRouter, notFoundReply } from './routes';
import { KiandaStore } from './store';
import { TokenIssuer } from './tokens';

export interface KiandaSimOptions extends SimOptions {
  username?: string;
  password?: string;
  subscriptionId?: string;
  /** Lifetime of a token in seconds (the real API: 299). */
  tokenTtlSec?: number;
  /** The clock tokens expire by (tests drive it; default Date.now). */
  now?: () => number;
}

export const KIANDA_DEFAULT_INSTANCES = 24;

export async function startKiandaSimulator(options: KiandaSimOptions = {}): Promise<RunningSimulator> {
  const seed = options.seed ?? 'hangar';
  const rng = new Rng(`kianda-credentials:${seed}`);
  const identity = {
    username: options.username ?? 'admin@green-itr.example',
    password: options.password ?? `kianda-${rng.hex(20)}`,
    subscriptionId: options.subscriptionId ?? rng.uuid(),
    userId: rng.uuid(),
    securityStamp: rng.uuid(),
  };
  const ttl = options.tokenTtlSec ?? 299;
  if (!(ttl > 0)) throw new RangeError('tokenTtlSec must be positive');
  const tokens = new TokenIssuer(ttl, options.now);
  const store = new KiandaStore(seed, Math.max(0, options.instances ?? KIANDA_DEFAULT_INSTANCES), identity.username);
  const clock = new SimClock(
    { intervalMs: options.clock?.intervalMs ?? 0, changesPerTick: options.clock?.changesPerTick ?? 2 },
    (changes) => store.mutate(changes),
  );

  const state = () => ({ instances: store.size, tokensIssued: tokens.issued });
  const admin = new Router()
    .post('/tick', (req) => {
      const n = Number((req.body as { changes?: unknown } | undefined)?.changes);
      if (Number.isInteger(n) && n > 0) clock.tick(n);
      else clock.tick();
      return json(200, state());
    })
    .post('/revoke', () => {
      tokens.revokeAll();
      return json(200, state());
    })
    .get('/state', () => json(200, state()));

  let hostURL = '';
  const server = await startSimServer({
    name: 'kianda',
    router: kiandaRouter(store, tokens, identity, () => hostURL),
    port: options.port,
    host: options.host,
    faults: options.faults,
    admin,
    before: (req) => checkBearer(req, tokens),
    notFound: notFoundReply,
  });
  hostURL = server.baseUrl;
  clock.start();

  return {
    id: 'kianda',
    baseUrl: server.baseUrl,
    account: {
      baseUrl: server.baseUrl,
      authMethod: 'password',
      fields: { username: identity.username, subscriptionId: identity.subscriptionId, watch: store.watchSpec() },
      secrets: { password: identity.password },
    },
    server,
    clock,
    close: async () => {
      clock.stop();
      await server.close();
    },
  };
}
