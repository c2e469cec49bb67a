import type { Router, SimReply, SimRequest } from '../kit/server';
import type { Principal, ZestyAuthService } from './auth';
import { ApiRefusal, InstanceContent, notFound } from './content';
import { AUDIT_ACTION } from './content-types';
import { deleted, failure, many, objectBody, one } from './envelope';
import type { ZestyFleet } from './fleet';
import { guarded } from './guard';

/** The Instances API of instance {ZUID} lives at `/instances/{ZUID}/v1` (the real host is `{ZUID}.api.zesty.io/v1`). */
export const INSTANCES_PREFIX = '/instances/:instance/v1';
export const ITEMS_MAX_LIMIT = 5000;

const ACCESS_TOKEN_PUBLISH_REFUSAL = 'Publishing actions are not supported with access tokens; log in with a user session to publish';

/**
 * Instances API routes, relative to `/instances/{ZUID}/v1`:
 * - /content/models (GET, POST), /content/models/{m} (GET)
 * - /content/models/{m}/fields (GET, POST), /fields/{f} (GET, PUT, PATCH, DELETE)
 * - /content/models/{m}/items?page=&limit= (GET; page from 1, limit ≤ 5000, an empty `data` ends the list; POST)
 * - /content/models/{m}/items/{i} (GET, PUT, PATCH, DELETE); /versions, /versions/{n} (GET)
 * - /content/models/{m}/items/{i}/publishings (GET, POST → 201), /publishings/{p} (GET, DELETE); refused (403) to access tokens
 * - /env/settings (GET ?category=, POST), /env/settings/{s} (GET, PUT, PATCH, DELETE)
 * - /env/audits (GET ?affectedZUID=&action=&limit=), /env/audits/{a} (GET)
 * - /search/items?q=&limit= (GET)
 */
