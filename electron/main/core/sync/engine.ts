import type { AccountSyncState, AccountSyncStatus, SyncReport } from '../../../../shared/contract';
import { HangarError } from '../../../../shared/errors';
import type { HangarEvent } from '../../../../shared/events';
import type { Account } from '../../../../shared/model';
import type { SnapshotResult, SnapshotStaging, SnapshotStore } from '../cache/snapshot-store';
import type { StoredSyncState, SyncStateStore } from '../cache/sync-state-store';
import type { Provider } from '../providers/types';
import { Semaphore } from '../util/concurrency';
import type { Disposable, Emitter } from '../util/emitter';
import type { Logger } from '../util/log';
import { DEFAULT_BACKOFF, nextDelayMs, type BackoffPolicy } from './backoff';
import { CpuAttribution, estimateFromFirstRead, processCpuMs, type RefreshBudget, type SyncCpu } from './budget';
import { errorInfo, failureState } from './classify';
import { systemTimer, type Timer } from './timer';

/** What the engine needs to know about an account. */
export type SyncAccount = Pick<Account, 'id' | 'name' | 'provider' | 'environment' | 'pollIntervalSec'>;

/** The provider calls a sync makes (a subset of Provider, so a test can hand in a plain object). */
export type SyncProvider = Pick<Provider, 'capabilities' | 'eachInstancePage' | 'eachNodePage'>;

export interface SyncEngineDeps {
  listAccounts(): readonly SyncAccount[] | Promise<readonly SyncAccount[]>;
  getProvider(accountId: string): SyncProvider | Promise<SyncProvider>;
  snapshots: SnapshotStore;
  states: SyncStateStore;
  events: Emitter<HangarEvent>;
  log: Logger;
  timer?: Timer;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** Accounts fetched at once. */
  maxConcurrentAccounts?: number;
  /** Stretches each account's interval so background refresh stays under a CPU budget (absent: the poll intervals as set). */
  budget?: RefreshBudget;
  /** CPU time used so far by the process, in ms (default process.cpuUsage). */
  cpuMs?: () => number;
  /** How the process's CPU is split among the syncs (and other background work that joins it); default: the engine's own. */
  cpu?: CpuAttribution;
}

interface Runtime {
  account: SyncAccount;
  inFlight?: Promise<void>;
  timer?: unknown;
  nextAt: number | null;
  /** Last known reachability; undefined until known. */
  online?: boolean;
  /** The state last announced in a sync.state event. */
  announced: AccountSyncState;
  /** The CPU attribution key of the sync in flight. */
  cpuKey?: string;
  /** The sync in flight: start, last page, objects staged; lastEmit throttles sync.progress. */
  progress?: { startedAt: number; lastPageAt: number | null; instances: number; nodes: number; lastEmit: number };
}

interface PartialAnnouncer {
  pageCommitted(): void;
  /** Stops the trailing event; `flush` sends it now if a page is still unannounced (the sync failed). */
  close(flush: boolean): void;
}

/** sync.progress events per account at most this often (the last page of a burst is told by the commit). */
const PROGRESS_EVERY_MS = 250;
/** While a first sync commits page by page, sync.changed (partial) at most this often per account: the first page at once, the last one within this. */
const PARTIAL_CHANGED_EVERY_MS = 400;

/**
 * Keeps the cache in step with every account: polls each at its own interval, backs off on
 * failure, writes whole snapshots (a failed or partial fetch leaves the last good one in place)
 * and emits only real transitions.
 */
export class SyncEngine {
  private readonly runtimes = new Map<string, Runtime>();
  private readonly timer: Timer;
  private readonly backoff: BackoffPolicy;
  private readonly random: () => number;
  private readonly gate: Semaphore;
  private running = false;
  private paused = false;
  private subscription: Disposable | undefined;
  private reconciling: Promise<void> | undefined;
  private cpu: CpuAttribution | undefined;
  private measureSeq = 0;

