import { describe, expect, it } from 'vitest';
import { ApiError } from '../../renderer/src/api/client';
import { createRowModel, type PageResult } from '../../renderer/src/lib/rowModel';

/** A list of `size` rows served by window, recording what was asked. */
function source(size: number) {
  const calls: { offset: number; limit: number }[] = [];
  let rows = Array.from({ length: size }, (_, i) => `row-${i}`);
  const gates: (() => void)[] = [];
  let hold = false;
  return {
    calls,
    setRows(next: string[]) {
      rows = next;
    },
    hold(on: boolean) {
      hold = on;
      if (!on) gates.splice(0).forEach((g) => g());
    },
    fetch: async (offset: number, limit: number): Promise<PageResult<string>> => {
      calls.push({ offset, limit });
      if (hold) await new Promise<void>((resolve) => gates.push(resolve));
      return { total: rows.length, rows: rows.slice(offset, offset + limit), asOf: null, stale: false };
    },
  };
}

describe('infinite row model', () => {
  it('fetches only the pages of the visible range, once', async () => {
    const src = source(20_000);
    const model = createRowModel({ fetch: src.fetch, pageSize: 100 });
    await model.ensureRange(0, 40);
    expect(model.total.value).toBe(20_000);
    expect(model.rowAt(39)).toBe('row-39');
    await model.ensureRange(19_960, 20_000);
    await model.ensureRange(19_960, 20_000);
    expect(model.rowAt(19_999)).toBe('row-19999');
    expect(model.rowAt(5_000)).toBeUndefined();
    expect(src.calls).toEqual([
      { offset: 0, limit: 100 },
      { offset: 19_900, limit: 100 },
    ]);
  });

  it('shares a page that is already in flight', async () => {
    const src = source(500);
    const model = createRowModel({ fetch: src.fetch, pageSize: 100 });
    src.hold(true);
    const a = model.ensureRange(0, 10);
    const b = model.ensureRange(5, 50);
    src.hold(false);
    await Promise.all([a, b]);
    expect(src.calls).toHaveLength(1);
  });

  it('evicts pages far from the view', async () => {
    const src = source(10_000);
    const model = createRowModel({ fetch: src.fetch, pageSize: 100, maxPages: 5 });
    for (let start = 0; start < 2_000; start += 100) await model.ensureRange(start, start + 50);
    expect(model.cachedPageCount()).toBeLessThanOrEqual(5);
    expect(model.rowAt(1_950)).toBe('row-1950');
    expect(model.rowAt(0)).toBeUndefined();
  });

  it('reset forgets rows and ignores answers to the old query', async () => {
    const src = source(300);
    const model = createRowModel({ fetch: src.fetch, pageSize: 100 });
    src.hold(true);
    const old = model.ensureRange(0, 10);
    src.setRows(['only']);
    const fresh = model.reset();
    src.hold(false);
    await Promise.all([old, fresh]);
    expect(model.total.value).toBe(1);
    expect(model.rowAt(0)).toBe('only');
  });

  it('revalidate keeps rows on screen and refetches the visible pages only', async () => {
    const src = source(1_000);
    const model = createRowModel({ fetch: src.fetch, pageSize: 100 });
    await model.ensureRange(0, 10);
    await model.ensureRange(500, 510);
    src.calls.length = 0;
    src.setRows(Array.from({ length: 1_200 }, (_, i) => `new-${i}`));
    src.hold(true);
    const pending = model.revalidate();
    expect(model.rowAt(505)).toBe('row-505');
    src.hold(false);
    await pending;
    expect(model.rowAt(505)).toBe('new-505');
    expect(model.total.value).toBe(1_200);
    expect(src.calls).toEqual([{ offset: 500, limit: 100 }]);
  });

  it('reports a failed fetch as an ApiError and recovers on the next one', async () => {
    let fail = true;
    const model = createRowModel<string>({
      pageSize: 10,
      fetch: async () => {
        if (fail) throw new ApiError({ code: 'OFFLINE', message: 'down' });
        return { total: 1, rows: ['x'], asOf: '2026-01-01T00:00:00Z', stale: true };
      },
    });
    await model.ensureRange(0, 5);
    expect(model.phase.value).toBe('error');
    expect(model.error.value?.code).toBe('OFFLINE');
    fail = false;
    await model.reset();
    expect(model.phase.value).toBe('ready');
    expect(model.stale.value).toBe(true);
    expect(model.rowAt(0)).toBe('x');
  });

  it('requery keeps the old rows until the new window lands and drops the answer of an older query', async () => {
    let answers: Record<string, string[]> = { '': ['a', 'b', 'c'] };
    let term = '';
    const gates = new Map<string, () => void>();
    const model = createRowModel<string>({
      pageSize: 100,
      fetch: async (offset, limit) => {
        const asked = term;
        if (asked !== '') await new Promise<void>((r) => gates.set(asked, r));
        const rows = answers[asked] ?? [];
        return { total: rows.length, rows: rows.slice(offset, offset + limit), asOf: null, stale: false };
      },
    });
    await model.reset();
    expect(model.rowAt(0)).toBe('a');
    answers = { ...answers, w: ['w1', 'w2'], we: ['we1'] };
    term = 'w';
    const first = model.requery();
    term = 'we';
    const second = model.requery();
    // Nothing blanks while the answers are on their way.
    expect(model.total.value).toBe(3);
    expect(model.rowAt(0)).toBe('a');
    gates.get('we')!();
    await second;
    expect(model.total.value).toBe(1);
    expect(model.rowAt(0)).toBe('we1');
    gates.get('w')!();
    await first;
    expect(model.rowAt(0)).toBe('we1');
    expect(model.total.value).toBe(1);
  });
});
