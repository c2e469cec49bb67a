/**
 * The background refresh budget: each account's refresh costs some CPU (measured with
 * process.cpuUsage around its sync); the intervals are stretched so that the sum over accounts of
 * cost / interval stays under the budget (a share of one core), whatever the fleet size. Cheap
 * accounts (one list call per page) keep their own interval; expensive ones (a read per instance,
 * as EveryPoint and Kianda need) are spread out further.
 */

export interface PlanItem {
  id: string;
  /** The account's own poll interval. */
  baseMs: number;
  /** CPU one refresh costs (ms); undefined until measured. */
  costMs: number | undefined;
}

/**
 * Water-filling: the budget is shared equally among accounts, an account needing less than its share
 * at its own interval keeps that interval and leaves the rest to the others. An account whose cost is not
 * known yet (its first read is running) keeps its own interval and holds a full share meanwhile, so the
 * accounts planned before it do not take its part of the budget.
 */
export function planIntervals(items: readonly PlanItem[], budgetShare: number): Map<string, number> {
  const out = new Map<string, number>();
  const demand = (i: PlanItem) => (i.costMs === undefined ? Infinity : i.costMs / i.baseMs);
  const sorted = [...items].sort((a, b) => demand(a) - demand(b));
  let remaining = Math.max(budgetShare, 1e-6);
  let left = sorted.length;
  for (const item of sorted) {
    const share = remaining / left;
    const d = demand(item);
    if (item.costMs === undefined || d <= share) {
      out.set(item.id, item.baseMs);
      remaining -= Math.min(d, share);
    } else {
      out.set(item.id, Math.ceil(item.costMs / share));
      remaining -= share;
    }
    left--;
  }
  return out;
}

/**
 * Part of a first read's own synchronous work (staging and committing every row, with its indexes) that a
 * refresh repeats: a refresh fingerprints every row again but writes only what changed. Measured at 4,000
 * instances per account: a refresh's own part is 0.06 (NIM) to 0.22 (Kianda) of the first read's; the upper
 * end, rounded up, keeps the first estimate on the safe side.
 */
export const FIRST_READ_OWN_SHARE = 0.25;

/**
 * What the first background refresh will cost, estimated from the account's first read: its share of the
 * process's CPU while it ran (the network and parsing a refresh repeats) plus a quarter of its own writes.
 */
export function estimateFromFirstRead(first: SyncCpu): number {
  return first.sharedMs + first.ownMs * FIRST_READ_OWN_SHARE;
}

/** process.cpuUsage() as milliseconds of user + system time. */
export function processCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** What one sync was charged: its own synchronous work, measured exactly, plus its share of the rest. */
export interface SyncCpu {
  /** CPU in the sync's own synchronous sections (staging pages, the commit): nobody else's work runs meanwhile. */
  ownMs: number;
  /** Its equal share of the rest of the process's CPU while it ran (network, parsing, GC), which cannot be told apart. */
  sharedMs: number;
}

/**
 * Splits the process's CPU among the syncs running at the same time. A sync's synchronous sections (the
 * cache writes of its pages, its commit) are measured around the call and charged to it alone; the rest
 * — used since the last mark — is shared equally by the syncs that were running, so overlapping syncs are
 * not each charged for the others' work, and a slow download is not charged for a neighbour's writes.
 */
export class CpuAttribution {
  private readonly running = new Map<string, SyncCpu>();
  private last: number;
  private tracked = 0;

  constructor(private readonly cpuMs: () => number = processCpuMs) {
    this.last = cpuMs();
  }

  private mark(): void {
    const now = this.cpuMs();
    const delta = Math.max(0, now - this.last);
    this.last = now;
    if (this.running.size === 0) return;
    const share = delta / this.running.size;
    for (const c of this.running.values()) c.sharedMs += share;
  }

  start(key: string): void {
    this.mark();
    this.running.set(key, { ownMs: 0, sharedMs: 0 });
  }

  /** Runs `fn` (synchronous) and charges its CPU to `key` alone. */
  section<T>(key: string, fn: () => T): T {
    this.mark();
    try {
      return fn();
    } finally {
      const now = this.cpuMs();
      const c = this.running.get(key);
      if (c) c.ownMs += Math.max(0, now - this.last);
      this.last = now;
    }
  }

  /**
   * Background work other than syncs (a metrics round, the search index's fold after a commit) joins the
   * split while `work` runs, so the syncs running beside it are not charged its CPU.
   */
  track<T>(label: string, work: Promise<T>): Promise<T> {
    const key = `${label}#${++this.tracked}`;
    this.start(key);
    return work.finally(() => this.end(key));
  }

  /** The CPU (ms) charged to `key` since its start. */
  end(key: string): SyncCpu {
    this.mark();
    const c = this.running.get(key) ?? { ownMs: 0, sharedMs: 0 };
    this.running.delete(key);
    return c;
  }
}

export interface RefreshBudgetOptions {
  /** Percent of one core the background refresh may use on average (default 2). */
  percent?: () => number;
  /** Weight of the newest measurement in the running average. */
  smoothing?: number;
}

/** Remembers what each account's refresh costs and hands out the effective intervals. */
export class RefreshBudget {
  private readonly costs = new Map<string, number>();
  /** Accounts whose cost is an estimate (from the first read): the first measured refresh replaces it. */
  private readonly estimated = new Set<string>();
  private plan: Map<string, number> | undefined;
  private planKey = '';

  constructor(private readonly options: RefreshBudgetOptions = {}) {}

  get percent(): number {
    return this.options.percent?.() ?? 2;
  }

  /** A measured refresh: folded into the running average (replacing an estimate). */
  record(accountId: string, cpuMs: number): void {
    if (!Number.isFinite(cpuMs) || cpuMs < 0) return;
    const before = this.estimated.delete(accountId) ? undefined : this.costs.get(accountId);
    const a = this.options.smoothing ?? 0.5;
    this.costs.set(accountId, before === undefined ? cpuMs : before * (1 - a) + cpuMs * a);
    this.plan = undefined;
  }

  /** An estimate until a refresh is measured (from the first read); ignored when a measured cost is known. */
  estimate(accountId: string, cpuMs: number): void {
    if (!Number.isFinite(cpuMs) || cpuMs < 0) return;
    if (this.costs.has(accountId) && !this.estimated.has(accountId)) return;
    this.costs.set(accountId, cpuMs);
    this.estimated.add(accountId);
    this.plan = undefined;
  }

  cost(accountId: string): number | undefined {
    return this.costs.get(accountId);
  }

  /** True while the account's cost is an estimate, not a measured refresh. */
  isEstimate(accountId: string): boolean {
    return this.estimated.has(accountId);
  }

  forget(accountId: string): void {
    this.costs.delete(accountId);
    this.estimated.delete(accountId);
    this.plan = undefined;
  }

  /** The account's effective interval among `accounts` (id → own interval in ms). */
  intervalMs(accountId: string, accounts: ReadonlyMap<string, number>): number {
    const key = `${this.percent}|${[...accounts].map(([id, ms]) => `${id}:${ms}`).join(',')}`;
    if (!this.plan || key !== this.planKey) {
      this.plan = planIntervals(
        [...accounts].map(([id, baseMs]) => ({ id, baseMs, costMs: this.costs.get(id) })),
        this.percent / 100,
      );
      this.planKey = key;
    }
    return this.plan.get(accountId) ?? accounts.get(accountId) ?? 60_000;
  }
}
