import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient, retryAfterMs } from '../../../electron/main/core/http/client';
import { createLogger } from '../../../electron/main/core/util/log';
import { Redactor } from '../../../electron/main/core/util/redact';
import { makeTestCertificates } from '../../support/tls';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

const servers: { close: () => void }[] = [];
const clients: HttpClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const s of servers.splice(0)) s.close();
});

async function serve(handler: Handler, tls?: { cert: string; key: string }): Promise<string> {
  const listener: http.RequestListener = (req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => handler(req, res, body));
  };
  const server = tls ? https.createServer({ cert: tls.cert, key: tls.key }, listener) : http.createServer(listener);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push({ close: () => server.closeAllConnections?.() ?? server.close() });
  servers.push(server);
  const port = (server.address() as AddressInfo).port;
  return `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
}

function client(baseUrl: string, extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}, lines: string[] = []) {
  const redactor = extra.redactor ?? new Redactor();
  const c = new HttpClient({
    baseUrl,
    redactor,
    log: createLogger({ sink: (l) => lines.push(l), redactor, level: 'debug' }),
    backoffMs: 5,
    label: 'Test API',
    ...extra,
  });
  clients.push(c);
  return c;
}

const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

describe('HttpClient', () => {
  it('sends JSON, form and multipart bodies and parses JSON answers', async () => {
    const seen: { type: string; body: string }[] = [];
    const url = await serve((req, res, body) => {
      seen.push({ type: String(req.headers['content-type']), body });
      json(res, 200, { echo: req.url });
    });
    const c = client(url);
    const r = await c.request({ method: 'POST', path: '/a', query: { q: 'x y', skip: undefined }, json: { a: 1 } });
    expect(r.body).toEqual({ echo: '/a?q=x+y' });
    await c.request({ method: 'POST', path: 'b', form: { user: 'u', scope: 's' } });
    await c.request({ method: 'POST', path: '/c', multipart: { email: 'e@x' } });
    expect(seen[0]).toEqual({ type: 'application/json', body: '{"a":1}' });
    expect(seen[1]).toEqual({ type: 'application/x-www-form-urlencoded', body: 'user=u&scope=s' });
    expect(seen[2].type).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen[2].body).toContain('name="email"');
  });

  it('maps statuses to the shared codes with the API’s own message', async () => {
    const url = await serve((req, res) => {
      const status = Number(req.url!.slice(1));
      json(res, status, { message: `said ${status}` });
    });
    const c = client(url, { retries: 0 });
    const cases: [number, string][] = [
      [400, 'VALIDATION'],
      [401, 'AUTH'],
      [403, 'FORBIDDEN'],
      [404, 'NOT_FOUND'],
      [409, 'CONFLICT'],
      [429, 'RATE_LIMITED'],
      [500, 'SERVER'],
    ];
    for (const [status, code] of cases) {
      await expect(c.request({ method: 'GET', path: `/${status}` })).rejects.toMatchObject({
        code,
        status,
        message: expect.stringContaining(`said ${status}`),
      });
    }
  });

  it('treats HTML and malformed JSON as BAD_RESPONSE with a readable message', async () => {
    const url = await serve((req, res) => {
      if (req.url === '/html') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><html><head><title>404 - Skyport</title></head><body>nope</body></html>');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"items": [1, 2');
      }
    });
    const c = client(url);
    await expect(c.getJson('/html')).rejects.toMatchObject({
      code: 'BAD_RESPONSE',
      message: expect.stringContaining('an HTML page ("404 - Skyport")'),
    });
    await expect(c.getJson('/broken')).rejects.toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringContaining('malformed JSON') });
  });

  it('retries idempotent calls on 503 honouring Retry-After, but never a POST', async () => {
    let gets = 0;
    let posts = 0;
    const url = await serve((req, res) => {
      if (req.method === 'GET' && ++gets < 3) return json(res, 503, { message: 'busy' }, { 'retry-after': '0' });
      if (req.method === 'POST') {
        posts++;
        return json(res, 503, { message: 'busy' });
      }
      json(res, 200, { ok: true });
    });
    const c = client(url, { retries: 2 });
    await expect(c.getJson('/x')).resolves.toEqual({ ok: true });
    expect(gets).toBe(3);
    await expect(c.request({ method: 'POST', path: '/x', json: {} })).rejects.toMatchObject({ code: 'SERVER' });
    expect(posts).toBe(1);
  });

  it('gives up with RATE_LIMITED when Retry-After is longer than it will wait', async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      json(res, 429, { message: 'slow down' }, { 'retry-after': '3600' });
    });
    await expect(client(url).getJson('/x')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(calls).toBe(1);
  });

  it('times out with TIMEOUT and an unreachable port is OFFLINE', async () => {
    const url = await serve(() => {
      /* never answers */
    });
    await expect(client(url, { retries: 0 }).request({ method: 'GET', path: '/slow', timeoutMs: 150 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    const closed = await serve((_q, r) => r.end());
    servers.splice(0).forEach((s) => s.close());
    await new Promise((r) => setTimeout(r, 50));
    await expect(client(closed, { retries: 0 }).getJson('/')).rejects.toMatchObject({ code: 'OFFLINE', retryable: true });
  });

  it('renews auth once on 401 and then retries', async () => {
    let token = 'old';
    const url = await serve((req, res) => {
      if (req.headers.authorization === 'Bearer new') json(res, 200, { ok: true });
      else json(res, 401, { message: 'expired' });
    });
    let renewals = 0;
    const c = client(url, {
      auth: {
        apply: async (h) => {
          h.authorization = `Bearer ${token}`;
        },
        renew: async () => {
          renewals++;
          token = 'new';
          return true;
        },
      },
    });
    await expect(c.getJson('/x')).resolves.toEqual({ ok: true });
    token = 'broken';
    const c2 = client(url, {
      auth: {
        apply: async (h) => {
          h.authorization = `Bearer ${token}`;
        },
        renew: async () => {
          renewals++;
          return true;
        },
      },
    });
    await expect(c2.getJson('/x')).rejects.toMatchObject({ code: 'AUTH' });
    expect(renewals).toBe(2);
  });

  it('verifies TLS by default, trusts a per-account CA, and allows an explicit insecure switch', async () => {
    const certs = makeTestCertificates();
    const url = await serve((_q, res) => json(res, 200, { tls: true }), { cert: certs.certPem, key: certs.keyPem });
    await expect(client(url, { retries: 0 }).getJson('/')).rejects.toMatchObject({ code: 'TLS' });
    await expect(client(url, { tls: { caPem: certs.caPem, insecure: false } }).getJson('/')).resolves.toEqual({ tls: true });
    await expect(client(url, { tls: { insecure: true } }).getJson('/')).resolves.toEqual({ tls: true });
  });

  it('keeps secrets out of errors and log lines', async () => {
    const secret = 'hunter2-super-secret';
    const url = await serve((req, res) => json(res, 401, { message: `bad password ${secret}`, header: req.headers.authorization }));
    const redactor = new Redactor();
    redactor.addBasic('admin', secret);
    const lines: string[] = [];
    const c = client(
      url,
      {
        redactor,
        auth: {
          apply: async (h) => {
            h.authorization = `Basic ${Buffer.from(`admin:${secret}`).toString('base64')}`;
          },
        },
      },
      lines,
    );
    const err = await c.request({ method: 'GET', path: '/x', query: { token: secret } }).catch((e) => e);
    expect(err.code).toBe('AUTH');
    expect(err.message).not.toContain(secret);
    expect(err.message).toContain('***');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(secret);
    expect(lines.join('\n')).not.toContain(Buffer.from(`admin:${secret}`).toString('base64'));
  });

  it('bounds concurrency per client', async () => {
    let active = 0;
    let peak = 0;
    const url = await serve((_q, res) => {
      active++;
      peak = Math.max(peak, active);
      setTimeout(() => {
        active--;
        json(res, 200, {});
      }, 20);
    });
    const c = client(url, { maxConcurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, () => c.getJson('/')));
    expect(peak).toBe(3);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
    const inFive = new Date(Date.now() + 5000).toUTCString();
    expect(retryAfterMs(inFive)).toBeGreaterThan(3000);
  });
});