export function instancesRoutes(router: Router, fleet: ZestyFleet, auth: ZestyAuthService, seed: string, now: () => number): void {
  const contents = new Map<string, InstanceContent>();
  const contentOf = (instanceZUID: string): InstanceContent => {
    let c = contents.get(instanceZUID);
    if (!c) {
      if (!fleet.get(instanceZUID)) throw notFound(instanceZUID);
      c = new InstanceContent(seed, instanceZUID, auth.userZUID, now);
      contents.set(instanceZUID, c);
    }
    return c;
  };
  type Ctx = { c: InstanceContent; p: Record<string, string>; who: Principal; req: SimRequest };
  const route = (method: string, path: string, h: (x: Ctx) => SimReply) =>
    router.add(
      method,
      INSTANCES_PREFIX + path,
      guarded(auth, (req, who) => h({ c: contentOf(req.params.instance), p: req.params, who, req })),
    );
  /** A write handler: its JSON object body parsed first. */
  const write = (method: string, path: string, h: (x: Ctx, body: Record<string, unknown>) => SimReply) =>
    route(method, path, (x) => {
      const body = objectBody(x.req);
      return body.ok ? h(x, body.body) : body.reply;
    });
  const noAccessTokens = (who: Principal) => {
    if (who.kind === 'access') throw new ApiRefusal(403, ACCESS_TOKEN_PUBLISH_REFUSAL);
  };

  const M = '/content/models';
  route('GET', M, ({ c }) => many(c.listModels()));
  write('POST', M, ({ c, who }, b) => one(c.createModel(b, who.userZUID), 201));
  route('GET', `${M}/:m`, ({ c, p }) => one(c.model(p.m)));

  const F = `${M}/:m/fields`;
  route('GET', F, ({ c, p }) => many(c.listFields(p.m)));
  write('POST', F, ({ c, p, who }, b) => one(c.createField(p.m, b, who.userZUID), 201));
  route('GET', `${F}/:f`, ({ c, p }) => one(c.field(p.m, p.f)));
  write('PUT', `${F}/:f`, ({ c, p, who }, b) => one(c.updateField(p.m, p.f, b, who.userZUID, true)));
  write('PATCH', `${F}/:f`, ({ c, p, who }, b) => one(c.updateField(p.m, p.f, b, who.userZUID, false)));
  route('DELETE', `${F}/:f`, ({ c, p, who }) => (c.deleteField(p.m, p.f, who.userZUID), deleted(p.f)));

  const I = `${M}/:m/items`;
  route('GET', I, ({ c, p, req }) => {
    const page = positiveInt(req.query.get('page'), 1, 'page');
    const limit = positiveInt(req.query.get('limit'), ITEMS_MAX_LIMIT, 'limit');
    if (limit > ITEMS_MAX_LIMIT) throw new ApiRefusal(400, `"limit" may be at most ${ITEMS_MAX_LIMIT}`);
    const start = (page - 1) * limit;
    return many(c.listItems(p.m).slice(start, start + limit), start, limit);
  });
  write('POST', I, ({ c, p, who }, b) => {
    const item = c.createItem(p.m, b, who.userZUID);
    return one({ ZUID: item.meta.ZUID, version: item.meta.version }, 201);
  });
  route('GET', `${I}/:i`, ({ c, p }) => one(c.item(p.m, p.i)));
  write('PUT', `${I}/:i`, ({ c, p, who }, b) => saved(c.updateItem(p.m, p.i, b, who.userZUID, true).meta));
  write('PATCH', `${I}/:i`, ({ c, p, who }, b) => saved(c.updateItem(p.m, p.i, b, who.userZUID, false).meta));
  route('DELETE', `${I}/:i`, ({ c, p, who }) => (c.deleteItem(p.m, p.i, who.userZUID), deleted(p.i)));
  route('GET', `${I}/:i/versions`, ({ c, p }) => many([...c.versions(p.m, p.i)].reverse()));
  route('GET', `${I}/:i/versions/:n`, ({ c, p }) => one(c.version(p.m, p.i, p.n)));

  const P = `${I}/:i/publishings`;
  route('GET', P, ({ c, p }) => many(c.listPublishings(p.m, p.i)));
  route('GET', `${P}/:pub`, ({ c, p }) => one(c.publishing(p.m, p.i, p.pub)));
  route('POST', P, (x) => {
    noAccessTokens(x.who);
    const body = objectBody(x.req);
    return body.ok ? one(x.c.publish(x.p.m, x.p.i, body.body, x.who.userZUID), 201) : body.reply;
  });
  route('DELETE', `${P}/:pub`, ({ c, p, who }) => {
    noAccessTokens(who);
    c.unpublish(p.m, p.i, p.pub, who.userZUID);
    return deleted(p.pub);
  });

  const S = '/env/settings';
  route('GET', S, ({ c, req }) => many(c.listSettings(req.query.get('category') ?? undefined)));
  write('POST', S, ({ c, who }, b) => one(c.createSetting(b, who.userZUID), 201));
  route('GET', `${S}/:s`, ({ c, p }) => one(c.setting(p.s)));
  write('PUT', `${S}/:s`, ({ c, p, who }, b) => one(c.updateSetting(p.s, b, who.userZUID, true)));
  write('PATCH', `${S}/:s`, ({ c, p, who }, b) => one(c.updateSetting(p.s, b, who.userZUID, false)));
  route('DELETE', `${S}/:s`, ({ c, p, who }) => (c.deleteSetting(p.s, who.userZUID), deleted(p.s)));

  route('GET', '/env/audits', ({ c, req }) => {
    const action = req.query.get('action');
    if (action !== null && !Object.values(AUDIT_ACTION).includes(Number(action) as never)) {
      throw new ApiRefusal(400, `Unknown audit action "${action}"`);
    }
    const limit = positiveInt(req.query.get('limit'), 100, 'limit');
    const list = c.listAudits({ affectedZUID: req.query.get('affectedZUID') ?? undefined, action: action ? Number(action) : undefined });
    return many(list.slice(0, limit), 0, limit);
  });
  route('GET', '/env/audits/:a', ({ c, p }) => one(c.auditLog(p.a)));

  route('GET', '/search/items', ({ c, req }) => {
    const q = req.query.get('q')?.trim();
    if (!q) return failure(400, 'Missing search term: ?q=');
    const limit = positiveInt(req.query.get('limit'), 100, 'limit');
    return many(c.searchItems(q, limit), 0, limit);
  });
}

function saved(meta: { ZUID: string; version: number }): SimReply {
  return one({ ZUID: meta.ZUID, version: meta.version });
}

function positiveInt(raw: string | null, fallback: number, name: string): number {
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new ApiRefusal(400, `"${name}" must be a positive integer`);
  return n;
}
