import { hash } from '../kit/rng';
import type { Fleet, SimInstance, SimSystem } from './fleet';
import type { NginxProcess, StubStatus } from './nginx/process';
import { cpuPercent, sampleHost, type HostSample } from './nginx/procfs';
import { compileFilter, parseDuration, parseTime, type Dimensions, type Predicate } from './query';

interface MetricDef {
  name: string;
  unit: string;
  scope: 'system' | 'instance';
  min: number;
  max: number;
}

/** The metrics this simulator knows, named as NGINX Agent reports them. */
export const METRIC_CATALOG: MetricDef[] = [
  { name: 'system.cpu.user', unit: 'percent', scope: 'system', min: 3, max: 65 },
  { name: 'system.cpu.system', unit: 'percent', scope: 'system', min: 1, max: 20 },
  { name: 'system.cpu.idle', unit: 'percent', scope: 'system', min: 0, max: 100 },
  { name: 'system.mem.pct_used', unit: 'percent', scope: 'system', min: 20, max: 90 },
  { name: 'system.mem.used', unit: 'bytes', scope: 'system', min: 0, max: 0 },
  { name: 'system.load.1', unit: 'count', scope: 'system', min: 0.05, max: 3 },
  { name: 'system.disk.in_use', unit: 'percent', scope: 'system', min: 10, max: 85 },
  { name: 'system.net.bytes_rcvd', unit: 'bytes', scope: 'system', min: 20_000, max: 8_000_000 },
  { name: 'system.net.bytes_sent', unit: 'bytes', scope: 'system', min: 50_000, max: 20_000_000 },
  { name: 'nginx.http.request.count', unit: 'count', scope: 'instance', min: 0, max: 4000 },
  { name: 'nginx.http.conn.active', unit: 'count', scope: 'instance', min: 0, max: 150 },
  { name: 'nginx.http.conn.current', unit: 'count', scope: 'instance', min: 0, max: 150 },
  { name: 'nginx.http.conn.accepted', unit: 'count', scope: 'instance', min: 0, max: 600 },
  { name: 'nginx.http.conn.handled', unit: 'count', scope: 'instance', min: 0, max: 600 },
  { name: 'nginx.http.conn.reading', unit: 'count', scope: 'instance', min: 0, max: 10 },
  { name: 'nginx.http.conn.writing', unit: 'count', scope: 'instance', min: 0, max: 20 },
  { name: 'nginx.http.conn.waiting', unit: 'count', scope: 'instance', min: 0, max: 120 },
];
const BY_NAME = new Map(METRIC_CATALOG.map((m) => [m.name, m]));
const AGGREGATES = ['AVG', 'SUM', 'COUNT', 'MIN', 'MAX', 'RATE'] as const;
type Aggregate = (typeof AGGREGATES)[number];

/** Simulated samples are 30 s apart, like an agent's reporting interval. */
const STEP_MS = 30_000;
const MAX_SERIES = 100;
const MAX_POINTS = 5_000;
const LIVE_INTERVAL_MS = 10_000;
const LIVE_KEEP = 8_640;

type Point = { t: number; v: number };
interface Live {
  t: number;
  values: Record<string, number>;
}

