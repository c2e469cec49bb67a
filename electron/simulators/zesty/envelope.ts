import { json, type SimReply, type SimRequest } from '../kit/server';

/** `_meta` as the Zesty APIs send it next to `data`. */
export interface ZestyMeta {
  timestamp: string;
  totalResults: number;
  start: number;
  offset: number;
  limit: number;
}

export function meta(totalResults: number, start = 0, limit = totalResults): ZestyMeta {
  return { timestamp: new Date().toISOString(), totalResults, start, offset: start, limit };
}

/** One object: `{ _meta, data }`. */
export function one(data: unknown, status = 200): SimReply {
  return json(status, { _meta: meta(1), data });
}

/** A list: `{ _meta: { totalResults: data.length, … }, data: [...] }`. */
export function many(items: unknown[], start = 0, limit = items.length): SimReply {
  return json(200, { _meta: meta(items.length, start, limit), data: items });
}

/** DELETE answers 200 with a body counting what was removed (never 204). */
export function deleted(zuid: string): SimReply {
  return json(200, { _meta: meta(1), data: { ZUID: zuid }, message: `Deleted ${zuid}` });
}

/** The documented not-found shape: 404, empty `data` object, "No Results Found for ZUID: …". */
export function noResults(zuid: string): SimReply {
  return json(404, { _meta: meta(0), data: {}, message: `No Results Found for ZUID: ${zuid}` });
}

export function failure(status: number, message: string): SimReply {
  return json(status, { _meta: meta(0), data: {}, message });
}

export type BodyResult = { ok: true; body: Record<string, unknown> } | { ok: false; reply: SimReply };

/** The JSON object body of a write, or the 400 to answer instead. */
export function objectBody(req: SimRequest): BodyResult {
  if (req.bodyError) return { ok: false, reply: failure(400, `Malformed JSON body: ${req.bodyError}`) };
  if (!/json/i.test(String(req.headers['content-type'] ?? ''))) {
    return { ok: false, reply: failure(400, 'Expected a JSON body (Content-Type: application/json)') };
  }
  const b = req.body;
  if (!b || typeof b !== 'object' || Array.isArray(b)) return { ok: false, reply: failure(400, 'Expected a JSON object body') };
  return { ok: true, body: b as Record<string, unknown> };
}

/** A non-empty string field of a body, or undefined. */
export function str(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}
