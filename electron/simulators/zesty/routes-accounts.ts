import { Rng } from '../kit/rng';
import type { Router, SimReply, SimRequest } from '../kit/server';
import type { Principal, ZestyAuthService } from './auth';
import { guarded } from './guard';
import { deleted, failure, many, noResults, objectBody, one, str } from './envelope';
import type { ZestyFleet } from './fleet';
import { zuid } from './zuid';

export const ACCOUNTS_PREFIX = '/accounts/v1';

/**
 * Accounts API under `/accounts/v1` (Bearer session or access token):
 * - GET/POST /instances; GET /instances/{ZUID}; PUT /instances/{ZUID}?action=updateDomain|updateEcosystem|purgeCache
 * - GET /instances/{ZUID}/users/roles; GET /instances/{ZUID}/tokens
 * - POST /tokens `{ name, roleZUID }` (session only; the token value is returned once); GET/PUT?action=renew/DELETE /tokens/{ZUID}
 */
export function accountsRoutes(router: Router, fleet: ZestyFleet, auth: ZestyAuthService, seed: string): void {
  const rng = new Rng(`zesty:accounts-writes:${seed}`);
  const p = ACCOUNTS_PREFIX;
  const route = (method: string, path: string, h: (req: SimRequest, who: Principal) => SimReply) =>
    router.add(method, p + path, guarded(auth, h));

  route('GET', '/instances', () => many(fleet.all()));

  route('POST', '/instances', (req) => {
    const body = objectBody(req);
    if (!body.ok) return body.reply;
    const name = str(body.body, 'name');
    if (!name) return failure(400, 'Missing required field: name');
    if (name.length > 100) return failure(400, 'Instance name must be at most 100 characters');
    return one(fleet.create(name.trim(), str(body.body, 'ecoZUID') ?? null, str(body.body, 'blueprintZUID') ?? null), 201);
  });

  route('GET', '/instances/:zuid', (req) => {
    const inst = fleet.get(req.params.zuid);
    return inst ? one(inst) : noResults(req.params.zuid);
  });

  route('PUT', '/instances/:zuid', (req) => {
    const zuidParam = req.params.zuid;
    if (!fleet.get(zuidParam)) return noResults(zuidParam);
    const action = req.query.get('action');
    if (action === 'purgeCache') return one(fleet.get(zuidParam));
    const body = objectBody(req);
    if (!body.ok) return body.reply;
    if (action === 'updateDomain') {
      const domain = str(body.body, 'domain');
      if (!domain || !/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(domain)) return failure(400, 'Missing or invalid field: domain');
      return one(fleet.update(zuidParam, { domain: domain.toLowerCase() }));
    }
    if (action === 'updateEcosystem') {
      const ecoZUID = str(body.body, 'ecoZUID');
      if (!ecoZUID) return failure(400, 'Missing required field: ecoZUID');
      return one(fleet.update(zuidParam, { ecoZUID }));
    }
    return failure(400, `Unknown action "${action ?? ''}": use updateDomain, updateEcosystem or purgeCache`);
  });

  route('GET', '/instances/:zuid/users/roles', (req) =>
    fleet.get(req.params.zuid) ? many(fleet.usersOf(req.params.zuid)) : noResults(req.params.zuid),
  );

  route('GET', '/instances/:zuid/tokens', (req) => (fleet.get(req.params.zuid) ? many(auth.listAccessTokens()) : noResults(req.params.zuid)));

  route('POST', '/tokens', (req, who) => {
    if (who.kind !== 'session') return failure(403, 'Access tokens can only be created from a user session');
    const body = objectBody(req);
    if (!body.ok) return body.reply;
    const name = str(body.body, 'name');
    const roleZUID = str(body.body, 'roleZUID');
    if (!name || !roleZUID) return failure(400, 'Missing required field: name and roleZUID are required');
    const token = auth.newAccessTokenValue();
    const record = auth.addAccessToken(token, { ZUID: zuid(rng, 'token'), name, roleZUID, createdByUserZUID: who.userZUID });
    return one({ ...record, token }, 201);
  });

  route('GET', '/tokens/:zuid', (req) => {
    const t = auth.findAccessToken(req.params.zuid);
    return t ? one(t) : noResults(req.params.zuid);
  });

  route('PUT', '/tokens/:zuid', (req) => {
    if (req.query.get('action') !== 'renew') return failure(400, 'Unknown action: use ?action=renew');
    const t = auth.renewAccessToken(req.params.zuid);
    return t ? one(t) : noResults(req.params.zuid);
  });

  route('DELETE', '/tokens/:zuid', (req) => (auth.revokeAccessToken(req.params.zuid) ? deleted(req.params.zuid) : noResults(req.params.zuid)));
}
