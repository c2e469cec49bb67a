import { describe, expect, it } from 'vitest';
import { collectPages, drainInPages, MappedPages, PageBuffer } from '../../../electron/main/core/providers/paging';

describe('paging helpers', () => {
  it('PageBuffer hands on full pages as they fill, and the rest on flush', () => {
    const pages: number[][] = [];
    const buffer = new PageBuffer<number>((p) => pages.push(p), 3);
    for (let i = 1; i <= 7; i++) buffer.push(i);
    expect(pages).toEqual([[1, 2, 3], [4, 5, 6]]);
    buffer.flush();
    buffer.flush();
    expect(pages).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('MappedPages skips what the mapping rejects and counts it', () => {
    const pages: string[][] = [];
    const mapped = new MappedPages<number | null, string>((n) => (n === null ? undefined : `#${n}`), (p) => pages.push(p), 2);
    for (const raw of [1, null, 2, 3, null]) mapped.push(raw);
    expect(mapped.finish()).toBe(2);
    expect(pages).toEqual([['#1', '#2'], ['#3']]);
  });

  it('drainInPages lets go of each raw object once mapped', () => {
    const list: ({ id: number } | undefined)[] = [{ id: 1 }, { id: 2 }, { id: 3 }];
    const seen: number[] = [];
    const stillHeld: number[] = [];
    const skipped = drainInPages(list, (r) => (r!.id === 2 ? undefined : r!.id), (p) => {
      seen.push(...p);
      // When a page is handed on, the raw object behind it is no longer in the list.
      stillHeld.push(list.filter((r) => r && p.includes(r.id)).length);
    }, 1);
    expect(stillHeld).toEqual([0, 0]);
    expect(skipped).toBe(1);
    expect(seen).toEqual([1, 3]);
    expect(list).toEqual([undefined, undefined, undefined]);
  });

  it('collectPages gathers every page in order', async () => {
    const all = await collectPages<number>(async (onPage) => {
      onPage([1, 2]);
      await Promise.resolve();
      onPage([3]);
    });
    expect(all).toEqual([1, 2, 3]);
  });
});
