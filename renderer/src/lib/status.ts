import type { AccountSyncState } from '../../../shared/contract';
import type { InstanceStatus, NodeStatus } from '../../../shared/model';
import { formatAge } from './format';

export type TagType = 'default' | 'success' | 'warning' | 'error' | 'info';

const INSTANCE_TAG: Record<InstanceStatus, TagType> = {
  running: 'success',
  stopped: 'default',
  suspended: 'warning',
  installing: 'info',
  completed: 'default',
  failed: 'error',
  offline: 'error',
  unknown: 'default',
};

const NODE_TAG: Record<NodeStatus, TagType> = {
  online: 'success',
  offline: 'error',
  unconfigured: 'warning',
  unknown: 'default',
};

export function statusTagType(status: string): TagType {
  return INSTANCE_TAG[status as InstanceStatus] ?? NODE_TAG[status as NodeStatus] ?? 'default';
}

export const SYNC_TAG: Record<AccountSyncState, TagType> = {
  never: 'default',
  ok: 'success',
  syncing: 'info',
  stale: 'warning',
  offline: 'error',
  auth_failed: 'error',
  error: 'error',
};

/** The words for an account's sync state, e.g. "stale · 12 min". */
export function syncStateLabel(state: AccountSyncState, ageSeconds: number | null): string {
  switch (state) {
    case 'never':
      return 'not synced yet';
    case 'ok':
      return ageSeconds === null ? 'ok' : `ok · ${formatAge(ageSeconds)}`;
    case 'syncing':
      return 'syncing…';
    case 'stale':
      return `stale · ${formatAge(ageSeconds)}`;
    case 'offline':
      return withAge('offline', ageSeconds);
    case 'auth_failed':
      return withAge('auth failed', ageSeconds);
    case 'error':
      return withAge('sync error', ageSeconds);
  }
}

/** "offline · 3 min": how long the account has gone without good data (nothing when it never had any). */
function withAge(words: string, ageSeconds: number | null): string {
  return ageSeconds === null ? words : `${words} · ${formatAge(ageSeconds)}`;
}

/** "waiting on Skyport EU for 12 s", once a request has gone unanswered for a few seconds. */
export const WAITING_AFTER_SECONDS = 4;
export function waitingLabel(accountName: string, seconds: number | null): string | null {
  if (seconds === null || seconds < WAITING_AFTER_SECONDS) return null;
  const s = Math.floor(seconds);
  return `waiting on ${accountName} for ${s < 120 ? `${s} s` : `${Math.floor(s / 60)} min`}`;
}