/** Samples the host (/proc) and each real nginx (stub_status) every 10 s and on demand. */
export class LiveSampler {
  private host: Live[] = [];
  private prevHost: HostSample | undefined;
  private readonly perInstance = new Map<string, Live[]>();
  private readonly prevStub = new Map<string, StubStatus>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly real: { uid: string; process: NginxProcess }[],
    private readonly hostMemoryBytes: () => number,
  ) {}

  get active(): boolean {
    return this.real.length > 0;
  }

  start(): void {
    if (!this.active) return;
    void this.sampleNow();
    this.timer = setInterval(() => void this.sampleNow(), LIVE_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async sampleNow(now = Date.now()): Promise<void> {
    const h = sampleHost(now);
    if (h) {
      const base = this.prevHost ?? { ...h, cpu: { user: 0, system: 0, idle: 0, total: 0 } };
      const cpu = cpuPercent(base, h);
      this.prevHost = h;
      const used = h.memTotalBytes - h.memAvailableBytes;
      push(this.host, {
        t: now,
        values: {
          'system.cpu.user': cpu.user,
          'system.cpu.system': cpu.system,
          'system.cpu.idle': cpu.idle,
          'system.mem.used': used,
          'system.mem.pct_used': h.memTotalBytes ? Math.round((used / h.memTotalBytes) * 1000) / 10 : 0,
          'system.load.1': h.load1,
        },
      });
    }
    await Promise.all(
      this.real.map(async ({ uid, process }) => {
        const s = await process.stubStatus();
        if (!s) return;
        const prev = this.prevStub.get(uid);
        this.prevStub.set(uid, s);
        const series = this.perInstance.get(uid) ?? [];
        this.perInstance.set(uid, series);
        push(series, {
          t: now,
          values: {
            'nginx.http.request.count': s.requests - (prev?.requests ?? 0),
            'nginx.http.conn.accepted': s.accepts - (prev?.accepts ?? 0),
            'nginx.http.conn.handled': s.handled - (prev?.handled ?? 0),
            'nginx.http.conn.active': s.active,
            'nginx.http.conn.current': s.active,
            'nginx.http.conn.reading': s.reading,
            'nginx.http.conn.writing': s.writing,
            'nginx.http.conn.waiting': s.waiting,
          },
        });
      }),
    );
  }

  hostPoints(name: string, start: number, end: number): Point[] | undefined {
    if (!this.active) return undefined;
    return pick(this.host, name, start, end);
  }

  instancePoints(uid: string, name: string, start: number, end: number): Point[] | undefined {
    const series = this.perInstance.get(uid);
    return series ? pick(series, name, start, end) : undefined;
  }

  isReal(uid: string): boolean {
    return this.real.some((r) => r.uid === uid);
  }

  hostMemory(): number {
    return this.hostMemoryBytes();
  }
}

function push(list: Live[], s: Live) {
  list.push(s);
  if (list.length > LIVE_KEEP) list.splice(0, list.length - LIVE_KEEP);
}

function pick(list: Live[], name: string, start: number, end: number): Point[] {
  return list.filter((s) => s.t >= start && s.t < end && name in s.values).map((s) => ({ t: s.t, v: s.values[name] }));
}

interface Entity {
  uid: string;
  dims: Dimensions;
  system: SimSystem;
  instance?: SimInstance;
}

export type MetricsAnswer = { status: number; json: unknown };

/** GET /analytics/metrics: names (with optional aggregates), time window, resolution, filter, groupBy, dimensions. */
export async function queryMetrics(q: URLSearchParams, fleet: Fleet, live: LiveSampler, now = Date.now()): Promise<MetricsAnswer> {
  const bad = (message: string): MetricsAnswer => ({ status: 400, json: { code: 400, message } });
  const namesParam = q.get('names');
  if (!namesParam) return bad('names is required (a comma-separated list of metric names)');
  const wanted: { name: string; aggr?: Aggregate; def: MetricDef }[] = [];
  for (const raw of splitNames(namesParam)) {
    const m = /^([A-Za-z]+)\((.+)\)$/.exec(raw);
    const aggr = m ? (m[1].toUpperCase() as Aggregate) : undefined;
    const name = m ? m[2].trim() : raw;
    if (aggr && !AGGREGATES.includes(aggr)) return bad(`unknown aggregate function ${m![1]} (use ${AGGREGATES.join(', ')})`);
    const def = BY_NAME.get(name);
    if (!def) return bad(`unknown metric name "${name}"; see /analytics/catalogs/metrics`);
    wanted.push({ name, aggr, def });
  }
  const startParam = q.get('startTime');
  const endParam = q.get('endTime');
  if (endParam && !startParam) return bad('endTime requires startTime');
  let start: number | undefined;
  let end = now;
  if (startParam) {
    start = parseTime(startParam, now);
    if (start === undefined) return bad(`startTime "${startParam}" is not RFC3339, "now" or an offset like now-1h`);
    if (endParam) {
      const e = parseTime(endParam, now);
      if (e === undefined) return bad(`endTime "${endParam}" is not RFC3339, "now" or an offset like now-1h`);
      end = e;
    }
    if (end <= start) return bad('endTime must be later than startTime');
  }
  const aggregated = wanted.some((w) => w.aggr);
  if (aggregated && start === undefined) return bad('aggregate functions require startTime');
  const resolutionParam = q.get('resolution');
  let resolution: number | undefined;
  if (resolutionParam) {
    resolution = parseDuration(resolutionParam);
    if (!resolution) return bad(`resolution "${resolutionParam}" is not a duration like 30s, 5m or 1h`);
    if (start === undefined || !aggregated) return bad('resolution needs an aggregate function and startTime');
  }
  let filter: Predicate = () => true;
  const filterParam = q.get('filter');
  if (filterParam) {
    try {
      filter = compileFilter(filterParam);
    } catch (e) {
      return bad(`filter: ${(e as Error).message}`);
    }
  }
  const groupBy = q.get('groupBy')?.split(',').map((s) => s.trim()).filter(Boolean);
  if (groupBy?.length && !aggregated) return bad('groupBy needs an aggregate function and startTime');
  const dimensionsParam = q.has('dimensions') ? q.get('dimensions')!.split(',').map((s) => s.trim()).filter(Boolean) : undefined;

  if (live.active) await live.sampleNow(now);
  const out = wanted.map((w) => {
    const entities = entitiesFor(w.def.scope, fleet, filter).slice(0, MAX_SERIES);
    const raw = entities.map((e) => ({ dims: e.dims, points: pointsFor(e, w.def, start, end, now, live) }));
    if (!w.aggr) {
      return { name: w.name, series: raw.map((s) => toSeries(project(s.dims, dimensionsParam), s.points)) };
    }
    const keys = groupBy?.length ? groupBy : dimensionsParam;
    const groups = new Map<string, { dims: Dimensions; points: Point[] }>();
    for (const s of raw) {
      const dims = keys ? project(s.dims, keys) : s.dims;
      const key = JSON.stringify(dims);
      const g = groups.get(key) ?? { dims, points: [] };
      g.points.push(...s.points);
      groups.set(key, g);
    }
    const span = resolution ?? end - start!;
    const series = [...groups.values()].map((g) => toSeries(keys && dimensionsParam ? project(g.dims, dimensionsParam) : g.dims, aggregate(g.points, w.aggr!, start!, end, span)));
    return { name: w.name, aggr: w.aggr, series };
  });
  return {
    status: 200,
    json: { metrics: out, queryMetadata: { startTime: start !== undefined ? rfc3339(start) : undefined, endTime: rfc3339(end), resolution: resolutionParam ?? undefined } },
  };
}

export function metricsCatalog(): unknown {
  return {
    items: METRIC_CATALOG.map((m) => ({
      name: m.name,
      unit: m.unit,
      type: m.name.endsWith('.count') || /accepted|handled/.test(m.name) ? 'counter' : 'gauge',
      aggregations: [...AGGREGATES],
      dimensions: m.scope === 'system' ? ['system_id', 'hostname'] : ['system_id', 'hostname', 'nginx_id', 'instance'],
    })),
  };
}

function splitNames(s: string): string[] {
  // Commas inside AGG(...) never occur, so a plain split is enough.
  return s.split(',').map((x) => x.trim()).filter(Boolean);
}

function entitiesFor(scope: 'system' | 'instance', fleet: Fleet, filter: Predicate): Entity[] {
  const out: Entity[] = [];
  if (scope === 'system') {
    for (const s of fleet.systems) {
      const dims = { system_id: s.uid, hostname: s.hostname };
      if (filter(dims)) out.push({ uid: s.uid, dims, system: s });
      if (out.length >= MAX_SERIES) break;
    }
    return out;
  }
  for (const i of fleet.instances) {
    const system = fleet.system(i.systemUid)!;
    const dims = { system_id: i.systemUid, hostname: system.hostname, nginx_id: i.uid, instance: i.displayName };
    if (filter(dims)) out.push({ uid: i.uid, dims, system, instance: i });
    if (out.length >= MAX_SERIES) break;
  }
  return out;
}

function pointsFor(e: Entity, def: MetricDef, start: number | undefined, end: number, now: number, live: LiveSampler): Point[] {
  const from = start ?? now - STEP_MS * 2;
  const realHost = def.scope === 'system' && e.system.index === 0 && live.active;
  const realInstance = def.scope === 'instance' && e.instance && live.isReal(e.uid);
  if (realHost || realInstance) {
    let pts = (realHost ? live.hostPoints(def.name, from, end) : live.instancePoints(e.uid, def.name, from, end)) ?? [];
    if (def.name === 'system.disk.in_use') pts = simulated(e, def, from, end);
    return start === undefined ? pts.slice(-1) : pts;
  }
  const pts = simulated(e, def, from, end);
  return start === undefined ? pts.slice(-1) : pts;
}

function simulated(e: Entity, def: MetricDef, start: number, end: number): Point[] {
  const out: Point[] = [];
  let t = Math.ceil(start / STEP_MS) * STEP_MS;
  const step = Math.max(STEP_MS, Math.ceil((end - t) / MAX_POINTS / STEP_MS) * STEP_MS);
  for (; t < end && out.length < MAX_POINTS; t += step) out.push({ t, v: valueAt(e, def, t) });
  return out;
}

function valueAt(e: Entity, def: MetricDef, t: number): number {
  if (def.name === 'system.cpu.idle') {
    return round(100 - valueAt(e, BY_NAME.get('system.cpu.user')!, t) - valueAt(e, BY_NAME.get('system.cpu.system')!, t));
  }
  if (def.name === 'system.mem.used') return Math.round((valueAt(e, BY_NAME.get('system.mem.pct_used')!, t) / 100) * e.system.memoryBytes);
  const h = hash(`${e.uid}:${def.name}`);
  const phase = (h % 1000) / 1000;
  const period = 3_600_000 * (1 + (h % 5));
  const noise = (hash(`${h}:${Math.floor(t / STEP_MS)}`) % 1000) / 1000;
  const wave = 0.5 + 0.35 * Math.sin((2 * Math.PI * t) / period + phase * 2 * Math.PI) + 0.15 * (noise - 0.5);
  const max = def.name === 'system.load.1' ? e.system.cores * 0.8 : def.max;
  const v = def.min + (max - def.min) * wave;
  return def.unit === 'count' && def.name !== 'system.load.1' ? Math.round(v) : round(v);
}

function aggregate(points: Point[], aggr: Aggregate, start: number, end: number, span: number): Point[] {
  const buckets = new Map<number, number[]>();
  for (const p of points) {
    const b = start + Math.floor((p.t - start) / span) * span;
    (buckets.get(b) ?? buckets.set(b, []).get(b)!).push(p.v);
  }
  const out: Point[] = [];
  for (const [t, vs] of [...buckets.entries()].sort((a, b) => a[0] - b[0])) {
    if (t >= end) continue;
    const sum = vs.reduce((a, b) => a + b, 0);
    let v: number;
    if (aggr === 'SUM') v = sum;
    else if (aggr === 'AVG') v = sum / vs.length;
    else if (aggr === 'COUNT') v = vs.length;
    else if (aggr === 'MIN') v = Math.min(...vs);
    else if (aggr === 'MAX') v = Math.max(...vs);
    else v = sum / (Math.min(span, end - t) / 1000);
    out.push({ t, v: round(v) });
  }
  return out;
}

function project(dims: Dimensions, keys: string[] | undefined): Dimensions {
  if (!keys) return dims;
  return Object.fromEntries(keys.filter((k) => k in dims).map((k) => [k, dims[k]]));
}

function toSeries(dimensions: Dimensions, points: Point[]) {
  return { dimensions, timestamps: points.map((p) => rfc3339(p.t)), values: points.map((p) => p.v) };
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
