import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { AccountSyncState, AccountSyncStatus } from '../../../shared/contract';
import type { HangarEvent } from '../../../shared/events';
import { toApiError, type ApiError } from '../api/client';
import { useClient } from '../api/inject';
import { ageSeconds } from '../lib/format';

export interface SyncSummary {
  total: number;
  counts: Record<AccountSyncState, number>;
  /** The worst state among the accounts (what a tray icon would show). */
  worst: AccountSyncState | null;
  oldestSuccessAt: string | null;
}

const SEVERITY: AccountSyncState[] = ['ok', 'syncing', 'never', 'stale', 'offline', 'error', 'auth_failed'];

export function summarize(statuses: AccountSyncStatus[]): SyncSummary {
  const counts: Record<AccountSyncState, number> = {
    never: 0,
    ok: 0,
    syncing: 0,
    stale: 0,
    offline: 0,
    auth_failed: 0,
    error: 0,
  };
  let worst: AccountSyncState | null = null;
  let oldest: string | null = null;
  for (const s of statuses) {
    counts[s.state]++;
    if (worst === null || SEVERITY.indexOf(s.state) > SEVERITY.indexOf(worst)) worst = s.state;
    if (s.lastSuccessAt && (oldest === null || s.lastSuccessAt < oldest)) oldest = s.lastSuccessAt;
  }
  return { total: statuses.length, counts, worst, oldestSuccessAt: oldest };
}

/** Per-account sync state, kept current from sync.status and main's events; `dataVersion` ticks on new data. */
export const useSyncStore = defineStore('sync', () => {
  const client = useClient();
  const statuses = shallowRef<Record<string, AccountSyncStatus>>({});
  const error = shallowRef<ApiError | null>(null);
  const refreshing = shallowRef(false);
  /** Incremented on every sync.changed: views that show fleet data revalidate on it. */
  const dataVersion = shallowRef(0);
  /** Wall clock for ages, ticking so "stale · 12 min" keeps counting. */
  const now = shallowRef(Date.now());

  const list = computed(() => Object.values(statuses.value));
  const summary = computed(() => summarize(list.value));

  function ageOf(status: AccountSyncStatus): number | null {
    return ageSeconds(status.lastSuccessAt, now.value);
  }

  function put(status: AccountSyncStatus): void {
    statuses.value = { ...statuses.value, [status.accountId]: status };
  }

  async function load(): Promise<void> {
    try {
      const all = await client.call('sync.status', undefined);
      statuses.value = Object.fromEntries(all.map((s) => [s.accountId, s]));
      error.value = null;
      retick();
    } catch (e) {
      error.value = toApiError(e);
    }
  }

  async function refresh(accountId?: string): Promise<void> {
    refreshing.value = true;
    // The events say which accounts started; the clock must tick by the second from now on.
    setTimeout(retick, 0);
    try {
      const report = await client.call('sync.refresh', accountId ? { accountId } : {});
      for (const status of report.accounts) put(status);
      error.value = null;
    } catch (e) {
      error.value = toApiError(e);
    } finally {
      refreshing.value = false;
    }
  }

  function handleEvent(event: HangarEvent): void {
    switch (event.type) {
      case 'sync.state': {
        const previous = statuses.value[event.accountId];
        const base: AccountSyncStatus = previous ?? {
          accountId: event.accountId,
          state: event.state,
          lastSuccessAt: null,
          lastAttemptAt: null,
          ageSeconds: null,
          instanceCount: 0,
          nodeCount: 0,
        };
        put({
          ...base,
          ...(event.state === 'syncing' ? {} : { inFlight: undefined }),
          state: event.state,
          error: event.message && event.state !== 'ok' ? { code: event.state, message: event.message } : base.error,
        });
        break;
      }
      case 'sync.progress': {
        const previous = statuses.value[event.accountId];
        if (previous) {
          const { type: _t, accountId: _a, ...inFlight } = event;
          put({ ...previous, state: 'syncing', inFlight });
        }
        retick();
        break;
      }
      case 'sync.changed': {
        const previous = statuses.value[event.accountId];
        // A partial one: pages of a first sync were committed; the visible window refetches, the status is told by the next load.
        if (previous) {
          put(
            event.partial
              ? { ...previous, instanceCount: event.instances, nodeCount: event.nodes, firstSyncPartial: true }
              : { ...previous, instanceCount: event.instances, nodeCount: event.nodes, lastSuccessAt: event.asOf, firstSyncPartial: undefined },
          );
        }
        dataVersion.value++;
        if (!event.partial) void load();
        break;
      }
      case 'connectivity.changed':
      case 'accounts.changed':
        void load();
        break;
      default:
        break;
    }
  }

  /** Accounts with a sync in flight, with what they have received so far. */
  const inFlight = computed(() => list.value.filter((s) => s.state === 'syncing' && s.inFlight));

  /** Seconds a sync has gone without an answer (since its start or its last page), or null when not waiting. */
  function waitingSeconds(status: AccountSyncStatus | undefined): number | null {
    const f = status?.state === 'syncing' ? status.inFlight : undefined;
    if (!f) return null;
    const since = Date.parse(f.lastPageAt ?? f.startedAt);
    return Number.isNaN(since) ? null : Math.max(0, (now.value - since) / 1000);
  }

  let stop: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** The age clock ticks every second while a sync is in flight ("waiting … for 12 s"), else every 15 s. */
  function retick(): void {
    if (!stop) return;
    if (timer) clearTimeout(timer);
    const busy = list.value.some((s) => s.state === 'syncing');
    timer = setTimeout(() => {
      now.value = Date.now();
      retick();
    }, busy ? 1_000 : 15_000);
  }
  /** Subscribes to events and starts the age clock; idempotent. */
  function start(): void {
    if (stop) return;
    stop = client.onEvent(handleEvent);
    retick();
    void load();
  }
  function dispose(): void {
    stop?.();
    stop = null;
    if (timer) clearTimeout(timer);
    timer = null;
  }

  return {
    statuses,
    list,
    summary,
    error,
    refreshing,
    dataVersion,
    now,
    inFlight,
    ageOf,
    waitingSeconds,
    load,
    refresh,
    handleEvent,
    start,
    dispose,
  };
});
