/**
 * Fleet benchmark: the five simulators (in a child process) with 100,000 instances and 2,000 nodes
 * (BENCH_SCALE=small: 5,000 / 200), five accounts, then:
 *   full sync (time, CPU, RSS peak) · a refresh of the unchanged fleet · cold open of the cache ·
 *   first window of instances.query · filter-as-you-type (p50/p95 over growing prefixes) · RSS of the
 *   app holding the cache · the sync's GETs by a bare undici loop · refresh and bare loop again with
 *   10 ms of server latency per answer.
 * One JSON line per figure, then a table against the targets. Exits non-zero on a missed target only
 * with BENCH_STRICT=1 (shared CI machines are noisy); any error exits non-zero.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import diagnostics from 'node:diagnostics_channel';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { Agent, request } from 'undici';
import { createCore, type Core } from '../../electron/main/core/core';
import { preferSmallHeap } from '../../electron/main/heap';
import { MemorySecretStore } from '../../electron/main/core/secrets/memory';
import { mapLimit } from '../../electron/main/core/util/concurrency';
import type { SimAccount } from '../../electron/simulators/kit/types';
import type { Page, SyncReport } from '../../shared/contract';
import { PROVIDER_IDS, type Instance, type ProviderId } from '../../shared/model';
import { Figures } from './figures';

const SCALES = { full: { instances: 100_000, nodes: 2_000 }, small: { instances: 5_000, nodes: 200 } } as const;
const SERVER_LATENCY_MS = 10;
const FIRST_SYNC_LATENCY_MS = 400;
const TARGETS = { first_window_ms: 150, filter_p95_ms: 30, rss_sync_peak_mb: 300 } as const;

const figures = new Figures(TARGETS);
const report = figures.report;

async function unwrap<T>(core: Core, channel: string, input: unknown): Promise<T> {
  const res = await core.dispatch(channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.code} ${res.error.message}`);
  return res.value as T;
}

function startSimulators(instances: number, nodes: number): Promise<{ child: ChildProcess; providers: Record<ProviderId, { account: SimAccount }> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'sim-host.ts'), String(instances), String(nodes)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the simulators exited early (${code})`)));
    readline.createInterface({ input: child.stdout! }).once('line', (line) => resolve({ child, providers: JSON.parse(line) }));
  });
}

/**
 * Every request undici sends while `run` runs, with the most in flight at once per origin. Kept small
 * (header sets are shared), since it lives in the process whose memory is measured.
 */
async function recordRequests<T>(run: () => Promise<T>) {
  const requests: { origin: string; method: string; path: string; headers: Record<string, string> }[] = [];
  const headerSets = new Map<string, Record<string, string>>();
  const inFlight = new Map<string, number>();
  const peak = new Map<string, number>();
  const open = new WeakMap<object, string>();
  const onCreate = (m: unknown) => {
    const r = (m as { request: { origin: string; method: string; path: string; headers: unknown } }).request;
    const headers: Record<string, string> = {};
    const h = r.headers;
    if (Array.isArray(h)) {
      const flat = h.flat() as unknown[];
      for (let i = 0; i + 1 < flat.length; i += 2) headers[String(flat[i]).toLowerCase()] = String(flat[i + 1]);
    } else if (typeof h === 'string') {
      for (const line of h.split('\r\n')) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
    }
    const key = JSON.stringify(headers);
    if (!headerSets.has(key)) headerSets.set(key, headers);
    const origin = String(r.origin);
    requests.push({ origin, method: r.method, path: r.path, headers: headerSets.get(key)! });
    open.set(r as object, origin);
    const n = (inFlight.get(origin) ?? 0) + 1;
    inFlight.set(origin, n);
    peak.set(origin, Math.max(peak.get(origin) ?? 0, n));
  };
  const onDone = (m: unknown) => {
    const origin = open.get((m as { request: object }).request);
    if (origin) inFlight.set(origin, (inFlight.get(origin) ?? 1) - 1);
  };
  diagnostics.subscribe('undici:request:create', onCreate);
  diagnostics.subscribe('undici:request:trailers', onDone);
  diagnostics.subscribe('undici:request:error', onDone);
  try {
    return { result: await run(), requests, peak };
  } finally {
    diagnostics.unsubscribe('undici:request:create', onCreate);
    diagnostics.unsubscribe('undici:request:trailers', onDone);
    diagnostics.unsubscribe('undici:request:error', onDone);
  }
}

