import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector, type FaultErrorBody, type Faults } from './faults';

export interface SimRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** Parsed JSON, urlencoded or multipart body; undefined when absent or unparseable. */
  body: unknown;
  /** Set when the body claimed JSON but did not parse. */
  bodyError?: string;
  ip: string;
}

export type SimReply =
  | {
      status: number;
      json?: unknown;
      text?: string;
      html?: string;
      headers?: Record<string, string>;
    }
  /** Never answer (a handler the real server never finishes). */
  | 'hang';

export type Handler = (req: SimRequest) => SimReply | Promise<SimReply>;

interface Route {
  method: string;
  parts: string[];
  handler: Handler;
}

/** Path patterns like `/api/instances/:id`; a trailing `*` part matches the rest of the path. */
export class Router {
  private routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method: method.toUpperCase(), parts: split(pattern), handler });
    return this;
  }

  get(p: string, h: Handler) {
    return this.add('GET', p, h);
  }
  post(p: string, h: Handler) {
    return this.add('POST', p, h);
  }
  put(p: string, h: Handler) {
    return this.add('PUT', p, h);
  }
  patch(p: string, h: Handler) {
    return this.add('PATCH', p, h);
  }
  delete(p: string, h: Handler) {
    return this.add('DELETE', p, h);
  }

  /** The matching route, or `methodMismatch` when the path exists under another method. */
  match(
    method: string,
    path: string,
  ): { handler: Handler; params: Record<string, string> } | { methodMismatch: true; allowed: string[] } | undefined {
    const segs = split(path);
    const allowed = new Set<string>();
    for (const r of this.routes) {
      const params = matchParts(r.parts, segs);
      if (!params) continue;
      if (r.method === method) return { handler: r.handler, params };
      allowed.add(r.method);
    }
    return allowed.size ? { methodMismatch: true, allowed: [...allowed].sort() } : undefined;
  }
}

function split(p: string): string[] {
  return p.split('/').filter(Boolean);
}

function matchParts(pattern: string[], segs: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p === '*') {
      params['*'] = segs.slice(i).map(decodeURIComponent).join('/');
      return params;
    }
    if (i >= segs.length) return undefined;
    if (p.startsWith(':')) params[p.slice(1)] = decodeURIComponent(segs[i]);
    else if (p !== segs[i]) return undefined;
  }
  return pattern.length === segs.length ? params : undefined;
}

export interface SimServerOptions {
  name: string;
  router: Router;
  port?: number;
  host?: string;
  /** Runs before routing (auth, rate limits); a reply stops the request there. */
  before?: (req: SimRequest) => SimReply | undefined | Promise<SimReply | undefined>;
  /** Answer for unmatched paths (defaults to a JSON 404). */
  notFound?: Handler;
  /** Answer for a known path under another method (defaults to a JSON 405); the server adds the `Allow` header. */
  methodNotAllowed?: (req: SimRequest, allowed: string[]) => SimReply | Promise<SimReply>;
  /** Extra admin routes under /__sim/ (tick the clock, flip quirks, inspect state). */
  admin?: Router;
  faults?: Faults;
  /** How injected errors look (default: a JSON `{code, message}` body). */
  faultErrorBody?: FaultErrorBody;
}

export interface SimServer {
  name: string;
  baseUrl: string;
  port: number;
  faults: FaultInjector;
  /** Requests answered so far (admin routes excluded). */
  readonly requestCount: number;
  close(): Promise<void>;
}

const MAX_BODY = 20 * 1024 * 1024;

