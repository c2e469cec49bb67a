import { bearer, json, Router, type SimReply, type SimRequest } from '../kit/server';
import { INSTANCE_NAME_RULE, KIANDA_STATUSES, type FieldValue, type InstanceView, type KiandaStatus, type KiandaStore, type Refusal } from './store';
import type { TokenIssuer } from './tokens';

export interface KiandaIdentity {
  username: string;
  password: string;
  subscriptionId: string;
  userId: string;
  securityStamp: string;
}

/** ASP.NET Web API's error body: `{"Message": "..."}`. */
const message = (status: number, text: string, extra: Record<string, unknown> = {}): SimReply =>
  json(status, { Message: text, ...extra });

/** OAuth2 token-endpoint errors (RFC 6749 §5.2), as OWIN's OAuthAuthorizationServer sends them. */
const oauthError = (error: string, description: string): SimReply => json(400, { error, error_description: description });

/** 401 for /api/* without a live bearer token. */
export function checkBearer(req: SimRequest, tokens: TokenIssuer): SimReply | undefined {
  if (!req.path.toLowerCase().startsWith('/api/')) return undefined;
  if (tokens.isValid(bearer(req))) return undefined;
  return { status: 401, json: { Message: 'Authorization has been denied for this request.' }, headers: { 'www-authenticate': 'Bearer' } };
}

export function kiandaRouter(store: KiandaStore, tokens: TokenIssuer, identity: KiandaIdentity, hostURL: () => string): Router {
  const r = new Router();
  const token = (req: SimRequest): SimReply => {
    const form = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : undefined;
    if (!form || !/x-www-form-urlencoded/i.test(String(req.headers['content-type'] ?? ''))) {
      return oauthError('invalid_request', 'Send username, password, scope and grant_type as application/x-www-form-urlencoded.');
    }
    if (form.grant_type !== 'password') return oauthError('unsupported_grant_type', 'grant_type must be "password".');
    if (form.username !== identity.username || form.password !== identity.password) {
      return oauthError('invalid_grant', 'The user name or password is incorrect.');
    }
    if (form.scope !== identity.subscriptionId) return oauthError('invalid_scope', 'The subscription id (scope) is not valid for this user.');
    return json(200, tokens.issue({
      userName: identity.username,
      userId: identity.userId,
      subscriptionId: identity.subscriptionId,
      securityStamp: identity.securityStamp,
      hostURL: hostURL(),
    }), { 'cache-control': 'no-cache' });
  };
  r.post('/token', token).post('/Token', token);

  r.post('/api/instances/create', (req) => {
    const body = objectBody(req);
    if (typeof body === 'string') return message(400, body);
    const processName = prop(body, 'processName');
    if (typeof processName !== 'string' || !processName) return message(400, 'processName is required');
    const instanceID = prop(body, 'instanceID');
    if (instanceID !== undefined && instanceID !== '' && (typeof instanceID !== 'string' || !INSTANCE_NAME_RULE.test(instanceID))) {
      return message(400, 'instanceID must be 1-128 letters, digits, "-", "_" or "." and start with a letter or digit');
    }
    const fields = fieldsMappings(prop(body, 'FieldsMappings') ?? []);
    if (typeof fields === 'string') return message(400, fields);
    const trigger = prop(body, 'TriggerField');
    if (trigger !== undefined && trigger !== null && typeof trigger !== 'string') return message(400, 'TriggerField must be a string');
    return viewOr(store.create(processName, (instanceID as string | undefined) || undefined, fields, Boolean(trigger)), 201);
  });

  r.get('/api/instances/:name/fields', (req) => {
    const raw = req.query.get('names');
    const names = raw === null ? undefined : raw.split(',').map((n) => n.trim()).filter(Boolean);
    const v = store.read(req.params.name, names);
    return v ? json(200, v) : message(404, `No process instance named "${req.params.name}"`);
  });

  r.put('/api/instances/:name', (req) => {
    const body = objectBody(req);
    if (typeof body === 'string') return message(400, body);
    const version = prop(body, 'version');
    if (!isVersion(version)) return message(400, 'version (the number you read) is required for a full update');
    const fields = fieldsMappings(prop(body, 'FieldsMappings'));
    if (typeof fields === 'string') return message(400, fields);
    const status = statusOf(prop(body, 'status'));
    if (status === null) return message(400, `status must be one of ${KIANDA_STATUSES.join(', ')}`);
    return viewOr(store.replace(req.params.name, version, fields, status));
  });

  r.patch('/api/instances/:name', (req) => {
    const body = objectBody(req);
    if (typeof body === 'string') return message(400, body);
    const version = prop(body, 'version');
    if (version !== undefined && !isVersion(version)) return message(400, 'version must be a positive integer');
    const mappings = prop(body, 'FieldsMappings');
    const fields = mappings === undefined ? [] : fieldsMappings(mappings);
    if (typeof fields === 'string') return message(400, fields);
    const status = statusOf(prop(body, 'status'));
    if (status === null) return message(400, `status must be one of ${KIANDA_STATUSES.join(', ')}`);
    if (fields.length === 0 && !status) return message(400, 'send FieldsMappings and/or status');
    return viewOr(store.merge(req.params.name, version as number | undefined, fields, status));
  });

  for (const pattern of ['/token', '/Token', '/api/instances/create', '/api/instances/:name/fields', '/api/instances/:name']) {
    for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']) {
      r.add(m, pattern, (req) => message(405, `The requested resource does not support http method '${req.method}'.`));
    }
  }
  return r;
}

export function notFoundReply(req: SimRequest): SimReply {
  return message(404, `No HTTP resource was found that matches the request URI '${req.path}'.`);
}

function viewOr(result: InstanceView | Refusal, okStatus = 200): SimReply {
  if ('fields' in result) return json(okStatus, result);
  const extra = result.currentVersion !== undefined ? { currentVersion: result.currentVersion } : {};
  return message(result.status, result.message, extra);
}

function objectBody(req: SimRequest): Record<string, unknown> | string {
  if (req.bodyError) return `The request body is not valid JSON (${req.bodyError})`;
  if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) return 'Send a JSON object body (Content-Type: application/json)';
  return req.body as Record<string, unknown>;
}

/** Web API model binding ignores the case of property names. */
function prop(body: Record<string, unknown>, name: string): unknown {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(body)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function isVersion(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1;
}

/** undefined when absent, null when invalid. */
function statusOf(v: unknown): KiandaStatus | undefined | null {
  if (v === undefined || v === null || v === '') return undefined;
  return KIANDA_STATUSES.includes(v as KiandaStatus) ? (v as KiandaStatus) : null;
}

function fieldsMappings(v: unknown): FieldValue[] | string {
  if (!Array.isArray(v)) return 'FieldsMappings must be an array of {fieldname, text, value}';
  const out: FieldValue[] = [];
  for (let i = 0; i < v.length; i++) {
    const m = v[i] as Record<string, unknown> | null;
    if (!m || typeof m !== 'object') return `FieldsMappings[${i}] must be an object`;
    const fieldname = prop(m, 'fieldname');
    if (typeof fieldname !== 'string' || !fieldname.trim()) return `FieldsMappings[${i}].fieldname is required`;
    const value = prop(m, 'value');
    const text = prop(m, 'text');
    if (text !== undefined && text !== null && typeof text !== 'string') return `FieldsMappings[${i}].text must be a string`;
    out.push({ fieldname, text: typeof text === 'string' ? text : value === undefined || value === null ? '' : String(value), value: value ?? text ?? null });
  }
  return out;
}
