import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { ENVIRONMENTS, type Environment } from '../../../shared/model';

/** What the whole app is looking at: every account, one environment, or one account. */
export type Scope = { kind: 'all' } | { kind: 'environment'; environment: Environment } | { kind: 'account'; accountId: string };

/** The part of a fleet/config/activity query a scope contributes (empty = everything). */
export interface ScopeFilter {
  environments?: Environment[];
  accountIds?: string[];
}

const STORAGE_KEY = 'hangar.scope';

/** Reads a stored scope, or `all` when nothing (or nothing valid) was stored. */
export function parseScope(text: string | null): Scope {
  if (!text) return { kind: 'all' };
  try {
    const value = JSON.parse(text) as Partial<Record<string, unknown>>;
    if (value.kind === 'environment' && (ENVIRONMENTS as readonly unknown[]).includes(value.environment)) {
      return { kind: 'environment', environment: value.environment as Environment };
    }
    if (value.kind === 'account' && typeof value.accountId === 'string' && value.accountId.length > 0) {
      return { kind: 'account', accountId: value.accountId };
    }
  } catch {
    // a damaged entry means "all", not a broken start
  }
  return { kind: 'all' };
}

export function scopeFilter(scope: Scope): ScopeFilter {
  if (scope.kind === 'environment') return { environments: [scope.environment] };
  if (scope.kind === 'account') return { accountIds: [scope.accountId] };
  return {};
}

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/** The app-wide scope; survives a restart (localStorage, which the app:// origin keeps). */
export const useScopeStore = defineStore('scope', () => {
  const scope = ref<Scope>(parseScope(storage()?.getItem(STORAGE_KEY) ?? null));
  const filter = computed<ScopeFilter>(() => scopeFilter(scope.value));

  watch(scope, (value) => storage()?.setItem(STORAGE_KEY, JSON.stringify(value)), { deep: true });

  function set(next: Scope): void {
    scope.value = next;
  }

  /** An account that no longer exists leaves the app scoped to nothing: fall back to all. */
  function forgetAccount(accountId: string): void {
    if (scope.value.kind === 'account' && scope.value.accountId === accountId) scope.value = { kind: 'all' };
  }

  return { scope, filter, set, forgetAccount };
});
