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
 * at its own interval keeps that interval and leaves the rest to the others.
 */
export function planIntervals(items: readonly PlanItem[], budgetShare: number): Map<string, number> {
  const out = new Map<string, number>();
  const demand = (i: PlanItem) => (i.costMs ?? 0) / i.baseMs;
  const sorted = [...items].sort((a, b) => demand(a) - demand(b));
  let remaining = Math.max(budgetShare, 1e-6);
  let left = sorted.length;
  for (const item of sorted) {
    const share = remaining / left;
    const d = demand(item);
    if (d <= share) {
      out.set(item.id, item.baseMs);
      remaining -= d;
    } else {
      out.set(item.id, Math.ceil((item.costMs ?? 0) / share));
      remaining -= share;
    }
    left--;
  }
  return out;
}

/** process.cpuUsage() as milliseconds of user + system time. */
export function processCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Splits the process's CPU among the syncs running at the same time: at each start and end the CPU
 * used since the last mark is shared equally by the syncs that were running, so overlapping syncs are
 * not each charged for the others' work.
 */
export class CpuAttribution {
  private readonly running = new Map<string, number>();
  private last: number;

  constructor(private readonly cpuMs: () => number = processCpuMs) {
    this.last = cpuMs();
  }

  private mark(): void {
    const now = this.cpuMs();
    const delta = Math.max(0, now - this.last);
    this.last = now;
    if (this.running.size === 0) return;
    const share = delta / this.running.size;
    for (const [id, ms] of this.running) this.running.set(id, ms + share);
  }

  start(key: string): void {
    this.mark();
    this.running.set(key, 0);
  }

  /** The CPU (ms) charged to `key` since its start. */
  end(key: string): number {
    this.mark();
    const ms = this.running.get(key) ?? 0;
    this.running.delete(key);
    return ms;
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
  private plan: Map<string, number> | undefined;
  private planKey = '';

  constructor(private readonly options: RefreshBudgetOptions = {}) {}

  get percent(): number {
    return this.options.percent?.() ?? 2;
  }

  record(accountId: string, cpuMs: number): void {
    if (!Number.isFinite(cpuMs) || cpuMs < 0) return;
    const before = this.costs.get(accountId);
    const a = this.options.smoothing ?? 0.5;
    this.costs.set(accountId, before === undefined ? cpuMs : before * (1 - a) + cpuMs * a);
    this.plan = undefined;
  }

  cost(accountId: string): number | undefined {
    return this.costs.get(accountId);
  }

  forget(accountId: string): void {
    this.costs.delete(accountId);
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
