import { z } from 'zod';
import { channel, id, noInput } from './define';

export type AccountSyncState = 'never' | 'ok' | 'syncing' | 'stale' | 'offline' | 'auth_failed' | 'error';

export interface AccountSyncStatus {
  accountId: string;
  state: AccountSyncState;
  /** Last successful snapshot (ISO) or null. */
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  ageSeconds: number | null;
  instanceCount: number;
  nodeCount: number;
  error?: { code: string; message: string };
  nextSyncAt?: string | null;
  /** Present while a sync of the account is in flight: when it started, when a page last arrived, what is staged so far. */
  inFlight?: SyncProgress;
  /** The interval background refresh actually uses: the account's own, stretched when its refresh is expensive (CPU budget). */
  effectiveIntervalSec?: number;
  /** What one refresh of this account costs in CPU (ms, running average). */
  refreshCpuMs?: number;
  /** refreshCpuMs is estimated from the account's first read; no background refresh was measured yet. */
  refreshCpuEstimated?: boolean;
  /** The account was never fully synced: its rows come from a first sync still running or one that did not finish. */
  firstSyncPartial?: boolean;
}

/** A sync in flight: objects received and staged so far (they reach the lists when the snapshot commits). */
export interface SyncProgress {
  startedAt: string;
  /** When the last page arrived, or null while waiting for the first answer. */
  lastPageAt: string | null;
  instances: number;
  nodes: number;
}

export interface SyncReport {
  accounts: AccountSyncStatus[];
  durationMs: number;
}

export const syncChannels = {
  /** Refreshes one account, or all when no accountId is given. */
  'sync.refresh': channel<SyncReport>()(z.object({ accountId: id.optional() }).strict().optional()),
  'sync.status': channel<AccountSyncStatus[]>()(noInput),
} as const;
