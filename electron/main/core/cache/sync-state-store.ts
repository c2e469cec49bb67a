import type { AccountSyncState } from '../../../../shared/contract';
import type { Database, Statement } from './sqlite';

/** What is persisted about an account's last sync (the outcome; 'syncing' lives only in memory). */
export interface StoredSyncState {
  accountId: string;
  state: AccountSyncState;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  consecutiveFailures: number;
  instanceCount: number;
  nodeCount: number;
  /** The account was never fully synced, and the rows it has came from a first sync that did not finish (or is running). */
  firstSyncPartial: boolean;
  /** What a background refresh of the account costs (CPU ms, running average); null until one was measured. */
  refreshCpuMs: number | null;
}

export type FailureState = Extract<AccountSyncState, 'offline' | 'auth_failed' | 'error'>;

interface Row {
  account_id: string;
  state: string;
  last_success_at: string | null;
  last_attempt_at: string | null;
  error_code: string | null;
  error_message: string | null;
  consecutive_failures: number;
  instance_count: number;
  node_count: number;
  first_sync_partial: number;
  refresh_cpu_ms: number | null;
}

/** Per-account sync outcomes. Successes are written by SnapshotStore inside the snapshot's transaction. */
export class SyncStateStore {
  private readonly getOne: Statement;
  private readonly getAll: Statement;
  private readonly fail: Statement;
  private readonly cost: Statement;

  constructor(db: Database) {
    this.getOne = db.prepare('SELECT * FROM sync_state WHERE account_id = ?');
    this.getAll = db.prepare('SELECT * FROM sync_state');
    this.fail = db.prepare(`
      INSERT INTO sync_state (account_id, state, last_attempt_at, error_code, error_message, consecutive_failures)
      SELECT ?1, ?2, ?3, ?4, ?5, 1 WHERE EXISTS (SELECT 1 FROM accounts WHERE id = ?1)
      ON CONFLICT (account_id) DO UPDATE SET state = excluded.state, last_attempt_at = excluded.last_attempt_at,
        error_code = excluded.error_code, error_message = excluded.error_message,
        consecutive_failures = sync_state.consecutive_failures + 1`);
    this.cost = db.prepare('UPDATE sync_state SET refresh_cpu_ms = ? WHERE account_id = ?');
  }

  get(accountId: string): StoredSyncState | undefined {
    const row = this.getOne.get(accountId) as Row | undefined;
    return row ? toState(row) : undefined;
  }

  all(): Map<string, StoredSyncState> {
    return new Map((this.getAll.all() as unknown as Row[]).map((r) => [r.account_id, toState(r)]));
  }

  /** Records a failed attempt; the cached snapshot and its success time stay as they were. */
  recordFailure(accountId: string, state: FailureState, at: Date, error: { code: string; message: string }): void {
    this.fail.run(accountId, state, at.toISOString(), error.code, error.message);
  }

  /** Keeps what the account's background refresh costs, for the next start's plan. */
  saveRefreshCost(accountId: string, cpuMs: number): void {
    this.cost.run(cpuMs, accountId);
  }
}

function toState(r: Row): StoredSyncState {
  return {
    accountId: r.account_id,
    state: r.state as AccountSyncState,
    lastSuccessAt: r.last_success_at,
    lastAttemptAt: r.last_attempt_at,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    consecutiveFailures: Number(r.consecutive_failures),
    instanceCount: Number(r.instance_count),
    nodeCount: Number(r.node_count),
    firstSyncPartial: Number(r.first_sync_partial) === 1,
    refreshCpuMs: r.refresh_cpu_ms === null || r.refresh_cpu_ms === undefined ? null : Number(r.refresh_cpu_ms),
  };
}
