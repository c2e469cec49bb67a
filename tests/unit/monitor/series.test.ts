import { afterEach, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../../electron/main/core/cache/db';
import { MetricSampleStore } from '../../../electron/main/core/cache/metric-samples';
import { SeriesQueries } from '../../../electron/main/core/monitor/series';
import { insertAccount, openTemp } from '../cache/support/fleet';

const NOW = Date.parse('2026-03-08T12:00:00Z');

describe('SeriesQueries (downsampled in SQL)', () => {
  let opened: OpenedDatabase | undefined;
  afterEach(() => opened?.close());

  function setup() {
    opened = openTemp();
    insertAccount(opened.db, { id: 'a1', name: 'A', provider: 'nim', environment: 'prod', pollIntervalSec: 60 });
    const store = new MetricSampleStore(opened.db);
    // 7 days of 1-minute samples: cpu = minute index mod 10 (so every 10 minutes averages 4.5), memory constant.
    const points = [];
    for (let i = 0; i <= 7 * 1440; i++) points.push({ t: NOW - 7 * 86_400_000 + i * 60_000, v: i % 10 });
    store.add('a1', 'n1', [{ name: 'cpu', points }, { name: 'memory', points: points.map((p) => ({ t: p.t, v: 50 })) }], NOW, { maxAgeMs: 8 * 86_400_000, maxPerSeries: 20_000 });
    return new SeriesQueries(opened.db);
  }

  it('never returns more points than asked, for every range', () => {
    const q = setup();
    for (const [range, maxPoints] of [['15m', 10], ['1h', 30], ['24h', 500], ['7d', 1200], ['7d', 100]] as const) {
      const a = q.series({ accountId: 'a1', nodeId: 'n1', range, maxPoints, nowMs: NOW });
      for (const c of a.series) {
        expect(c.t.length).toBeGreaterThan(0);
        expect(c.t.length).toBeLessThanOrEqual(maxPoints);
        expect([...c.t].sort((x, y) => x - y)).toEqual(c.t);
        expect(c.t[0]).toBeGreaterThanOrEqual(a.fromMs);
      }
    }
  });

  it('buckets carry the average, minimum and maximum of their samples (raw and rolled up alike)', () => {
    const q = setup();
    const hour = q.series({ accountId: 'a1', nodeId: 'n1', range: '1h', maxPoints: 60, nowMs: NOW });
    const cpu = hour.series.find((c) => c.metric === 'cpu')!;
    // Raw samples in 1-minute buckets (+1 ms): the first holds minutes 0 and 1, then one sample each.
    expect(hour.bucketMs).toBe(60_001);
    expect(cpu.avg.slice(0, 11)).toEqual([0.5, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect([cpu.min[0], cpu.max[0]]).toEqual([0, 1]);
    expect(cpu.min.slice(1, 11)).toEqual(cpu.avg.slice(1, 11));
    expect(cpu.max.slice(1, 11)).toEqual(cpu.avg.slice(1, 11));
    const quarter = q.series({ accountId: 'a1', nodeId: 'n1', range: '15m', maxPoints: 3, nowMs: NOW }).series.find((c) => c.metric === 'cpu')!;
    for (let i = 0; i < quarter.t.length; i++) {
      expect(quarter.min[i]).toBeLessThanOrEqual(quarter.avg[i]!);
      expect(quarter.avg[i]).toBeLessThanOrEqual(quarter.max[i]!);
    }
    const week = q.series({ accountId: 'a1', nodeId: 'n1', range: '7d', maxPoints: 1200, nowMs: NOW });
    const wcpu = week.series.find((c) => c.metric === 'cpu')!;
    const inner = wcpu.avg.slice(0, -1);
    expect(wcpu.min.slice(0, -1).every((v) => v === 0) && wcpu.max.slice(0, -1).every((v) => v === 9)).toBe(true);
    expect(inner.filter((v) => v !== 4.5)).toEqual([]);
    expect(week.series.find((c) => c.metric === 'memory')!.avg.every((v) => v === 50)).toBe(true);
    expect(week.bucketMs).toBeGreaterThanOrEqual(600_000);
  });
});

describe('metrics rounds on the budget', () => {
  it('waits the interval, or longer when a round costs more than its quarter of the budget', async () => {
    const { metricsDelayMs } = await import('../../../electron/main/core/monitor/monitor');
    expect(metricsDelayMs(60_000, 50, 2)).toBe(60_000);
    // 600 ms of CPU at 0.5 % of a core (a quarter of 2 %) → one round every 120 s.
    expect(metricsDelayMs(60_000, 600, 2)).toBe(120_000);
    expect(metricsDelayMs(60_000, -5, 2)).toBe(60_000);
  });
});
