import tls from 'node:tls';
import { Agent, EnvHttpProxyAgent, FormData, request, type Dispatcher } from 'undici';
import { HangarError, type ErrorCode } from '../../../../shared/errors';
import type { TlsOptions } from '../../../../shared/model';
import { Semaphore, sleep } from '../util/concurrency';
import type { Logger } from '../util/log';
import type { Redactor } from '../util/redact';
import { ItemConsumerError, JsonArrayError, readJsonArray } from './json-array-stream';

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: Method;
  /** Path relative to the base URL (joined, not resolved), or an absolute URL. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** JSON body. */
  json?: unknown;
  /** application/x-www-form-urlencoded body. */
  form?: Record<string, string>;
  /** multipart/form-data body. */
  multipart?: Record<string, string>;
  /** Retry on failure? Defaults to true for GET/HEAD/PUT/DELETE, false otherwise. */
  idempotent?: boolean;
  /** Skip the auth hook (login and token calls). */
  anonymous?: boolean;
  /** Statuses that are not errors for this call (besides 2xx). */
  okStatuses?: number[];
  timeoutMs?: number;
}

/** The answer's headers, looked up by name (case-insensitive); a `Headers` object fits. */
export interface ResponseHeaders {
  get(name: string): string | null;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: ResponseHeaders;
  contentType: string;
  /** Parsed JSON when the body is JSON, else the text. */
  body: T;
  text: string;
  url: string;
}

/** How a provider authenticates: set headers before each call, and renew once on 401. */
export interface AuthHook {
  apply(headers: Record<string, string>): Promise<void>;
  /** Called once after a 401; returns true when a retry may succeed (a new token was obtained). */
  renew?(): Promise<boolean>;
}

/** Turns an error response into a message (and optionally a code) in the API's own terms. */
export type ErrorReader = (res: HttpResponse) => { code?: ErrorCode; message?: string } | undefined;

export interface HttpClientOptions {
  baseUrl: string;
  redactor: Redactor;
  log: Logger;
  tls?: TlsOptions;
  timeoutMs?: number;
  maxConcurrency?: number;
  retries?: number;
  /** Base backoff; doubled per attempt with jitter. */
  backoffMs?: number;
  /** Largest Retry-After honoured; longer waits fail with RATE_LIMITED at once. */
  maxRetryAfterMs?: number;
  auth?: AuthHook;
  readError?: ErrorReader;
  userAgent?: string;
  /** Label for messages ("Skyport at http://…"). */
  label?: string;
}

/** Reads a 2xx JSON body as it arrives instead of buffering it (see streamJsonArray). */
interface BodyReader {
  read(body: AsyncIterable<Uint8Array>): Promise<void>;
  /** True once something was handed on: from then on a failure must not be retried. */
  started(): boolean;
}

/** Passes a body's chunks on, pushing the timeout back at each one (`Timeout.refresh()`: no new timer). */
async function* rearmEachChunk(body: AsyncIterable<Uint8Array>, timer: NodeJS.Timeout): AsyncIterable<Uint8Array> {
  for await (const chunk of body) {
    timer.refresh();
    yield chunk;
  }
}

const IDEMPOTENT: Method[] = ['GET', 'HEAD', 'PUT', 'DELETE'];
const RETRY_STATUSES = new Set([429, 502, 503, 504]);

/** One HTTP client per account: auth, timeouts, bounded concurrency, retries, TLS, proxy, redaction, error mapping. */
export class HttpClient {
  readonly baseUrl: string;
  private readonly dispatcher: Dispatcher;
  private readonly gate: Semaphore;
  private readonly o: Required<Pick<HttpClientOptions, 'timeoutMs' | 'retries' | 'backoffMs' | 'maxRetryAfterMs'>> &
    HttpClientOptions;

