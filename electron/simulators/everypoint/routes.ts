import { basicAuth, json, Router, type SimReply, type SimRequest } from '../kit/server';
import { NAME_RULE, type EveryPointStore, type StoreRefusal } from './store';

/** The documented error codes the simulator emits, with the HTTP status it pairs them with. */
export const EP_ERRORS = {
  missingAuth: { code: 1000, status: 401, message: 'Missing Authorization header' },
  badAuth: { code: 1001, status: 401, message: 'Incorrect Authorization header' },
  badUrl: { code: 1002, status: 404, message: 'Inaccessible or incorrect URL' },
  badParams: { code: 1003, status: 400, message: 'Invalid parameters' },
  badMethod: { code: 1004, status: 405, message: 'Unsupported HTTP method' },
  badResource: { code: 2001, status: 404, message: 'Invalid resource' },
} as const;

type ErrorKind = keyof typeof EP_ERRORS;

export function epError(kind: ErrorKind, detail?: string, status: number = EP_ERRORS[kind].status): SimReply {
  const e = EP_ERRORS[kind];
  return json(status, { success: false, code: e.code, message: detail ? `${e.message}: ${detail}` : e.message });
}

const ok = (data: unknown, status = 200): SimReply => json(status, { success: true, data });

/** Answers 1000/1001 unless the request carries the account's key and secret. */
export function checkAuth(req: SimRequest, key: string, secret: string): SimReply | undefined {
  if (req.headers.authorization === undefined) return epError('missingAuth');
  const creds = basicAuth(req);
  if (!creds || creds.user !== key || creds.pass !== secret) return epError('badAuth');
  return undefined;
}

const ALL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

export function everyPointRouter(store: EveryPointStore): Router {
  const r = new Router();
  r.get('/v3/instances', () => ok({ instances: store.uris() }));
  r.post('/v3/instances', (req) => {
    const body = objectBody(req);
    if (typeof body === 'string') return epError('badParams', body);
    const name = body.name;
    const description = body.description;
    if (typeof name !== 'string' || !NAME_RULE.test(name)) return epError('badParams', nameRuleMessage(name));
    if (typeof description !== 'string' || !description.trim()) return epError('badParams', 'a description must be provided');
    return refusalOr(store.create(name, description), name, (instance) => ok({ instance }, 201));
  });
  r.get('/v3/instances/:name', (req) => {
    const instance = store.get(req.params.name);
    return instance ? ok({ instance }) : notFound(req.params.name);
  });
  r.patch('/v3/instances/:name', (req) => {
    const body = objectBody(req);
    if (typeof body === 'string') return epError('badParams', body);
    const patch: { name?: string; description?: string } = {};
    if (body.name !== undefined) {
      if (typeof body.name !== 'string' || !NAME_RULE.test(body.name)) return epError('badParams', nameRuleMessage(body.name));
      patch.name = body.name;
    }
    if (body.description !== undefined) {
      if (typeof body.description !== 'string' || !body.description.trim()) return epError('badParams', 'description must be a non-empty string');
      patch.description = body.description;
    }
    if (patch.name === undefined && patch.description === undefined) return epError('badParams', 'send a name and/or a description');
    return refusalOr(store.update(req.params.name, patch), req.params.name, (instance) => ok({ instance }), patch.name);
  });
  r.delete('/v3/instances/:name', (req) => refusalOr(store.delete(req.params.name), req.params.name, (instance) => ok({ instance })));
  r.get('/v3/instances/:name/webhook', (req) => {
    const webhook = store.webhook(req.params.name);
    return webhook ? ok({ webhook }) : notFound(req.params.name);
  });
  r.patch('/v3/instances/:name/webhook', (req) => {
    const body = objectBody(req);
    if (typeof body === 'string') return epError('badParams', body);
    const url = body.url;
    if (url !== null && (typeof url !== 'string' || (url !== '' && !isHttpUrl(url)))) {
      return epError('badParams', 'url must be an http(s) URL, or "" / null to remove the webhook');
    }
    return refusalOr(store.setWebhook(req.params.name, url || null), req.params.name, (webhook) => ok({ webhook }));
  });
  // Known paths under another method: 1004 instead of the kit's generic 405.
  for (const pattern of ['/v3/instances', '/v3/instances/:name', '/v3/instances/:name/webhook']) {
    for (const m of ALL_METHODS) r.add(m, pattern, (req) => epError('badMethod', `${req.method} ${req.path}`));
  }
  return r;
}

function refusalOr<T>(result: T | StoreRefusal, name: string, success: (v: T) => SimReply, newName?: string): SimReply {
  if (result === 'not-found') return notFound(name);
  if (result === 'duplicate') return epError('badParams', `an instance named "${newName ?? name}" already exists`, 409);
  if (result === 'default-protected') return epError('badResource', 'the default instance cannot be renamed or deleted', 403);
  return success(result as T);
}

function notFound(name: string): SimReply {
  return epError('badResource', `no instance /instances/${name}`);
}

function objectBody(req: SimRequest): Record<string, unknown> | string {
  if (req.bodyError) return `the body is not valid JSON (${req.bodyError})`;
  if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) return 'send a JSON object body';
  return req.body as Record<string, unknown>;
}

function nameRuleMessage(name: unknown): string {
  return `name ${JSON.stringify(name ?? null)} must be 1-64 lowercase letters, digits and hyphens`;
}

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
