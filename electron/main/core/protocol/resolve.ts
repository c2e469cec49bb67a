import fs from 'node:fs/promises';
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-url';
import { CSP_HEADER } from './csp';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export interface AppResponse {
  status: 200 | 404 | 405;
  headers: Record<string, string>;
  /** The file's bytes (200), a short text (404/405), nothing for HEAD. */
  body: Buffer;
  /** The file served (200 only). */
  file?: string;
}

const BASE_HEADERS = {
  'content-security-policy': CSP_HEADER,
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-cache',
};

/**
 * The build names every file under assets/ by its content's hash (index-BXdsi9I5.js): such a file never
 * changes under its name, so it may be kept and its compiled code reused; index.html (which names them) is
 * asked for again each time.
 */
const HASHED_ASSET = /^assets\/[^/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';

function refuse(status: 404 | 405, text: string): AppResponse {
  return { status, headers: { ...BASE_HEADERS, 'content-type': 'text/plain; charset=utf-8' }, body: Buffer.from(text) };
}

/**
 * The file under `root` an app:// URL names, or null. Anything that is not `app://hangar/<path>` (other
 * schemes and hosts, credentials, a port) is null, and so is any path that would leave `root`: `..` and
 * `.` segments however they are encoded (once or twice), encoded slashes or backslashes, NUL, undecodable
 * escapes. `/` is index.html.
 */
export function appFileFor(url: string, root: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.hostname !== APP_HOST || u.port || u.username || u.password) return null;
  const raw = u.pathname === '/' || u.pathname === '' ? '/index.html' : u.pathname;
  const segments: string[] = [];
  for (const encoded of raw.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return null;
    }
    // A segment that still decodes to something path-like was encoded twice to slip past one decoding.
    let twice = segment;
    try {
      twice = decodeURIComponent(segment);
    } catch {
      /* not an escape: fine */
    }
    for (const s of [segment, twice]) {
      if (s === '' || s === '.' || s === '..' || /[/\\\0]/.test(s)) return null;
    }
    segments.push(segment);
  }
  const base = path.resolve(root);
  const file = path.resolve(base, ...segments);
  return file.startsWith(base + path.sep) ? file : null;
}

/** Answers an app:// request from the built renderer in `root`: the file with its type and the CSP, or 404. */
export async function resolveAppRequest(url: string, root: string, method = 'GET'): Promise<AppResponse> {
  if (method !== 'GET' && method !== 'HEAD') return refuse(405, 'method not allowed');
  const file = appFileFor(url, root);
  if (!file) return refuse(404, 'not found');
  try {
    // Through symlinks too, the file must still be inside the root.
    const [real, realRoot] = await Promise.all([fs.realpath(file), fs.realpath(root)]);
    if (!real.startsWith(realRoot + path.sep)) return refuse(404, 'not found');
    const stat = await fs.stat(real);
    if (!stat.isFile()) return refuse(404, 'not found');
    const body = method === 'HEAD' ? Buffer.alloc(0) : await fs.readFile(real);
    return {
      status: 200,
      headers: {
        ...BASE_HEADERS,
        'content-type': TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream',
        'content-length': String(stat.size),
        ...(HASHED_ASSET.test(path.relative(realRoot, real).split(path.sep).join('/')) ? { 'cache-control': IMMUTABLE } : {}),
      },
      body,
      file: real,
    };
  } catch {
    return refuse(404, 'not found');
  }
}
