import type { ErrorCode } from '../../../../../shared/errors';
import { isJson, type HttpResponse } from '../../http/client';

/**
 * The panel answers errors in three ways (apis.md §3.6 Q6): `{error, details?}` JSON from its API routes,
 * a bare sentence that Express labels text/html (suspend routes, the rate limiter, node delete), and real
 * HTML pages (Express' "Cannot POST /x", the panel's 404 view). Each becomes one readable line.
 */
export function readSkyportError(res: HttpResponse): { code?: ErrorCode; message?: string } | undefined {
  const message = messageOf(res);
  if (res.status === 429) {
    return {
      code: 'RATE_LIMITED',
      message: `${message ?? 'Too many requests'} (the panel accepts 6 POST requests per 6 seconds; wait a few seconds)`,
    };
  }
  if (res.status === 401) {
    return { code: 'AUTH', message: `the API key was refused${message ? ` (${message})` : ''}` };
  }
  return message ? { message } : undefined;
}

/** The one-line message of any panel answer: JSON `error`/`message` (+ `details`), a plain sentence, or an HTML page's gist. */
export function messageOf(res: Pick<HttpResponse, 'body' | 'text' | 'contentType'>): string | undefined {
  const b = res.body;
  if (b && typeof b === 'object' && !Array.isArray(b)) {
    const o = b as Record<string, unknown>;
    const main = [o.error, o.message, o.Message].find((v): v is string => typeof v === 'string' && v.length > 0);
    const details = detailsText(o.details);
    if (main) return clip(details && details !== main ? `${main}: ${details}` : main);
    return undefined;
  }
  if (isJson(res.contentType) && typeof b !== 'string') return undefined;
  return textGist(res.text);
}

/** A plain sentence stays as it is; an HTML page gives its <pre>, else its title and heading, else its text. */
export function textGist(text: string): string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (!/<[a-z!/][^>]*>/i.test(t)) return clip(t);
  const pre = /<pre[^>]*>([\s\S]*?)<\/pre>/i.exec(t)?.[1];
  if (pre) return clip(plain(pre.split(/<br\s*\/?>/i)[0]));
  const title = plain(/<title[^>]*>([\s\S]*?)<\/title>/i.exec(t)?.[1] ?? '');
  const h1 = plain(/<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(t)?.[1] ?? '');
  const head = [title, h1 && !title.includes(h1) ? h1 : ''].filter(Boolean).join(' — ');
  if (head) return clip(`an HTML page ("${head}")`);
  const body = plain(t.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ''));
  return body ? clip(body) : 'an HTML page';
}

function detailsText(details: unknown): string | undefined {
  if (typeof details === 'string') return details || undefined;
  if (details && typeof details === 'object') {
    const m = (details as Record<string, unknown>).message ?? (details as Record<string, unknown>).error;
    if (typeof m === 'string') return m;
    try {
      return JSON.stringify(details);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function plain(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

function clip(s: string, max = 200): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
