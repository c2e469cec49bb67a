import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../../electron/main/core/http/client';
import { readJsonArray } from '../../../electron/main/core/http/json-array-stream';
import { createLogger } from '../../../electron/main/core/util/log';
import { Redactor } from '../../../electron/main/core/util/redact';
import { HangarError } from '../../../shared/errors';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A server answering each request with the next handler (the last one repeats). */
function serve(...handlers: ((res: http.ServerResponse) => void)[]): Promise<{ client: HttpClient; hits: () => number }> {
  return serveWith({}, ...handlers);
}

async function serveWith(
  options: { retries?: number; timeoutMs?: number },
  ...handlers: ((res: http.ServerResponse) => void)[]
): Promise<{ client: HttpClient; hits: () => number }> {
  let hits = 0;
  const server = http.createServer((_req, res) => handlers[Math.min(hits++, handlers.length - 1)](res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const redactor = new Redactor();
  const client = new HttpClient({
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    redactor,
    log: createLogger({ sink: () => undefined, redactor }),
    backoffMs: 1,
    label: 'Test API',
    ...options,
  });
  closers.push(async () => {
    await client.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  return { client, hits: () => hits };
}

/** Writes `chunks` with a pause between them, so the client really receives them apart. */
function chunked(chunks: (string | Buffer)[], status = 200, type = 'application/json') {
  return (res: http.ServerResponse) => {
    res.writeHead(status, { 'content-type': type });
    let i = 0;
    const next = () => {
      if (i === chunks.length) return res.end();
      res.write(chunks[i++]);
      setTimeout(next, 5);
    };
    next();
  };
}

/** A client with a short timeout and no retry, on a server answering every request with `handler`. */
async function serveWithTimeout(timeoutMs: number, handler: (res: http.ServerResponse) => void): Promise<HttpClient> {
  return (await serveWith({ retries: 0, timeoutMs }, handler)).client;
}

async function* bytes(...parts: (string | Buffer)[]) {
  for (const p of parts) yield typeof p === 'string' ? Buffer.from(p) : p;
}

async function caught(p: Promise<unknown>): Promise<HangarError> {
  try {
    await p;
  } catch (e) {
    return e as HangarError;
  }
  throw new Error('expected a rejection');
}

describe('readJsonArray', () => {
  it('hands on each element, whatever the chunk boundaries (inside strings, escapes and multi-byte characters)', async () => {
    const doc = Buffer.from(JSON.stringify([{ name: 'zürich "quoted"', n: 1.5e3 }, [1, 2], 'plain', null, { deep: { a: [true] } }]));
    const cut = [3, 9, 12, 13, 30, doc.length - 1]; // 12/13 split the two bytes of "ü"
    const parts = cut.map((end, i) => doc.subarray(i === 0 ? 0 : cut[i - 1], end)).concat(doc.subarray(cut.at(-1)));
    const seen: unknown[] = [];
    expect(await readJsonArray(bytes(...parts), (v) => seen.push(v))).toBe(5);
    expect(seen).toEqual(JSON.parse(doc.toString()));
  });

  it('accepts a BOM and leading whitespace, and an empty list', async () => {
    const seen: unknown[] = [];
    expect(await readJsonArray(bytes(Buffer.from([0xef, 0xbb, 0xbf]), ' \n ', '[', ']'), (v) => seen.push(v))).toBe(0);
    expect(await readJsonArray(bytes('\t[{"a":1}]\n'), (v) => seen.push(v))).toBe(1);
    expect(seen).toEqual([{ a: 1 }]);
  });

  it.each([
    ['an object', '{"items":[1,2]}', 'not-a-list'],
    ['a bare string', '"x"', 'not-a-list'],
    ['nothing', '', 'not-a-list'],
    ['a list cut short', '[{"a":1},{"a":', 'malformed'],
    ['a list missing its bracket', '[1,2', 'malformed'],
    ['garbage inside', '[1,}', 'malformed'],
    ['data after the list', '[1] [2]', 'malformed'],
  ])('rejects %s', async (_what, text, reason) => {
    await expect(readJsonArray(bytes(text), () => undefined)).rejects.toMatchObject({ name: 'JsonArrayError', reason });
  });
});

describe('HttpClient.streamJsonArray', () => {
  it('streams a long list element by element', async () => {
    const items = Array.from({ length: 3000 }, (_, i) => ({ id: `i-${i}`, pad: 'x'.repeat(100) }));
    const text = JSON.stringify(items);
    const { client } = await serve(chunked([text.slice(0, 1000), text.slice(1000, 200_000), text.slice(200_000)]));
    const ids: string[] = [];
    expect(await client.streamJsonArray('/list', (v) => ids.push((v as { id: string }).id))).toBe(3000);
    expect(ids).toEqual(items.map((i) => i.id));
  });

  it('makes a non-list, an HTML page or malformed JSON a BAD_RESPONSE naming the call', async () => {
    for (const body of ['{"error":"no"}', '[{"a":1},']) {
      const { client } = await serve(chunked([body]));
      const e = await caught(client.streamJsonArray('/list', () => undefined));
      expect(e).toBeInstanceOf(HangarError);
      expect(e.code).toBe('BAD_RESPONSE');
      expect(e.message).toContain('Test API sent');
      expect(e.message).toContain('GET /list');
    }
    const { client } = await serve(chunked(['<html>404</html>'], 200, 'text/html'));
    const e = await caught(client.streamJsonArray('/list', () => undefined));
    expect(e).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringContaining('instead of JSON') });
    const hinted = await caught(client.streamJsonArray('/list', () => undefined, { notJson: () => new HangarError('BAD_RESPONSE', 'not a panel') }));
    expect(hinted.message).toBe('not a panel');
  });

  it("passes the consumer's own error through untouched and stops reading", async () => {
    const { client } = await serve(chunked(['[1,2,', '3,4]']));
    const mine = new Error('disk full');
    let seen = 0;
    const e = await caught(
      client.streamJsonArray('/list', () => {
        if (++seen === 2) throw mine;
      }),
    );
    expect(e).toBe(mine);
    expect(seen).toBe(2);
  });

  it('retries a failure before any element, but not once elements were handed on', async () => {
    const unavailable = (res: http.ServerResponse) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{}');
    };
    const ok = await serve(unavailable, chunked(['[1,2]']));
    const got: unknown[] = [];
    expect(await ok.client.streamJsonArray('/list', (v) => got.push(v))).toBe(2);
    expect(ok.hits()).toBe(2);
    expect(got).toEqual([1, 2]);

    // The connection drops in the middle of the list: the two elements already handed on are not handed on again.
    const dropping = (res: http.ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[1,2,');
      setTimeout(() => res.destroy(), 20);
    };
    const cut = await serve(dropping, chunked(['[1,2,3]']));
    const seen: unknown[] = [];
    const e = await caught(cut.client.streamJsonArray('/list', (v) => seen.push(v)));
    expect(e.code).toBe('OFFLINE');
    expect(cut.hits()).toBe(1);
    expect(seen).toEqual([1, 2]);
  });

  it('limits the server’s silence, not the whole answer: a long list that keeps coming is read to its end', async () => {
    // 16 chunks 40 ms apart (0.6 s in all) against a 250 ms limit: the old whole-request deadline cut it off
    // (Skyport's unpaged 20,000 instances at 100k: TIMEOUT after 15 s with 2,500 staged).
    const parts = Array.from({ length: 16 }, (_, i) => `${i === 0 ? '[' : ','}${i}`);
    const client = await serveWithTimeout(250, (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      let i = 0;
      const next = () => {
        if (i === parts.length) return res.end(']');
        res.write(parts[i++]);
        setTimeout(next, 40);
      };
      next();
    });
    const got: unknown[] = [];
    expect(await client.streamJsonArray('/list', (v) => got.push(v))).toBe(16);
    expect(got).toEqual(Array.from({ length: 16 }, (_, i) => i));
  });

  it('the reader’s own work between chunks does not count; a server that stops sending is a TIMEOUT naming the stall', async () => {
    const client = await serveWithTimeout(200, (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[1,2,');
      setTimeout(() => res.write('3,'), 20);
      // Then silence, far longer than the limit.
    });
    const got: unknown[] = [];
    const started = Date.now();
    const e = await caught(
      client.streamJsonArray('/list', (v) => {
        got.push(v);
        // Staging work on the first element: longer than the limit, spent by the reader, not the server.
        if (v === 1) {
          const until = Date.now() + 300;
          while (Date.now() < until);
        }
      }),
    );
    expect(e).toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('Test API stopped sending GET /list for') });
    expect(got).toEqual([1, 2, 3]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });
});
