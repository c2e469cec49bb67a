import type { AccountSyncState } from '../../../../shared/contract';
import { HangarError, type ErrorInfo } from '../../../../shared/errors';
import type { FailureState } from '../cache/sync-state-store';

/** The sync state a failed fetch leaves the account in. */
export function failureState(code: string): FailureState {
  if (code === 'AUTH' || code === 'FORBIDDEN') return 'auth_failed';
  if (code === 'OFFLINE' || code === 'TIMEOUT') return 'offline';
  return 'error';
}

export function isOfflineState(state: AccountSyncState): boolean {
  return state === 'offline';
}

/** A failure as the status and the events carry it (HangarError messages are already redacted). */
export function errorInfo(e: unknown): Pick<ErrorInfo, 'code' | 'message'> {
  if (e instanceof HangarError) return { code: e.code, message: e.message };
  return { code: 'INTERNAL', message: 'The sync failed unexpectedly (see the log).' };
}