/** The requests by undici's request() (the fastest client at hand), each origin at its own concurrency, origins in parallel. */
async function bareLoop(requests: { origin: string; path: string; headers: Record<string, string> }[], peak: Map<string, number>): Promise<number> {
  const byOrigin = new Map<string, typeof requests>();
  for (const r of requests) {
    const list = byOrigin.get(r.origin) ?? [];
    list.push(r);
    byOrigin.set(r.origin, list);
  }
  const agent = new Agent({ connections: 16 });
  const started = performance.now();
  await Promise.all(
    [...byOrigin].map(([origin, list]) =>
      mapLimit(list, peak.get(origin) ?? 1, async (r) => {
        const res = await request(origin + r.path, { headers: r.headers, dispatcher: agent });
        JSON.parse(await res.body.text());
      }),
    ),
  );
  const ms = performance.now() - started;
  await agent.close();
  return ms;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function bench(): Promise<number> {
  preferSmallHeap(); // the heap profile the app runs with
  const scaleName = (process.env.BENCH_SCALE ?? 'full') as keyof typeof SCALES;
  const scale = SCALES[scaleName];
  if (!scale) throw new Error(`BENCH_SCALE must be full or small, not "${process.env.BENCH_SCALE}"`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-bench-'));
  let rssPeak = 0;
  let atPeak = '';
  let phasePeak = 0; // reset at the start of each measured phase
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    phasePeak = Math.max(phasePeak, m.rss);
    if (m.rss > rssPeak) {
      rssPeak = m.rss;
      atPeak = `heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} MB, external ${mb(m.external)} MB, buffers ${mb(m.arrayBuffers)} MB`;
    }
  }, 20);

  let t = performance.now();
  const sims = await startSimulators(scale.instances, scale.nodes);
  report('simulators_start_ms', performance.now() - t, 'ms', `${scale.instances} instances, ${scale.nodes} nodes (${scaleName})`);
  let core: Core | undefined;
  // The keychain outlives the app: the reopened core finds the same secrets.
  const secretStore = new MemorySecretStore();
  try {
    core = createCore({ dataDir, secretStore });
    for (const id of PROVIDER_IDS) {
      const a = sims.providers[id].account;
      await unwrap(core, 'accounts.add', {
        name: `${id} bench`, provider: id, baseUrl: a.baseUrl, environment: 'prod', authMethod: a.authMethod,
        fields: a.fields, secrets: a.secrets, verify: false,
      });
    }

    const idle = process.memoryUsage();
    report('rss_before_sync_mb', idle.rss / 1e6, 'MB', `core open, accounts added: heap ${mb(idle.heapUsed)}/${mb(idle.heapTotal)} MB`);
    t = performance.now();
    const cpu = process.cpuUsage();
    const synced = await recordRequests(() => unwrap<SyncReport>(core!, 'sync.refresh', {}));
    const syncMs = performance.now() - t;
    const syncCpu = process.cpuUsage(cpu);
    const failed = synced.result.accounts.filter((s) => s.state !== 'ok');
    if (failed.length) throw new Error(`sync failed: ${failed.map((s) => `${s.accountId} ${s.error?.code} ${s.error?.message}`).join('; ')}`);
    const instances = synced.result.accounts.reduce((n, s) => n + s.instanceCount, 0);
    const nodes = synced.result.accounts.reduce((n, s) => n + s.nodeCount, 0);
    report('full_sync_ms', syncMs, 'ms', `${instances} instances, ${nodes} nodes, ${synced.requests.length} requests`);
    report('sync_cpu_ms', (syncCpu.user + syncCpu.system) / 1000, 'ms', 'CPU time of this process during the full sync (one JS thread + SQLite)');
    report('rss_sync_peak_mb', Math.max(rssPeak, process.memoryUsage().rss) / 1e6, 'MB', `the app during the full sync (this process, under tsx); at the peak: ${atPeak}`);

    // A refresh of the same fleet: every page fetched again, only what changed written.
    const resync = async (figure: string, note: string) => {
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      phasePeak = process.memoryUsage().rss;
      const again = await unwrap<SyncReport>(core!, 'sync.refresh', {});
      const used = process.cpuUsage(cpuBefore);
      const failed = again.accounts.filter((s) => s.state !== 'ok');
      if (failed.length) throw new Error(`${figure}: the sync failed: ${failed.map((s) => `${s.error?.code} ${s.error?.message}`).join('; ')}`);
      const cpuMs = Math.round((used.user + used.system) / 1000);
      report(figure, performance.now() - started, 'ms', `${note}; CPU ${cpuMs} ms, RSS peak ${mb(Math.max(phasePeak, process.memoryUsage().rss))} MB`);
    };
    await resync('resync_ms', 'the same fleet again, nothing to write');
    await core.close();
    core = undefined;
    t = performance.now();
    core = createCore({ dataDir, secretStore });
    report('cold_open_ms', performance.now() - t, 'ms', `${(fs.statSync(path.join(dataDir, 'hangar.db')).size / 1e6).toFixed(1)} MB file`);
    t = performance.now();
    const first = await unwrap<Page<Instance>>(core, 'instances.query', { limit: 100 });
    report('first_window_ms', performance.now() - t, 'ms', `total ${first.total}`);
    if (first.total !== instances) throw new Error(`the cache holds ${first.total} instances, the sync reported ${instances}`);

    // Filter-as-you-type: every prefix of a few real names (the first keystrokes go to the short-text path).
    const samples: number[] = [];
    const probes = await unwrap<Page<Instance>>(core, 'instances.query', { limit: 5, offset: Math.floor(first.total / 3) });
    for (const typed of probes.rows.map((r) => r.name.toLowerCase())) {
      for (let n = 1; n <= Math.min(typed.length, 16); n++) {
        t = performance.now();
        const page = await unwrap<Page<Instance>>(core, 'instances.query', { text: typed.slice(0, n), limit: 100 });
        samples.push(performance.now() - t);
        if (page.total === 0) throw new Error(`"${typed.slice(0, n)}" found nothing`);
      }
    }
    samples.sort((a, b) => a - b);
    report('filter_p50_ms', percentile(samples, 50), 'ms', `${samples.length} queries`);
    report('filter_p95_ms', percentile(samples, 95), 'ms');
    report('deep_window_ms', await timed(() => unwrap(core!, 'instances.query', { limit: 100, offset: Math.max(0, first.total - 100) })), 'ms', 'last window, by name');
    const now = process.memoryUsage();
    report('rss_mb', now.rss / 1e6, 'MB', `the app holding the cache, after the queries: heap ${mb(now.heapUsed)}/${mb(now.heapTotal)} MB, external ${mb(now.external)} MB`);
    // Last, as they hold buffers of their own in this process: the bare loops, and both at 10 ms latency.
    const gets = synced.requests.filter((r) => r.method === 'GET');
    const concurrency = [...synced.peak.values()].join('/');
    report('bare_loop_ms', await bareLoop(gets, synced.peak), 'ms', `the same ${gets.length} GETs by a bare undici loop, concurrency ${concurrency}`);
    // The same two with a server that takes 10 ms per answer (a fast API on a LAN; real ones take more).
    const origins = [...new Set(synced.requests.map((r) => r.origin))];
    const setLatency = (latencyMs: number) =>
      Promise.all(origins.map((o) => fetch(`${o}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs }) })));
    await setLatency(SERVER_LATENCY_MS);
    await resync('resync_at_10ms_ms', `${SERVER_LATENCY_MS} ms per answer`);
    report('bare_loop_at_10ms_ms', await bareLoop(gets, synced.peak), 'ms', `${SERVER_LATENCY_MS} ms per answer`);
    // Short terms while a first sync commits page after page: a second account on the NIM simulator, never
    // synced, its pages slowed so the sync lasts; 1–2 letter queries over the whole fleet meanwhile.
    await setLatency(FIRST_SYNC_LATENCY_MS);
    const nim = sims.providers.nim.account;
    const fresh = await unwrap<{ id: string }>(core, 'accounts.add', {
      name: 'nim bench (first sync)', provider: 'nim', baseUrl: nim.baseUrl, environment: 'dev', authMethod: nim.authMethod,
      fields: nim.fields, secrets: nim.secrets, verify: false,
    });
    let syncing = true;
    const firstSync = unwrap<SyncReport>(core, 'sync.refresh', { accountId: fresh.id }).finally(() => (syncing = false));
    const during: number[] = [];
    const terms = ['a', 'e', 'n', 'r', 's', '1', '2', 'ne', 'er', 'in', '-1', '0'];
    while (syncing) {
      for (const term of terms) {
        t = performance.now();
        await unwrap<Page<Instance>>(core, 'instances.query', { text: term, limit: 100 });
        during.push(performance.now() - t);
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (!syncing) break;
      }
    }
    const firstReport = await firstSync;
    during.sort((a, b) => a - b);
    const note = `${during.length} queries while ${firstReport.accounts[0]?.instanceCount ?? 0} instances arrived at ${FIRST_SYNC_LATENCY_MS} ms per answer`;
    report('short_terms_first_sync_p50_ms', percentile(during, 50), 'ms', note);
    report('short_terms_first_sync_p95_ms', percentile(during, 95), 'ms');
    await setLatency(0);
    report('rss_peak_mb', Math.max(rssPeak, process.memoryUsage().rss) / 1e6, 'MB', 'whole run, including the bare loops');
  } finally {
    clearInterval(sampler);
    await core?.close();
    sims.child.stdin?.end();
    sims.child.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const rows = figures.all.map((f) => [f.figure, `${f.value} ${f.unit}`, f.target === undefined ? '' : `≤ ${f.target}`, f.pass === undefined ? '' : f.pass ? 'ok' : 'MISSED', f.note ?? '']);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), 6));
  process.stdout.write(`\n${rows.map((r) => [...r.slice(0, 4).map((c, i) => c.padEnd(widths[i])), r[4]].join('  ')).join('\n')}\n`);
  return figures.exitCode();
}

function mb(bytes: number): number {
  return Math.round(bytes / 1e6);
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

bench().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
