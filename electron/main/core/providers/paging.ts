/** Receives one page of a listing; a sync stages it in the cache and lets it go. */
export type PageSink<T> = (page: T[]) => void;

/** Objects handed on at once when an API answers one at a time or all at once. */
export const PAGE_SIZE = 500;

/** Gathers objects that arrive one by one into pages of `size`; `flush` hands on the rest. */
export class PageBuffer<T> {
  private page: T[] = [];

  constructor(
    private readonly onPage: PageSink<T>,
    private readonly size = PAGE_SIZE,
  ) {}

  push(item: T): void {
    this.page.push(item);
    if (this.page.length >= this.size) this.flush();
  }

  flush(): void {
    if (this.page.length === 0) return;
    const page = this.page;
    this.page = [];
    this.onPage(page);
  }
}

/** Pages of mapped objects: `map` turns each raw object into an item, or undefined to skip it (counted). */
export class MappedPages<R, T> {
  private readonly pages: PageBuffer<T>;
  private skipped = 0;

  constructor(
    private readonly map: (raw: R) => T | undefined,
    onPage: PageSink<T>,
    size = PAGE_SIZE,
  ) {
    this.pages = new PageBuffer(onPage, size);
  }

  push(raw: R): void {
    const item = this.map(raw);
    if (item === undefined) this.skipped++;
    else this.pages.push(item);
  }

  /** Hands on the last page; returns how many raw objects were skipped. */
  finish(): number {
    this.pages.flush();
    return this.skipped;
  }
}

/**
 * Maps a whole-list answer to pages, letting go of each raw object once it is mapped (so the
 * parsed answer shrinks while the pages are staged). Returns how many were skipped.
 */
export function drainInPages<R, T>(list: R[], map: (raw: R) => T | undefined, onPage: PageSink<T>, size = PAGE_SIZE): number {
  const pages = new MappedPages(map, onPage, size);
  for (let i = 0; i < list.length; i++) {
    const raw = list[i];
    (list as unknown[])[i] = undefined;
    pages.push(raw);
  }
  return pages.finish();
}

/** Every page of a paged listing, gathered into one list (for callers that want it whole). */
export async function collectPages<T>(each: (onPage: PageSink<T>) => Promise<void>): Promise<T[]> {
  const all: T[] = [];
  await each((page) => {
    for (const item of page) all.push(item);
  });
  return all;
}