  constructor(options: HttpClientOptions) {
    this.o = { timeoutMs: 15_000, retries: 2, backoffMs: 250, maxRetryAfterMs: 30_000, ...options };
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.gate = new Semaphore(options.maxConcurrency ?? 6);
    const connect = {
      ca: options.tls?.caPem ? [...rootCertificates(), options.tls.caPem] : undefined,
      rejectUnauthorized: !options.tls?.insecure,
    };
    const hasProxy = ['HTTPS_PROXY', 'HTTP_PROXY', 'https_proxy', 'http_proxy'].some((k) => process.env[k]);
    this.dispatcher = hasProxy
      ? new EnvHttpProxyAgent({ connect, requestTls: connect, connections: 16 } as ConstructorParameters<typeof EnvHttpProxyAgent>[0])
      : new Agent({ connect, connections: 16, keepAliveTimeout: 10_000 });
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  url(path: string, query?: HttpRequest['query']): string {
    const url = new URL(/^https?:\/\//.test(path) ? path : this.baseUrl + (path.startsWith('/') ? path : `/${path}`));
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return url.toString();
  }

  /** Sends a request; a non-2xx answer (outside okStatuses) throws a HangarError with a shared code. */
  async request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    return this.exchange<T>(req);
  }

  /**
   * GET of a JSON list read as it arrives: each element goes to `onItem` and is let go, so a list of
   * 20,000 objects never sits in memory whole. An answer that is not a JSON list is BAD_RESPONSE;
   * errors thrown by `onItem` pass through as they are. Once elements were handed on, a dropped
   * connection is not retried (they would be handed on twice). Returns the number of elements.
   */
  async streamJsonArray(
    path: string,
    onItem: (item: unknown) => void,
    options: { query?: HttpRequest['query']; notJson?: (res: HttpResponse) => Error } = {},
  ): Promise<number> {
    let count: number | undefined;
    let started = false;
    const reader: BodyReader = {
      started: () => started,
      read: async (body) => {
        count = await readJsonArray(body, (item) => {
          started = true;
          onItem(item);
        });
      },
    };
    const res = await this.exchange({ method: 'GET', path, query: options.query }, reader);
    if (count !== undefined) return count;
    // Not read as a stream: a 2xx answer that is not JSON (an HTML page, say).
    throw options.notJson?.(res) ?? this.notJson(res, 'GET', path);
  }

  private async exchange<T>(req: HttpRequest, reader?: BodyReader): Promise<HttpResponse<T>> {
    const idempotent = req.idempotent ?? IDEMPOTENT.includes(req.method);
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      let res: HttpResponse;
      try {
        res = await this.gate.run(() => this.send(req, reader));
      } catch (e) {
        const err = e as HangarError;
        const retryable = err instanceof HangarError && (err.code === 'OFFLINE' || err.code === 'TIMEOUT') && !reader?.started();
        if (idempotent && attempt < this.o.retries && retryable) {
          await sleep(this.backoff(attempt));
          continue;
        }
        throw err;
      }
      if (res.status === 401 && !req.anonymous && !renewed && this.o.auth?.renew) {
        renewed = true;
        if (await this.o.auth.renew()) {
          attempt--;
          continue;
        }
      }
      if ((res.status >= 200 && res.status < 300) || req.okStatuses?.includes(res.status)) return res as HttpResponse<T>;
      if (idempotent && attempt < this.o.retries && RETRY_STATUSES.has(res.status)) {
        const wait = retryAfterMs(res.headers.get('retry-after')) ?? this.backoff(attempt);
        if (wait <= this.o.maxRetryAfterMs) {
          await sleep(wait);
          continue;
        }
      }
      throw this.toError(req, res);
    }
  }

  /** GET returning the parsed JSON body; an HTML or text answer is BAD_RESPONSE. */
  async getJson<T>(path: string, query?: HttpRequest['query']): Promise<T> {
    return this.expectJson<T>(await this.request({ method: 'GET', path, query }), 'GET', path);
  }

  expectJson<T>(res: HttpResponse, method: string, path: string): T {
    if (!isJson(res.contentType) || typeof res.body === 'string') throw this.notJson(res, method, path);
    return res.body as T;
  }

