import { HangarError } from '../../../../../shared/errors';
import type { HttpClient } from '../../http/client';
import { mapLimit } from '../../util/concurrency';

const PAGE_SIZE = 100;
/** Pages fetched at once after the first (the HTTP client bounds the account's concurrency again). */
const PAGE_CONCURRENCY = 4;
const MAX_PAGES = 5_000;

interface Page {
  count?: unknown;
  items?: unknown;
  Metadata?: { total?: unknown; pagination?: { pageToken?: unknown; totalPages?: unknown } };
}

/**
 * Every item of a paginated NIM list: page 1 gives the total and a pageToken (a server-side
 * snapshot), the other pages are fetched with that token and bounded concurrency.
 */
export async function fetchAllPages(http: HttpClient, path: string, query: Record<string, string> = {}): Promise<unknown[]> {
  const read = async (page: number, pageToken?: string): Promise<unknown[] & { meta?: Page }> => {
    const body = await http.getJson<Page>(path, { ...query, page, pageSize: PAGE_SIZE, pageToken });
    if (!body || typeof body !== 'object' || !Array.isArray(body.items)) {
      throw new HangarError('BAD_RESPONSE', `NGINX Instance Manager answered ${path} without an items list`);
    }
    return Object.assign(body.items.slice(), { meta: body });
  };
  const first = await read(1);
  const meta = first.meta!;
  const token = typeof meta.Metadata?.pagination?.pageToken === 'string' ? meta.Metadata.pagination.pageToken : undefined;
  const total = [meta.count, meta.Metadata?.total].find((n): n is number => typeof n === 'number' && n >= 0);
  const pagesFromMeta = meta.Metadata?.pagination?.totalPages;
  const totalPages =
    typeof pagesFromMeta === 'number' ? pagesFromMeta : total !== undefined ? Math.ceil(total / PAGE_SIZE) : undefined;
  const items: unknown[] = [...first];
  if (totalPages !== undefined) {
    if (totalPages > MAX_PAGES) throw new HangarError('BAD_RESPONSE', `NGINX Instance Manager reports ${totalPages} pages for ${path}; refusing to read more than ${MAX_PAGES}`);
    const rest = await mapLimit(
      Array.from({ length: Math.max(0, totalPages - 1) }, (_, i) => i + 2),
      PAGE_CONCURRENCY,
      (page) => read(page, token),
    );
    for (const r of rest) items.push(...r);
    return items;
  }
  // No total reported: read on until a short page.
  let last = first.length;
  for (let page = 2; last === PAGE_SIZE && page <= MAX_PAGES; page++) {
    const next = await read(page, token);
    items.push(...next);
    last = next.length;
  }
  return items;
}
