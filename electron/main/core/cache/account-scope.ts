import type { AccountSyncState } from '../../../../shared/contract';
import type { Environment, ProviderId } from '../../../../shared/model';
import type { Database, Statement } from './sqlite';

/** An account as the fleet queries see it: its display facts and its last sync outcome. */
export interface ScopeAccount {
  id: string;
  name: string;
  provider: ProviderId;
  environment: Environment;
  envColor: string;
  pollIntervalSec: number;
  state: AccountSyncState;
  lastSuccessAt: string | null;
  /** Rows from a first sync that has not completed. */
  firstSyncPartial: boolean;
}

export interface ScopeFilter {
  accountIds?: string[];
  environments?: string[];
  providers?: string[];
}

const FAILING: readonly AccountSyncState[] = ['offline', 'auth_failed', 'error'];

/** Reads the (few) accounts with their sync state; account-level filters are applied here, not per row. */
export class AccountScopeReader {
  private readonly select: Statement;

  constructor(db: Database) {
    this.select = db.prepare(`
      SELECT a.id, a.name, a.provider, a.environment, a.env_color, a.poll_interval_sec,
             coalesce(s.state, 'never') AS state, s.last_success_at,
             coalesce(s.first_sync_partial, 0) AS first_sync_partial
      FROM accounts a LEFT JOIN sync_state s ON s.account_id = a.id`);
  }

  all(): ScopeAccount[] {
    return (this.select.all() as Record<string, string | number | null>[]).map((r) => ({
      id: String(r.id),
      name: String(r.name),
      provider: r.provider as ProviderId,
      environment: r.environment as Environment,
      envColor: String(r.env_color),
      pollIntervalSec: Number(r.poll_interval_sec),
      state: r.state as AccountSyncState,
      lastSuccessAt: (r.last_success_at as string | null) ?? null,
      firstSyncPartial: Number(r.first_sync_partial) === 1,
    }));
  }

  /** The accounts the filter keeps, and whether that is every account (so rows need no account condition). */
  resolve(filter: ScopeFilter): { accounts: ScopeAccount[]; everyAccount: boolean } {
    const all = this.all();
    // An empty list filters nothing (a multi-select with nothing picked), like an absent one.
    const keeps = (list: string[] | undefined, value: string) => !list || list.length === 0 || list.includes(value);
    const accounts = all.filter(
      (a) => keeps(filter.accountIds, a.id) && keeps(filter.environments, a.environment) && keeps(filter.providers, a.provider),
    );
    return { accounts, everyAccount: accounts.length === all.length };
  }
}

/** Oldest successful sync among the accounts (null when none has one). */
export function oldestSuccess(accounts: readonly ScopeAccount[]): string | null {
  let oldest: string | null = null;
  for (const a of accounts) if (a.lastSuccessAt && (oldest === null || a.lastSuccessAt < oldest)) oldest = a.lastSuccessAt;
  return oldest;
}

/** Failing, or last confirmed longer ago than twice its poll interval. */
export function isStale(account: ScopeAccount, nowMs: number): boolean {
  if (FAILING.includes(account.state)) return true;
  if (!account.lastSuccessAt) return false;
  return nowMs - Date.parse(account.lastSuccessAt) > 2 * account.pollIntervalSec * 1000;
}