  private notJson(res: HttpResponse, method: string, path: string): HangarError {
    return new HangarError('BAD_RESPONSE', `${this.label()} answered ${method} ${path} with ${describeBody(res)} instead of JSON`, { status: res.status });
  }

  private async send(req: HttpRequest, reader?: BodyReader): Promise<HttpResponse> {
    const url = this.url(req.path, req.query);
    const headers: Record<string, string> = {
      accept: 'application/json, text/plain;q=0.5, */*;q=0.1',
      'user-agent': this.o.userAgent ?? 'Hangar',
      ...req.headers,
    };
    let body: string | FormData | undefined;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(req.form).toString();
    } else if (req.multipart) {
      const fd = new FormData();
      for (const [k, v] of Object.entries(req.multipart)) fd.append(k, v);
      body = fd;
    }
    if (!req.anonymous && this.o.auth) await this.o.auth.apply(headers);
    const timeoutMs = req.timeoutMs ?? this.o.timeoutMs;
    const started = Date.now();
    // A timer cleared on completion, not AbortSignal.timeout(): that one keeps every finished request's
    // signal (and what hung on it) alive until it fires — hundreds of MB over a 40,000-request sync.
    const controller = new AbortController();
    let timedOut = false;
    let streaming = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException('The request timed out', 'TimeoutError'));
    }, timeoutMs);
    try {
      // undici's request(), not fetch(): a third of the CPU per call, which is what bounds a
      // 40,000-request sync. It follows no redirects (a 3xx is an answer, as with redirect: 'manual').
      const r = await request(url, {
        method: req.method,
        headers,
        body,
        dispatcher: this.dispatcher,
        signal: controller.signal,
      });
      const status = r.statusCode;
      const responseHeaders = headerReader(r.headers);
      const contentType = responseHeaders.get('content-type') ?? '';
      const ok = status >= 200 && status < 300;
      if (reader && ok && isJson(contentType)) {
        // A long list that keeps arriving is a server that answers: while the body streams, the timeout is
        // the longest silence between two chunks, not the whole download (a 30 MB list read page by page
        // into the cache on a busy machine takes longer than 15 s and must not fail and back off for it).
        streaming = true;
        timer.refresh();
        await this.readStreamed(reader, rearmEachChunk(r.body, timer), req, url, status);
        this.logExchange(req, url, status, started, true);
        return { status, headers: responseHeaders, contentType, body: undefined, text: '', url };
      }
      const text = await r.body.text();
      let parsed: unknown = text;
      if (isJson(contentType) && text.length > 0) {
        try {
          parsed = JSON.parse(text);
        } catch {
          throw new HangarError('BAD_RESPONSE', `${this.label()} sent malformed JSON for ${req.method} ${this.safePath(url)}`, { status });
        }
      }
      this.logExchange(req, url, status, started, false);
      return { status, headers: responseHeaders, contentType, body: parsed, text, url };
    } catch (e) {
      controller.abort(); // a body left half-read must not hold the connection
      if (e instanceof ItemConsumerError) throw e.error;
      if (e instanceof HangarError) throw e;
      throw this.networkError(e, req, url, timeoutMs, timedOut, streaming);
    } finally {
      clearTimeout(timer);
    }
  }

  private async readStreamed(reader: BodyReader, body: AsyncIterable<Uint8Array>, req: HttpRequest, url: string, status: number): Promise<void> {
    try {
      await reader.read(body);
    } catch (e) {
      if (!(e instanceof JsonArrayError)) throw e;
      const what = e.reason === 'not-a-list' ? `JSON that is not a list (${e.message})` : `malformed JSON (${e.message})`;
      throw new HangarError('BAD_RESPONSE', `${this.label()} sent ${what} for ${req.method} ${this.safePath(url)}`, { status });
    }
  }

  private logExchange(req: HttpRequest, url: string, status: number, started: number, streamed: boolean): void {
    if (!this.o.log.enabled('debug')) return; // 40,000 calls a sync: no URL parsing for a dropped line
    this.o.log.debug('http', { method: req.method, url: this.safePath(url), status, ms: Date.now() - started, ...(streamed ? { streamed } : {}) });
  }

  private networkError(e: unknown, req: HttpRequest, url: string, timeoutMs: number, timedOut: boolean, streaming = false): HangarError {
    const err = e as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string; name?: string } };
    // undici's request() throws the system error itself; fetch() wrapped it in `cause`.
    const code = err.cause?.code ?? err.code ?? '';
    const where = `${req.method} ${this.safePath(url)}`;
    if (timedOut || err.name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
      const seconds = Math.round(timeoutMs / 1000);
      return new HangarError(
        'TIMEOUT',
        streaming ? `${this.label()} stopped sending the answer to ${where} for ${seconds} s` : `${this.label()} did not answer ${where} within ${seconds} s`,
      );
    }
    if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|HOSTNAME|SSL/i.test(code) || /certificate/i.test(err.cause?.message ?? err.message ?? '')) {
      return new HangarError(
        'TLS',
        `${this.label()}: the TLS certificate was not trusted (${code || 'verification failed'}). Add its CA bundle to the account, or — only if you accept the risk — mark the account insecure.`,
        { retryable: false },
      );
    }
    const reason = code || err.cause?.message || err.message || 'network error';
    return new HangarError('OFFLINE', this.o.redactor.redact(`${this.label()} could not be reached for ${where} (${reason})`));
  }

  private toError(req: HttpRequest, res: HttpResponse): HangarError {
    const read = this.o.readError?.(res) ?? {};
    const code = read.code ?? codeForStatus(res.status);
    const detail = read.message ?? defaultMessage(res);
    const message = this.o.redactor.redact(
      `${this.label()} refused ${req.method} ${this.safePath(res.url)}: ${res.status}${detail ? ` — ${detail}` : ''}`,
    );
    return new HangarError(code, message, { status: res.status });
  }

  private backoff(attempt: number): number {
    const base = this.o.backoffMs * 2 ** attempt;
    return base + Math.floor(Math.random() * base * 0.3);
  }

  private label(): string {
    return this.o.label ?? new URL(this.baseUrl).host;
  }

  /** The URL without its query (queries may carry secrets) and without credentials. */
  private safePath(url: string): string {
    const u = new URL(url);
    return this.o.redactor.redact(u.pathname);
  }
}

