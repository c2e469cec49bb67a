import { json, Router, type Handler, type SimRequest } from '../kit/server';
import type { SkyInstance, SkyNode, SkyUser } from './model';
import { expressErrorPage, panelNotFoundPage, sendText } from './pages';
import type { SkyportStore } from './store';

/** Switches flipped at run time through /__sim/. */
export interface SkyportSimState {
  /** Reproduce the real panel's bugs and leaks (see index.ts). */
  quirks: boolean;
  /** The global POST rate limit (on with quirks by default; it is the real panel's configuration). */
  rateLimit: boolean;
}

type Body = Record<string, unknown>;

function bodyOf(req: SimRequest): Body {
  return req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Body) : {};
}

/** JavaScript truthiness, which is what the panel's `if (!x)` checks test. */
function truthy(v: unknown): boolean {
  return !(v === undefined || v === null || v === '' || v === 0 || v === false || (typeof v === 'number' && Number.isNaN(v)));
}

/** validateApiKey: only `x-api-key` is read; an Authorization header counts for nothing. */
function withApiKey(store: SkyportStore, handler: Handler): Handler {
  return (req) => {
    const raw = req.headers['x-api-key'];
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (!key) return json(401, { error: 'API key is required' });
    if (!store.isValidKey(key)) return json(401, { error: 'API Key Invalid' });
    return handler(req);
  };
}

