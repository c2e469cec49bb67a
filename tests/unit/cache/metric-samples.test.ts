import { describe, expect, it } from 'vitest';
import { MetricSampleStore } from '../../../electron/main/core/cache/metric-samples';
import { insertAccount, openTemp } from './support/fleet';

describe('MetricSampleStore', () => {
  it('keeps samples within the retention by age and by count per series', () => {
    const opened = openTemp();
    try {
      insertAccount(opened.db, { id: 'a1' });
      const store = new MetricSampleStore(opened.db);
      const now = 1_000_000;
      const points = (n: number, step: number) => Array.from({ length: n }, (_, i) => ({ t: now - (n - 1 - i) * step, v: i }));
      const retention = { maxAgeMs: 50_000, maxPerSeries: 5 };
      store.add('a1', 'n1', [{ name: 'cpu', points: points(10, 1000) }, { name: 'mem', points: points(3, 40_000) }], now, retention);
      const series = store.range('a1', 'n1', 0);
      expect(series.map((s) => [s.name, s.points.map((p) => p.v)])).toEqual([
        ['cpu', [5, 6, 7, 8, 9]],
        ['mem', [1, 2]],
      ]);
      store.add('a1', 'n2', [{ name: 'cpu', points: [{ t: now, v: NaN }, { t: now, v: 3 }] }], now, retention);
      expect(store.range('a1', 'n2', now - 10)).toEqual([{ name: 'cpu', points: [{ t: now, v: 3 }] }]);
      expect(store.range('a1', 'n1', now - 2000).find((s) => s.name === 'cpu')!.points).toHaveLength(3);
    } finally {
      opened.close();
    }
  });
});