function headerReader(raw: Record<string, string | string[] | undefined>): ResponseHeaders {
  return {
    get: (name) => {
      const v = raw[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    },
  };
}

export function codeForStatus(status: number): ErrorCode {
  if (status === 400 || status === 422) return 'VALIDATION';
  if (status === 401) return 'AUTH';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404 || status === 410) return 'NOT_FOUND';
  if (status === 409 || status === 412) return 'CONFLICT';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 501) return 'UNSUPPORTED';
  if (status >= 500) return 'SERVER';
  return 'BAD_RESPONSE';
}

export function isJson(contentType: string): boolean {
  return /\bjson\b/i.test(contentType);
}

export function isHtml(res: Pick<HttpResponse, 'contentType' | 'text'>): boolean {
  return /text\/html/i.test(res.contentType) || /^\s*<(!doctype|html)/i.test(res.text);
}

/** A short, readable description of a non-JSON body. */
export function describeBody(res: Pick<HttpResponse, 'contentType' | 'text'>): string {
  if (isHtml(res)) {
    const title = /<title>([^<]{0,120})<\/title>/i.exec(res.text)?.[1]?.trim();
    return title ? `an HTML page ("${title}")` : 'an HTML page';
  }
  const t = res.text.trim();
  if (!t) return 'an empty body';
  return `text "${t.slice(0, 160)}${t.length > 160 ? '…' : ''}"`;
}

function defaultMessage(res: HttpResponse): string {
  const b = res.body as Record<string, unknown> | string;
  if (b && typeof b === 'object') {
    for (const key of ['message', 'error', 'detail', 'title']) {
      const v = b[key];
      if (typeof v === 'string' && v) return v;
    }
    return '';
  }
  return describeBody(res);
}

export function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function rootCertificates(): string[] {
  return tls.rootCertificates.slice();
}
