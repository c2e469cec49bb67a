/**
 * NIM pagination (seed 001): `page` (default 1), `pageSize` (default 100, scaled down to 100;
 * 0 = everything, capped at 10,000 with a warning) and `pageToken`, a snapshot of the result set
 * taken at the first request and reused while the client pages through it.
 */
export const MAX_PAGE_SIZE = 100;
export const MAX_UNPAGED = 10_000;
const MAX_SNAPSHOTS = 64;
const SNAPSHOT_TTL_MS = 10 * 60_000;

export interface PageRequest {
  page: number;
  /** 0 = pagination off. */
  pageSize: number;
  pageToken?: string;
  includeTotal: boolean;
}

export function parsePaging(query: URLSearchParams): PageRequest | string {
  const page = query.has('page') ? Number(query.get('page')) : 1;
  if (!Number.isInteger(page) || page < 1) return `page must be a positive integer (got "${query.get('page')}")`;
  let pageSize = query.has('pageSize') ? Number(query.get('pageSize')) : MAX_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 0) return `pageSize must be an integer from 0 to ${MAX_PAGE_SIZE} (got "${query.get('pageSize')}")`;
  if (pageSize > MAX_PAGE_SIZE) pageSize = MAX_PAGE_SIZE;
  const pageToken = query.get('pageToken') || undefined;
  return { page, pageSize, pageToken, includeTotal: query.get('includeTotal') === 'true' };
}

interface Snapshot {
  key: string;
  items: unknown[];
  at: number;
}

/** Result sets frozen per pageToken; the oldest are dropped past 64 or after 10 minutes. */
export class SnapshotStore {
  private readonly snaps = new Map<string, Snapshot>();
  private seq = 0;

  /** The frozen items for the token, or a fresh snapshot (and its new token) when none was given. */
  take<T>(key: string, token: string | undefined, produce: () => T[], now = Date.now()): { items: T[]; token: string } | string {
    for (const [t, s] of this.snaps) if (now - s.at > SNAPSHOT_TTL_MS) this.snaps.delete(t);
    if (token) {
      const s = this.snaps.get(token);
      if (!s) return `pageToken "${token}" is unknown or expired; send the request without pageToken for a fresh result set`;
      if (s.key !== key) return `pageToken "${token}" belongs to another query`;
      return { items: s.items as T[], token };
    }
    const items = produce();
    const fresh = `${Math.floor(now / 1000)}${String(++this.seq).padStart(4, '0')}`;
    this.snaps.set(fresh, { key, items, at: now });
    while (this.snaps.size > MAX_SNAPSHOTS) this.snaps.delete(this.snaps.keys().next().value!);
    return { items, token: fresh };
  }
}

export interface PageMetadata {
  pagination: {
    links: { next: { href?: string }; prev: { href?: string } };
    pageToken: string;
    page: number;
    pageSize: number;
    totalPages: number;
  };
  total?: number;
  warning?: string;
}

/** One page of a frozen result set plus NIM's `Metadata` (capital M). */
export function pageOf<T>(all: T[], req: PageRequest, token: string, path: string): { items: T[]; meta: PageMetadata } {
  let items: T[];
  let totalPages: number;
  let warning: string | undefined;
  if (req.pageSize === 0) {
    items = all.slice(0, MAX_UNPAGED);
    totalPages = 1;
    if (all.length > MAX_UNPAGED) {
      warning = `The result has ${all.length} items; only the first ${MAX_UNPAGED} are returned. Use page and pageSize to read all of them.`;
    }
  } else {
    const start = (req.page - 1) * req.pageSize;
    items = all.slice(start, start + req.pageSize);
    totalPages = Math.max(1, Math.ceil(all.length / req.pageSize));
  }
  const href = (page: number) => `${path}?page=${page}&pageSize=${req.pageSize}&pageToken=${token}`;
  const meta: PageMetadata = {
    pagination: {
      links: {
        next: req.pageSize > 0 && req.page < totalPages ? { href: href(req.page + 1) } : {},
        prev: req.pageSize > 0 && req.page > 1 ? { href: href(req.page - 1) } : {},
      },
      pageToken: token,
      page: req.page,
      pageSize: req.pageSize,
      totalPages,
    },
  };
  if (warning) meta.warning = warning;
  return { items, meta };
}