export function skyportRouter(store: SkyportStore, state: SkyportSimState, now: () => number = Date.now): Router {
  const r = new Router();
  const api = (method: 'get' | 'post' | 'delete', path: string, h: Handler) => r[method](path, withApiKey(store, h));

  // Without quirks the panel keeps its daemon keys and password hashes to itself.
  const node = (n: SkyNode | null): unknown => (n && !state.quirks ? omit(n, ['apiKey']) : n);
  const instance = (i: SkyInstance): unknown => (state.quirks ? i : { ...i, Node: node(i.Node) });
  const user = (u: SkyUser): unknown => (state.quirks ? u : omit(u, ['password', 'resetToken']));

  // ---- users ----
  api('get', '/api/users', () => json(200, store.users.map(user)));

  api('post', '/api/getUser', (req) => {
    const { type, value } = bodyOf(req);
    if (!truthy(type) || !truthy(value)) return json(400, { error: 'Type and value are required' });
    if (type !== 'email' && type !== 'username') return json(400, { error: 'Invalid search type. Use "email" or "username".' });
    const found = store.findUser(type, String(value));
    return found ? json(200, user(found)) : json(404, { error: 'User not found' });
  });

  api('post', '/api/auth/create-user', (req) => {
    const { username, email, password, userId, admin } = bodyOf(req);
    if (!truthy(username) || !truthy(email) || !truthy(password)) {
      return json(400, { error: 'Username, email, and password are required' });
    }
    if (store.users.some((u) => u.username === username || u.email === email)) return json(409, { error: 'User already exists' });
    const created: SkyUser = {
      userId: truthy(userId) ? String(userId) : store.newId(),
      username: String(username),
      email: String(email),
      password: `$2b$10$${store.randomToken(53)}`,
      accessTo: [],
      admin: admin === true,
    };
    store.users.push(created);
    return json(201, { userId: created.userId, username: created.username, email: created.email, admin: created.admin });
  });

  api('post', '/api/auth/reset-password', (req) => {
    const { email } = bodyOf(req);
    const found = store.users.find((u) => u.email === email);
    if (!found) return json(404, { error: 'Email not found' });
    found.resetToken = store.randomToken(30);
    // No SMTP settings in the simulated panel: the token comes back in the body.
    return json(200, { password: found.resetToken });
  });

  // ---- instances ----
  api('get', '/api/instances', () => json(200, store.listInstances().map(instance)));

  api('post', '/api/getInstance', (req) => {
    const { id } = bodyOf(req);
    if (!truthy(id)) return json(400, { error: 'Parameter "id" is required' });
    const found = store.getInstance(String(id));
    return found ? json(200, instance(found)) : json(404, { error: 'Instance not found' });
  });

  api('post', '/api/getUserInstance', (req) => {
    const { userId } = bodyOf(req);
    if (!truthy(userId)) return json(400, { error: 'Parameter "userId" is required' });
    if (!store.hasUserId(String(userId))) return json(404, { error: 'User not found' });
    return json(200, store.userInstances(String(userId)).map(instance));
  });

  api('post', '/api/instances/deploy', (req) => {
    const b = bodyOf(req);
    const required = ['image', 'imagename', 'memory', 'cpu', 'ports', 'nodeId', 'name', 'user'];
    if (required.some((k) => !truthy(b[k])) || b.primary === undefined) return json(400, { error: 'Missing required parameters' });
    const result = store.deploy(
      {
        image: String(b.image),
        imagename: String(b.imagename),
        memory: b.memory,
        cpu: b.cpu,
        ports: String(b.ports),
        nodeId: String(b.nodeId),
        name: String(b.name),
        user: String(b.user),
        primary: b.primary,
        variables: b.variables,
      },
      now(),
    );
    if (result.kind === 'invalidNode') return json(404, { error: 'Invalid node' });
    if (result.kind === 'daemonError') return json(500, { error: 'Failed to create container', details: result.details });
    return json(201, {
      message: 'Container creation initiated. State will be updated asynchronously.',
      volumeId: result.id,
      state: 'INSTALLING',
    });
  });

  api('delete', '/api/instance/delete', (req) => {
    const { id } = bodyOf(req);
    if (!truthy(id)) return json(400, { error: 'Missing ID parameter' });
    const outcome = store.deleteInstance(String(id), state.quirks);
    if (outcome === 'missing') return json(404, { error: 'Instance not found' });
    if (outcome === 'daemonError') return json(500, { error: 'Failed to delete instance' });
    return json(200, { message: 'The instance has been successfully deleted.' });
  });

  for (const [verb, flag] of [
    ['suspend', true],
    ['unsuspend', false],
  ] as const) {
    api('post', `/api/instances/${verb}/:id`, (req) => {
      const outcome = store.setSuspended(req.params.id, flag, state.quirks);
      if (outcome === 'missing') return sendText(404, 'Instance not found');
      // The real handler calls logAudit, which it never imports, after writing the flag: every call ends in its catch.
      if (outcome === 'notInGlobal' || state.quirks) return sendText(500, `An error occurred while ${verb}ing the instance`);
      return json(201, { success: flag ? 'Instance Suspended Successfully' : 'Instance Unsuspended Successfully' });
    });
  }

  // ---- images, name ----
  api('get', '/api/images', () => json(200, store.images));
  api('get', '/api/name', () => json(200, { name: store.name }));

  // ---- nodes ----
  api('get', '/api/nodes', () => json(200, store.listNodes().map(node)));

  api('post', '/api/nodes/create', (req) => {
    // The real handler reads an undefined variable before anything else, in an async handler Express 4 does not guard.
    if (state.quirks) return 'hang';
    const b = bodyOf(req);
    const keys = ['name', 'tags', 'ram', 'disk', 'processor', 'address', 'port'] as const;
    if (keys.some((k) => !truthy(b[k]))) return json(400, { error: 'Missing parameters' });
    const created = store.createNode(Object.fromEntries(keys.map((k) => [k, String(b[k])])) as Pick<SkyNode, (typeof keys)[number]>);
    return json(201, { Message: node(created) });
  });

  api('delete', '/api/nodes/delete', (req) => {
    const { nodeId } = bodyOf(req);
    if (!truthy(nodeId)) return sendText(200, 'The node ID was invalid');
    store.deleteNode(String(nodeId));
    return json(201, { Message: 'The node has successfully deleted.' });
  });

  // The daemon registers itself (Admin/Nodes.js; no API key: the one-time configure key is the credential).
  r.post('/nodes/configure', (req) => {
    const configureKey = req.query.get('configureKey');
    const accessKey = req.query.get('accessKey');
    if (!configureKey || !accessKey) return json(400, { error: 'Missing configureKey or accessKey' });
    if (store.configureNode(configureKey, accessKey) === 'missing') return json(404, { error: 'Invalid configuration key' });
    return json(200, { message: 'Node configured successfully' });
  });

  // ---- everything else ----
  r.get('*', () => (state.quirks ? panelNotFoundPage(store.name) : json(404, { error: 'Not found' })));
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
    r.add(method, '*', (req) => (state.quirks ? expressErrorPage(404, `Cannot ${method} ${req.path}`) : json(404, { error: 'Not found' })));
  }
  return r;
}

function omit<T extends object>(obj: T, keys: string[]): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (!keys.includes(k)) out[k] = v;
  return out as Partial<T>;
}