/** Starts an HTTP server on loopback for one simulated API. */
export async function startSimServer(opts: SimServerOptions): Promise<SimServer> {
  const faults = new FaultInjector(opts.name, opts.faultErrorBody);
  if (opts.faults) faults.set(opts.faults);
  let requestCount = 0;
  const sockets = new Set<import('node:net').Socket>();

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`simulator error: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://sim');
    const rawBody = await readBody(req);
    const simReq: SimRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      params: {},
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      body: undefined,
      ip: req.socket.remoteAddress ?? '',
    };
    await parseBody(simReq);

    if (url.pathname.startsWith('/__sim/')) {
      const adminPath = url.pathname.slice('/__sim'.length);
      if (adminPath === '/faults') {
        if (simReq.method === 'POST') faults.set((simReq.body as Faults) ?? {});
        return send(res, { status: 200, json: faults.get() }, faults, false);
      }
      const m = opts.admin?.match(simReq.method, adminPath);
      if (m && 'handler' in m) return send(res, await m.handler({ ...simReq, params: m.params }), faults, false);
      return send(res, { status: 404, json: { error: 'unknown admin route' } }, faults, false);
    }

    requestCount++;
    if (!(await faults.before(res))) return;
    const early = await opts.before?.(simReq);
    if (early) return send(res, early, faults, true);
    const m = opts.router.match(simReq.method, url.pathname);
    if (m && 'handler' in m) return send(res, await m.handler({ ...simReq, params: m.params }), faults, true);
    if (m && 'methodMismatch' in m) {
      const reply = opts.methodNotAllowed ? await opts.methodNotAllowed(simReq, m.allowed) : { status: 405, json: { error: 'Method not allowed' } };
      const withAllow: SimReply = reply === 'hang' ? reply : { ...reply, headers: { ...reply.headers, allow: m.allowed.join(', ') } };
      return send(res, withAllow, faults, true);
    }
    const nf = opts.notFound ? await opts.notFound(simReq) : { status: 404, json: { error: 'Not found' } };
    return send(res, nf, faults, true);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host ?? '127.0.0.1';
  return {
    name: opts.name,
    baseUrl: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    faults,
    get requestCount() {
      return requestCount;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function parseBody(req: SimRequest): Promise<void> {
  if (req.rawBody.length === 0) return;
  const type = String(req.headers['content-type'] ?? '');
  try {
    if (/json/i.test(type)) req.body = JSON.parse(req.rawBody.toString('utf8'));
    else if (/x-www-form-urlencoded/i.test(type)) req.body = Object.fromEntries(new URLSearchParams(req.rawBody.toString('utf8')));
    else if (/multipart\/form-data/i.test(type)) {
      const fd = await new Response(new Uint8Array(req.rawBody), { headers: { 'content-type': type } }).formData();
      const out: Record<string, string> = {};
      fd.forEach((v, k) => {
        out[k] = typeof v === 'string' ? v : '';
      });
      req.body = out;
    }
  } catch (e) {
    req.bodyError = e instanceof Error ? e.message : String(e);
  }
}

async function send(res: ServerResponse, reply: SimReply, faults: FaultInjector, applyFaults: boolean): Promise<void> {
  if (reply === 'hang') return;
  let body = '';
  let type = 'text/plain; charset=utf-8';
  if (reply.json !== undefined) {
    body = JSON.stringify(reply.json);
    type = 'application/json; charset=utf-8';
  } else if (reply.html !== undefined) {
    body = reply.html;
    type = 'text/html; charset=utf-8';
  } else if (reply.text !== undefined) body = reply.text;
  res.writeHead(reply.status, { 'content-type': type, ...reply.headers });
  if (applyFaults) await faults.write(res, body, reply.json !== undefined);
  else res.end(body);
}

/** Shorthands for handlers. */
export const json = (status: number, body: unknown, headers?: Record<string, string>): SimReply => ({ status, json: body, headers });
export const text = (status: number, body: string, headers?: Record<string, string>): SimReply => ({ status, text: body, headers });
export const html = (status: number, body: string): SimReply => ({ status, html: body });

/** Reads Basic credentials from a request. */
export function basicAuth(req: SimRequest): { user: string; pass: string } | undefined {
  const h = String(req.headers.authorization ?? '');
  const m = /^Basic\s+(.+)$/i.exec(h);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? undefined : { user: decoded.slice(0, i), pass: decoded.slice(i + 1) };
}

export function bearer(req: SimRequest): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
}
