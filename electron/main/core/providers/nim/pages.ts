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
 * Every page of a paginated NIM list, handed to `onItems` as it arrives: page 1 gives the total and a
 * pageToken (a server-side snapshot), the other pages are fetched with that token and bounded concurrency.
 */
export async function forEachPage(http: HttpClient, path: string, onItems: (items: unknown[]) => void, query: Record<string, string> = {}): Promise<void> {
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
  if (totalPages !== undefined && totalPages > MAX_PAGES) {
    throw new HangarError('BAD_RESPONSE', `NGINX Instance Manager reports ${totalPages} pages for ${path}; refusing to read more than ${MAX_PAGES}`);
  }
  onItems(first);
  if (totalPages !== undefined) {
    await mapLimit(
      Array.from({ length: Math.max(0, totalPages - 1) }, (_, i) => i + 2),
      PAGE_CONCURRENCY,
      async (page) => onItems(await read(page, token)),
    );
    return;
  }
  // No total reported: read on until a short page.
  let last = first.length;
  for (let page = 2; last === PAGE_SIZE && page <= MAX_PAGES; page++) {
    const next = await read(page, token);
    onItems(next);
    last = next.length;
  }
}