  constructor(private readonly deps: SyncEngineDeps) {
    this.timer = deps.timer ?? systemTimer;
    this.backoff = deps.backoff ?? DEFAULT_BACKOFF;
    this.random = deps.random ?? Math.random;
    this.gate = new Semaphore(deps.maxConcurrentAccounts ?? 5);
  }

  /** Starts polling every account (what the app does; the CLI syncs on demand and never starts). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.subscription = this.deps.events.on((e) => {
      if (e.type === 'accounts.changed') void this.reconcile();
      if (e.type === 'monitor.settingsChanged') this.reschedule();
    });
    await this.reconcile();
  }

  /** Stops polling and waits for syncs in flight. */
  async stop(): Promise<void> {
    this.running = false;
    this.subscription?.dispose();
    this.subscription = undefined;
    for (const rt of this.runtimes.values()) this.cancel(rt);
    await Promise.allSettled([...this.runtimes.values()].map((rt) => rt.inFlight));
  }

  /** No polling while paused (hidden, idle, nobody listening); manual refreshes still run. */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    for (const rt of this.runtimes.values()) {
      if (rt.timer !== undefined) this.timer.clearTimeout(rt.timer);
      rt.timer = undefined;
    }
  }

  /** Resumes polling; accounts whose poll came due while paused are synced at once. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    const now = this.timer.now();
    for (const rt of this.runtimes.values()) if (!rt.inFlight) this.arm(rt, rt.nextAt === null ? 0 : Math.max(0, rt.nextAt - now));
  }

  /** Resolves when no sync is in flight. */
  async idle(): Promise<void> {
    while ([...this.runtimes.values()].some((rt) => rt.inFlight)) {
      await Promise.allSettled([...this.runtimes.values()].map((rt) => rt.inFlight));
    }
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Syncs one account (or all) now and reports the outcome; failures are in the statuses, not thrown. */
  async refresh(accountId?: string): Promise<SyncReport> {
    const started = this.timer.now();
    const accounts = await this.accounts();
    const targets = accountId ? accounts.filter((a) => a.id === accountId) : accounts;
    if (accountId && targets.length === 0) throw new HangarError('NOT_FOUND', `No account with id ${accountId}`);
    await Promise.all(targets.map((a) => this.syncNow(this.runtime(a))));
    const statuses = await this.status();
    return {
      accounts: targets.map((a) => statuses.find((s) => s.accountId === a.id)!).filter(Boolean),
      durationMs: this.timer.now() - started,
    };
  }

  /** Syncs an account soon if the scheduler is running (after an action changed it); never throws. */
  nudge(accountId: string): void {
    const rt = this.runtimes.get(accountId);
    if (this.running && rt) void this.syncNow(rt).catch(() => undefined);
  }

  /** An account's interval after the CPU budget (ms): its own poll interval, or longer when its refresh is expensive. */
  effectiveIntervalMs(accountId: string): number {
    const rt = this.runtimes.get(accountId);
    const own = (rt?.account.pollIntervalSec ?? 60) * 1000;
    if (!this.deps.budget) return own;
    const all = new Map([...this.runtimes.values()].map((r) => [r.account.id, r.account.pollIntervalSec * 1000]));
    return Math.max(own, this.deps.budget.intervalMs(accountId, all));
  }

  /** Syncs the accounts that have never been synced (a first `instances list` from the CLI). */
  async syncNeverSynced(accountIds?: readonly string[]): Promise<AccountSyncStatus[]> {
    const stored = this.deps.states.all();
    const accounts = (await this.accounts()).filter(
      (a) => (!accountIds || accountIds.includes(a.id)) && !stored.get(a.id)?.lastSuccessAt && !stored.get(a.id)?.lastAttemptAt,
    );
    await Promise.all(accounts.map((a) => this.syncNow(this.runtime(a))));
    const ids = new Set(accounts.map((a) => a.id));
    return (await this.status()).filter((s) => ids.has(s.accountId));
  }

  /** Every known account's sync status, read from the cache plus what is in flight. */
  async status(): Promise<AccountSyncStatus[]> {
    await this.accounts();
    const stored = this.deps.states.all();
    const now = this.timer.now();
    return [...this.runtimes.values()].map((rt) => this.describe(rt, stored.get(rt.account.id), now));
  }

  /** Brings the set of scheduled accounts in line with the registry. */
  async reconcile(): Promise<void> {
    this.reconciling ??= (async () => {
      try {
        await this.accounts();
      } finally {
        this.reconciling = undefined;
      }
    })();
    return this.reconciling;
  }

  private async accounts(): Promise<SyncAccount[]> {
    const list = [...(await this.deps.listAccounts())];
    const ids = new Set(list.map((a) => a.id));
    for (const [id, rt] of this.runtimes) {
      if (!ids.has(id)) {
        this.cancel(rt);
        this.runtimes.delete(id);
        this.deps.budget?.forget(id);
      }
    }
    const stored = this.deps.states.all();
    for (const account of list) {
      const existing = this.runtimes.get(account.id);
      const intervalChanged = existing && existing.account.pollIntervalSec !== account.pollIntervalSec;
      const rt = this.runtime(account);
      rt.account = account;
      if (this.running && !rt.inFlight && (rt.timer === undefined || intervalChanged) && !this.paused) this.armFromLast(rt, stored.get(account.id));
    }
    return list;
  }

  /** Plans each waiting account's next sync again (the CPU budget changed, so its effective interval may have). */
  private reschedule(except?: Runtime): void {
    if (!this.running || this.paused) return;
    const stored = this.deps.states.all();
    for (const rt of this.runtimes.values()) if (!rt.inFlight && rt !== except) this.armFromLast(rt, stored.get(rt.account.id));
  }

  private armFromLast(rt: Runtime, s: StoredSyncState | undefined): void {
    const last = s?.lastAttemptAt ? Date.parse(s.lastAttemptAt) : null;
    const delay = last === null ? 0 : Math.max(0, last + this.delayFor(rt, s?.consecutiveFailures ?? 0) - this.timer.now());
    this.arm(rt, delay);
  }

  private runtime(account: SyncAccount): Runtime {
    let rt = this.runtimes.get(account.id);
    if (!rt) {
      const s = this.deps.states.get(account.id);
      // What its refresh cost last session: the plan knows it before this session measures one.
      if (s?.refreshCpuMs != null && this.deps.budget?.cost(account.id) === undefined) this.deps.budget?.record(account.id, s.refreshCpuMs);
      rt = {
        account,
        nextAt: null,
        online: s ? (s.state === 'offline' ? false : s.lastSuccessAt ? true : undefined) : undefined,
        announced: s?.state ?? 'never',
      };
      this.runtimes.set(account.id, rt);
    }
    return rt;
  }

  private arm(rt: Runtime, delayMs: number): void {
    if (rt.timer !== undefined) this.timer.clearTimeout(rt.timer);
    rt.timer = undefined;
    rt.nextAt = this.timer.now() + delayMs;
    if (!this.running || this.paused) return;
    rt.timer = this.timer.setTimeout(() => {
      rt.timer = undefined;
      void this.syncNow(rt);
    }, delayMs);
  }

  private cancel(rt: Runtime): void {
    if (rt.timer !== undefined) this.timer.clearTimeout(rt.timer);
    rt.timer = undefined;
    rt.nextAt = null;
  }

  private delayFor(rt: Runtime, failures: number): number {
    return nextDelayMs(this.effectiveIntervalMs(rt.account.id), failures, this.backoff, this.random);
  }

  /** Runs a sync unless one is in flight (then joins it), and schedules the next poll. */
  private syncNow(rt: Runtime): Promise<void> {
    if (rt.timer !== undefined) this.timer.clearTimeout(rt.timer);
    rt.timer = undefined;
    rt.inFlight ??= this.gate
      .run(() => this.measured(rt))
      .finally(() => {
        rt.inFlight = undefined;
        if (this.runtimes.get(rt.account.id) === rt && this.running) {
          const failures = this.deps.states.get(rt.account.id)?.consecutiveFailures ?? 0;
          this.arm(rt, this.delayFor(rt, failures));
        }
      });
    return rt.inFlight;
  }

  /** Runs a sync and tells the budget what it cost (its own writes, plus its share of the process's CPU meanwhile). */
  private async measured(rt: Runtime): Promise<void> {
    this.cpu ??= this.deps.cpu ?? new CpuAttribution(this.deps.cpuMs ?? processCpuMs);
    const key = `${rt.account.id}#${++this.measureSeq}`;
    const first = !this.deps.states.get(rt.account.id)?.lastSuccessAt;
    this.cpu.start(key);
    rt.cpuKey = key;
    try {
      await this.syncOnce(rt);
    } finally {
      rt.cpuKey = undefined;
      this.learn(rt, first, this.cpu.end(key));
    }
  }

  /**
   * A first read writes every row (indexes, search text) and, at 100k instances, overlaps the other accounts'
   * first reads: planning from its whole cost pushed a 20k-instance Skyport panel's next refresh 77 minutes
   * out. It gives an estimate instead (estimateFromFirstRead), so the first refresh is already planned within
   * the budget; the first measured refresh replaces it. Costs that move the plan re-plan the waiting accounts.
   */
  private learn(rt: Runtime, first: boolean, cost: SyncCpu): void {
    const budget = this.deps.budget;
    const id = rt.account.id;
    const total = cost.ownMs + cost.sharedMs;
    const succeeded = !!this.deps.states.get(id)?.lastSuccessAt;
    this.deps.log.info('sync cpu', { accountId: id, first, ownMs: Math.round(cost.ownMs), sharedMs: Math.round(cost.sharedMs) });
    if (!budget) return;
    const known = budget.cost(id) !== undefined && !budget.isEstimate(id);
    if (!first) {
      budget.record(id, total);
      try {
        this.deps.states.saveRefreshCost(id, budget.cost(id)!);
      } catch (e) {
        this.deps.log.warn('could not save the refresh cost', { accountId: id, error: String(e) });
      }
    } else if (succeeded) budget.estimate(id, estimateFromFirstRead(cost));
    else return;
    if (!known) this.reschedule(rt);
  }

  /** Runs a synchronous step of the sync in flight, its CPU charged to that sync alone. */
  private own<T>(rt: Runtime, fn: () => T): T {
    return this.cpu && rt.cpuKey ? this.cpu.section(rt.cpuKey, fn) : fn();
  }

  private async syncOnce(rt: Runtime, again = false): Promise<void> {
    const account = rt.account;
    const log = this.deps.log;
    const startedAt = new Date(this.timer.now());
    this.announce(rt, 'syncing');
    const progress = { startedAt: startedAt.getTime(), lastPageAt: null as number | null, instances: 0, nodes: 0, lastEmit: 0 };
    rt.progress = progress;
    this.emitProgress(rt, true);
    let result: SnapshotResult;
    let staging: SnapshotStaging | undefined;
    let partial: PartialAnnouncer | undefined;
    try {
      const provider = await this.deps.getProvider(account.id);
      // Pages are staged as they arrive; both lists or neither: a partial answer never replaces the last good snapshot.
      // A never-synced account is the exception: its pages are committed as they land, marked partial until the listing completes.
      staging = this.own(rt, () =>
        this.deps.snapshots.stage(
          { id: account.id, provider: account.provider, environment: account.environment },
          { firstSyncProgressive: true, now: () => new Date(this.timer.now()) },
        ),
      );
      const into = staging;
      if (into.progressive) partial = this.partialAnnouncer(account.id);
      const received = (kind: 'instances' | 'nodes', n: number) => {
        progress[kind] += n;
        progress.lastPageAt = this.timer.now();
        this.emitProgress(rt, false);
        if (n > 0) partial?.pageCommitted();
      };
      await Promise.all([
        provider.capabilities.includes('instances.list')
          ? provider.eachInstancePage((page) => (this.own(rt, () => into.addInstances(page)), received('instances', page.length)))
          : undefined,
        provider.capabilities.includes('nodes.list')
          ? provider.eachNodePage((page) => (this.own(rt, () => into.addNodes(page)), received('nodes', page.length)))
          : undefined,
      ]);
      const committing = staging;
      result = this.own(rt, () => committing.commit(new Date(this.timer.now()), startedAt));
      partial?.close(false);
      if (rt.progress === progress) rt.progress = undefined;
    } catch (e) {
      if (rt.progress === progress) rt.progress = undefined;
      staging?.discard();
      // The pages committed so far stay (marked partial); tell the lists about the last ones.
      partial?.close(true);
      if (e instanceof HangarError && e.code === 'NOT_FOUND' && !this.runtimes.has(account.id)) return;
      // Another process (the CLI, say) wrote this account's snapshot meanwhile: fetch again on top of it.
      if (e instanceof HangarError && (e.details as { superseded?: boolean } | undefined)?.superseded === true && !again) {
        log.info('another process synced this account meanwhile; syncing again', { accountId: account.id });
        return this.syncOnce(rt, true);
      }
      const info = errorInfo(e);
      if (info.code === 'INTERNAL') log.error('sync failed', { accountId: account.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      else log.warn('sync failed', { accountId: account.id, code: info.code, message: info.message });
      const state = failureState(info.code);
      try {
        this.deps.states.recordFailure(account.id, state, startedAt, info);
      } catch (writeError) {
        log.error('could not record the sync failure', { accountId: account.id, error: String(writeError) });
      }
      this.setOnline(rt, state === 'offline' ? false : rt.online, info.message);
      this.announce(rt, state, info.message);
      return;
    }
    if (result.duplicates > 0) log.warn('the API listed some objects twice; the last one was kept', { accountId: account.id, duplicates: result.duplicates });
    log.info('synced', {
      accountId: account.id,
      instances: result.instances.total,
      nodes: result.nodes.total,
      changed: result.changed,
      writeMs: result.durationMs,
    });
    this.setOnline(rt, true);
    // What the transitions set off (alerts written) is this sync's work too.
    this.own(rt, () => this.emitTransitions(result));
    this.announce(rt, 'ok');
    if (result.changed) {
      this.deps.events.emit({
        type: 'sync.changed',
        accountId: account.id,
        instances: result.instances.total,
        nodes: result.nodes.total,
        asOf: result.at,
      });
    }
  }

  /** Throttled sync.changed events (partial) for the pages of a first sync committed as they land. */
  private partialAnnouncer(accountId: string): PartialAnnouncer {
    let last = -Infinity;
    let pending = false;
    let trailing: unknown;
    const emit = () => {
      if (trailing !== undefined) this.timer.clearTimeout(trailing);
      trailing = undefined;
      pending = false;
      last = this.timer.now();
      const s = this.deps.states.get(accountId);
      this.deps.events.emit({
        type: 'sync.changed',
        accountId,
        instances: s?.instanceCount ?? 0,
        nodes: s?.nodeCount ?? 0,
        asOf: null,
        partial: true,
      });
    };
    return {
      pageCommitted: () => {
        pending = true;
        const wait = last + PARTIAL_CHANGED_EVERY_MS - this.timer.now();
        if (wait <= 0) emit();
        else trailing ??= this.timer.setTimeout(emit, wait);
      },
      close: (flush) => {
        if (trailing !== undefined) this.timer.clearTimeout(trailing);
        trailing = undefined;
        if (flush && pending) emit();
      },
    };
  }

  private emitProgress(rt: Runtime, force: boolean): void {
    const p = rt.progress;
    if (!p) return;
    const now = this.timer.now();
    if (!force && now - p.lastEmit < PROGRESS_EVERY_MS) return;
    p.lastEmit = now;
    this.deps.events.emit({
      type: 'sync.progress',
      accountId: rt.account.id,
      startedAt: new Date(p.startedAt).toISOString(),
      lastPageAt: p.lastPageAt === null ? null : new Date(p.lastPageAt).toISOString(),
      instances: p.instances,
      nodes: p.nodes,
    });
  }

  private emitTransitions(result: SnapshotResult): void {
    const { accountId, at } = result;
    for (const t of result.instances.transitions) {
      if (t.to !== null) this.deps.events.emit({ type: 'instance.statusChanged', accountId, id: t.id, name: t.name, from: t.from, to: t.to, at });
    }
    for (const t of result.nodes.transitions) {
      if (t.to !== null) this.deps.events.emit({ type: 'node.statusChanged', accountId, id: t.id, name: t.name, from: t.from, to: t.to, at });
    }
  }

  private announce(rt: Runtime, state: AccountSyncState, message?: string): void {
    if (rt.announced === state) return;
    rt.announced = state;
    this.deps.events.emit(message ? { type: 'sync.state', accountId: rt.account.id, state, message } : { type: 'sync.state', accountId: rt.account.id, state });
  }

  /** Reachability events fire on a change only; an account is presumed reachable until shown otherwise. */
  private setOnline(rt: Runtime, online: boolean | undefined, message?: string): void {
    if (online === undefined) return;
    const before = rt.online ?? true;
    rt.online = online;
    if (before === online) return;
    this.deps.events.emit(
      online
        ? { type: 'connectivity.changed', accountId: rt.account.id, online }
        : { type: 'connectivity.changed', accountId: rt.account.id, online, message },
    );
  }

  private describe(rt: Runtime, s: StoredSyncState | undefined, now: number): AccountSyncStatus {
    const lastSuccessMs = s?.lastSuccessAt ? Date.parse(s.lastSuccessAt) : null;
    const ageSeconds = lastSuccessMs === null ? null : Math.max(0, Math.round((now - lastSuccessMs) / 1000));
    let state: AccountSyncState = s?.state ?? 'never';
    const effectiveMs = this.effectiveIntervalMs(rt.account.id);
    if (state === 'ok' && ageSeconds !== null && ageSeconds * 1000 > 2 * effectiveMs) state = 'stale';
    if (rt.inFlight) state = 'syncing';
    const status: AccountSyncStatus = {
      accountId: rt.account.id,
      state,
      lastSuccessAt: s?.lastSuccessAt ?? null,
      lastAttemptAt: s?.lastAttemptAt ?? null,
      ageSeconds,
      instanceCount: s?.instanceCount ?? 0,
      nodeCount: s?.nodeCount ?? 0,
      nextSyncAt: rt.timer !== undefined && rt.nextAt !== null ? new Date(rt.nextAt).toISOString() : null,
      effectiveIntervalSec: Math.round(effectiveMs / 1000),
    };
    const cost = this.deps.budget?.cost(rt.account.id);
    if (cost !== undefined) status.refreshCpuMs = Math.round(cost);
    if (cost !== undefined && this.deps.budget?.isEstimate(rt.account.id)) status.refreshCpuEstimated = true;
    if (s?.firstSyncPartial) status.firstSyncPartial = true;
    if (s?.errorCode && s.state !== 'ok') status.error = { code: s.errorCode, message: s.errorMessage ?? '' };
    if (rt.inFlight && rt.progress) {
      const p = rt.progress;
      status.inFlight = {
        startedAt: new Date(p.startedAt).toISOString(),
        lastPageAt: p.lastPageAt === null ? null : new Date(p.lastPageAt).toISOString(),
        instances: p.instances,
        nodes: p.nodes,
      };
    }
    return status;
  }
}
