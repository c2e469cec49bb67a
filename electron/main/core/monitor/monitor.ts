import type { HangarEvent } from '../../../../shared/events';
import type { Capability } from '../../../../shared/model';
import { PROVIDERS } from '../../../../shared/providers';
import type { ActivityLog } from '../activity/store';
import type { Database, Statement } from '../cache/sqlite';
import type { Timer } from '../sync/timer';
import { systemTimer } from '../sync/timer';
import { processCpuMs, type CpuAttribution } from '../sync/budget';
import type { Disposable, Emitter } from '../util/emitter';
import type { Logger } from '../util/log';
import { AlertEngine } from './alert-engine';
import { AlertStore } from './alert-store';
import { MetricCollector, type CollectorAccount, type MetricsProvider } from './collector';
import { SeriesQueries } from './series';
import { watchSettings } from './settings-watch';

export interface MonitorDeps {
  db: Database;
  events: Emitter<HangarEvent>;
  activity?: ActivityLog;
  listAccounts(): readonly (CollectorAccount & { name: string; environment: string })[];
  getProvider(accountId: string): MetricsProvider | Promise<MetricsProvider>;
  /** True while background work should rest (window hidden or idle). */
  isPaused(): boolean;
  log: Logger;
  timer?: Timer;
  /** Time between collection rounds. */
  intervalMs?: number;
  nodesPerRound?: number;
  /** How often to look for settings changed by another process (default 2 s; one `PRAGMA data_version`). */
  settingsCheckMs?: number;
  /** The background budget (percent of a core); metrics rounds take a quarter of it at most. */
  budgetPercent?: () => number;
  cpuMs?: () => number;
  /** The sync's CPU split: a metrics round joins it, so the syncs beside it are not charged its CPU. */
  cpu?: CpuAttribution;
}

/** Share of the background budget the metrics rounds may use (the sync gets the rest). */
export const METRICS_BUDGET_SHARE = 0.25;

/** The wait before the next metrics round: the interval, or longer when a round costs more than its share of the budget. */
export function metricsDelayMs(intervalMs: number, roundCpuMs: number, budgetPercent: number): number {
  const share = (budgetPercent / 100) * METRICS_BUDGET_SHARE;
  return Math.max(intervalMs, Math.ceil(Math.max(0, roundCpuMs) / share));
}

/** Node metrics collection, alerts and their settings: what the app runs in the background besides sync. */
export class Monitor {
  readonly store: AlertStore;
  readonly alerts: AlertEngine;
  readonly series: SeriesQueries;
  readonly collector: MetricCollector;
  private readonly timer: Timer;
  private readonly nodeNameStmt: Statement;
  private handle: unknown;
  private round: Promise<{ samples: number; nodes: number }> | undefined;
  private readonly cpuMs: () => number;
  private firstSyncs: Disposable | undefined;
  private settingsWatch: Disposable | undefined;
  /** Accounts collected after their first sync of this session. */
  private readonly collected = new Set<string>();

  constructor(private readonly deps: MonitorDeps) {
    this.timer = deps.timer ?? systemTimer;
    this.cpuMs = deps.cpuMs ?? processCpuMs;
    this.store = new AlertStore(deps.db, (settings) => deps.events.emit({ type: 'monitor.settingsChanged', settings }));
    this.series = new SeriesQueries(deps.db);
    this.nodeNameStmt = deps.db.prepare('SELECT name FROM nodes WHERE account_id = ? AND id = ?');
    this.alerts = new AlertEngine({
      store: this.store,
      events: deps.events,
      activity: deps.activity,
      accountName: (id) => deps.listAccounts().find((a) => a.id === id)?.name ?? null,
      nodeName: (accountId, nodeId) => (this.nodeNameStmt.get(accountId, nodeId) as { name: string } | undefined)?.name ?? null,
      now: () => this.timer.now(),
      log: deps.log,
    });
    this.collector = new MetricCollector({
      db: deps.db,
      getProvider: deps.getProvider,
      now: () => this.timer.now(),
      log: deps.log,
      nodesPerRound: deps.nodesPerRound,
      onLatest: (accountId, nodeId, latest) => this.alerts.onReadings(accountId, nodeId, latest),
    });
  }

  /**
   * Starts alerting on events at once and collecting metrics every interval; an account's nodes are
   * collected as soon as its first sync of the session lands (the charts fill then, not a minute later).
   */
  start(): void {
    this.alerts.start();
    if (this.handle !== undefined) return;
    // Settings changed by another process (the CLI) reach an open view within this check's period, paused
    // or not; whatever reads them meanwhile (an alert, the budget) sees the change at once.
    this.settingsWatch ??= watchSettings(() => this.store.refreshSettings(), this.timer, this.deps.settingsCheckMs, (e) =>
      this.deps.log.warn('could not check the monitoring settings', { error: String(e) }),
    );
    this.firstSyncs ??= this.deps.events.on((e) => {
      if (e.type !== 'sync.changed' || e.partial || this.collected.has(e.accountId)) return;
      this.collected.add(e.accountId);
      if (this.deps.isPaused()) return;
      const account = this.deps.listAccounts().find((a) => a.id === e.accountId);
      if (account && offersNodes(account.provider)) void this.collectAll(e.accountId).catch(() => undefined);
    });
    const every = this.deps.intervalMs ?? 60_000;
    const loop = (delay: number) => {
      this.handle = this.timer.setTimeout(() => {
        void (async () => {
          let next = every;
          if (!this.deps.isPaused()) {
            this.alerts.tick();
            const before = this.cpuMs();
            await this.collectAll().catch((e) => this.deps.log.warn('metrics round failed', { error: String(e) }));
            next = metricsDelayMs(every, this.cpuMs() - before, this.deps.budgetPercent?.() ?? 2);
          }
          if (this.handle !== undefined) loop(next);
        })();
      }, delay);
    };
    loop(every);
  }

  async stop(): Promise<void> {
    this.alerts.stop();
    this.firstSyncs?.dispose();
    this.firstSyncs = undefined;
    this.settingsWatch?.dispose();
    this.settingsWatch = undefined;
    if (this.handle !== undefined) this.timer.clearTimeout(this.handle);
    this.handle = undefined;
    await this.round?.catch(() => undefined);
  }

  /** One collection round over every account (or one); joins a round already running. */
  collectAll(accountId?: string): Promise<{ samples: number; nodes: number }> {
    if (this.round && !accountId) return this.round;
    const run = (async () => {
      let samples = 0;
      let nodes = 0;
      for (const a of this.deps.listAccounts()) {
        if (accountId && a.id !== accountId) continue;
        if (!offersNodes(a.provider)) continue;
        try {
          const r = await this.collector.collect(a);
          samples += r.samples;
          nodes += r.nodes;
        } catch (e) {
          this.deps.log.warn('metrics collection failed', { accountId: a.id, error: e instanceof Error ? e.message : String(e) });
        }
      }
      this.collector.prune();
      return { samples, nodes };
    })();
    const tracked = this.deps.cpu ? this.deps.cpu.track('metrics', run) : run;
    if (!accountId) this.round = tracked.finally(() => (this.round = undefined));
    return tracked;
  }
}

function offersNodes(provider: string): boolean {
  const caps = (PROVIDERS as Record<string, { capabilities: readonly Capability[] } | undefined>)[provider]?.capabilities ?? [];
  return caps.includes('nodes.list') || caps.includes('nodes.metrics');
}
