import { shallowRef, type ShallowRef } from 'vue';
import { toApiError, type ApiError } from '../api/client';

export interface PageResult<T> {
  total: number;
  rows: T[];
  asOf: string | null;
  stale: boolean;
  partial?: boolean;
}

export type PageFetcher<T> = (offset: number, limit: number) => Promise<PageResult<T>>;

export type RowModelPhase = 'loading' | 'ready' | 'error';

/**
 * An infinite row model: the list's length is the query's `total`, and rows are fetched a page at a time
 * as the visible range asks for them. Pages live in a sparse cache keyed by page index; pages far from
 * the view are evicted, so the renderer never holds the whole fleet.
 */
export interface RowModel<T> {
  readonly total: ShallowRef<number>;
  readonly phase: ShallowRef<RowModelPhase>;
  readonly error: ShallowRef<ApiError | null>;
  readonly asOf: ShallowRef<string | null>;
  readonly stale: ShallowRef<boolean>;
  /** Rows of a first sync that has not completed are in the answer. */
  readonly partial: ShallowRef<boolean>;
  /** Bumped whenever cached rows change: read it (or rowAt) in a render to re-render on new rows. */
  readonly version: ShallowRef<number>;
  readonly pageSize: number;
  rowAt(index: number): T | undefined;
  /** Makes sure rows [start, end) are loaded or loading; remembers the range for reset/revalidate. */
  ensureRange(start: number, end: number): Promise<void>;
  /** Query changed: forget every row and load the first page again. */
  reset(): Promise<void>;
  /**
   * Query changed while typing: keep showing the old rows until the new first window lands, then swap
   * in one step. An answer to an older query is dropped (each call starts a new generation).
   */
  requery(): Promise<void>;
  /** Data changed (sync.changed): keep showing the rows, refetch the visible pages and the total. */
  revalidate(): Promise<void>;
  cachedPageCount(): number;
}

export interface RowModelOptions<T> {
  fetch: PageFetcher<T>;
  pageSize?: number;
  /** Pages kept in memory at most; the ones farthest from the visible range go first. */
  maxPages?: number;
}

export function createRowModel<T>(options: RowModelOptions<T>): RowModel<T> {
  const pageSize = options.pageSize ?? 100;
  const maxPages = Math.max(4, options.maxPages ?? 30);
  const total = shallowRef(0);
  const phase = shallowRef<RowModelPhase>('loading');
  const error = shallowRef<ApiError | null>(null);
  const asOf = shallowRef<string | null>(null);
  const stale = shallowRef(false);
  const partial = shallowRef(false);
  const version = shallowRef(0);

  const pages = new Map<number, T[]>();
  const inflight = new Map<number, Promise<void>>();
  let generation = 0;
  let hasLoaded = false;
  let range: [number, number] = [0, pageSize];

  const pagesOf = (start: number, end: number): number[] => {
    const first = Math.max(0, Math.floor(start / pageSize));
    const last = Math.max(first, Math.floor(Math.max(start, end - 1) / pageSize));
    const out: number[] = [];
    for (let p = first; p <= last; p++) out.push(p);
    return out;
  };

  const evict = () => {
    if (pages.size <= maxPages) return;
    const center = Math.floor((range[0] + range[1]) / 2 / pageSize);
    const byDistance = [...pages.keys()].sort((a, b) => Math.abs(b - center) - Math.abs(a - center));
    for (const page of byDistance) {
      if (pages.size <= maxPages) break;
      pages.delete(page);
    }
  };

  const loadPage = (page: number): Promise<void> => {
    const existing = inflight.get(page);
    if (existing) return existing;
    const gen = generation;
    const task = options
      .fetch(page * pageSize, pageSize)
      .then((result) => {
        if (gen !== generation) return;
        pages.set(page, result.rows);
        total.value = result.total;
        asOf.value = result.asOf;
        stale.value = result.stale;
        partial.value = result.partial === true;
        error.value = null;
        phase.value = 'ready';
        hasLoaded = true;
        evict();
        version.value++;
      })
      .catch((e: unknown) => {
        if (gen !== generation) return;
        error.value = toApiError(e);
        phase.value = 'error';
      })
      .finally(() => {
        if (inflight.get(page) === task) inflight.delete(page);
      });
    inflight.set(page, task);
    return task;
  };

  const ensureRange = async (start: number, end: number): Promise<void> => {
    range = [Math.max(0, start), Math.max(start, end)];
    const wanted = pagesOf(range[0], range[1]).filter(
      (p) => !pages.has(p) && (!hasLoaded || p * pageSize < Math.max(total.value, 1)),
    );
    await Promise.all(wanted.map(loadPage));
  };

  return {
    total,
    phase,
    error,
    asOf,
    stale,
    partial,
    version,
    pageSize,
    rowAt(index) {
      void version.value;
      return pages.get(Math.floor(index / pageSize))?.[index % pageSize];
    },
    ensureRange,
    async reset() {
      generation++;
      pages.clear();
      inflight.clear();
      hasLoaded = false;
      total.value = 0;
      error.value = null;
      phase.value = 'loading';
      version.value++;
      const length = Math.max(pageSize, range[1] - range[0]);
      await ensureRange(0, length);
    },
    async requery() {
      const gen = ++generation;
      inflight.clear();
      const length = Math.max(pageSize, range[1] - range[0]);
      const first = pagesOf(0, length);
      try {
        const results = await Promise.all(first.map((p) => options.fetch(p * pageSize, pageSize)));
        if (gen !== generation) return;
        pages.clear();
        hasLoaded = true;
        results.forEach((result, i) => {
          pages.set(first[i], result.rows);
          total.value = result.total;
          asOf.value = result.asOf;
          stale.value = result.stale;
          partial.value = result.partial === true;
        });
        range = [0, length];
        error.value = null;
        phase.value = 'ready';
        version.value++;
      } catch (e) {
        if (gen !== generation) return;
        error.value = toApiError(e);
        phase.value = 'error';
      }
    },
    async revalidate() {
      generation++;
      inflight.clear();
      const visible = new Set(pagesOf(range[0], range[1]));
      for (const page of [...pages.keys()]) if (!visible.has(page)) pages.delete(page);
      await Promise.all([...visible].map(loadPage));
    },
    cachedPageCount: () => pages.size,
  };
}
