import type { AccountSyncStatus } from '../../../shared/contract';
import { DEFAULT_ENV_COLORS, ENVIRONMENTS, type Account, type Environment } from '../../../shared/model';
import type { Scope } from '../stores/scope';

export interface ScopeAccountEntry {
  id: string;
  name: string;
  provider: Account['provider'];
  envColor: string;
  state: AccountSyncStatus['state'];
  instances: number;
  nodes: number;
}

export interface ScopeEnvEntry {
  environment: Environment;
  label: string;
  color: string;
  instances: number;
  nodes: number;
  accounts: ScopeAccountEntry[];
}

/** The sidebar's environments (in dev → custom order, only those with accounts) and their accounts by name. */
export function scopeTree(accounts: readonly Account[], statuses: Record<string, AccountSyncStatus | undefined>): ScopeEnvEntry[] {
  const out: ScopeEnvEntry[] = [];
  for (const environment of ENVIRONMENTS) {
    const mine = accounts
      .filter((a) => a.environment === environment)
      .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true }));
    if (mine.length === 0) continue;
    const entries = mine.map((a) => {
      const s = statuses[a.id];
      return {
        id: a.id,
        name: a.name,
        provider: a.provider,
        envColor: a.envColor,
        state: s?.state ?? 'never',
        instances: s?.instanceCount ?? 0,
        nodes: s?.nodeCount ?? 0,
      };
    });
    const labels = [...new Set(mine.map((a) => a.envLabel?.trim()).filter((l): l is string => !!l))];
    out.push({
      environment,
      label: environment === 'custom' && labels.length === 1 ? labels[0] : environment,
      color: mine[0].envColor || DEFAULT_ENV_COLORS[environment],
      instances: entries.reduce((n, a) => n + a.instances, 0),
      nodes: entries.reduce((n, a) => n + a.nodes, 0),
      accounts: entries,
    });
  }
  return out;
}

/** The accounts a scope covers. */
export function accountsInScope(scope: Scope, accounts: readonly Account[]): Account[] {
  if (scope.kind === 'environment') return accounts.filter((a) => a.environment === scope.environment);
  if (scope.kind === 'account') return accounts.filter((a) => a.id === scope.accountId);
  return [...accounts];
}

/** Words for the header: "All accounts", "prod (3 accounts)", "Skyport EU". */
export function scopeLabel(scope: Scope, accounts: readonly Account[]): string {
  if (scope.kind === 'environment') {
    const n = accountsInScope(scope, accounts).length;
    return `${scope.environment} · ${n} ${n === 1 ? 'account' : 'accounts'}`;
  }
  if (scope.kind === 'account') return accounts.find((a) => a.id === scope.accountId)?.name ?? 'Unknown account';
  return 'All accounts';
}

/** 'only' when everything in scope is production, 'some' when production accounts are among others. */
export function productionInScope(scope: Scope, accounts: readonly Account[]): 'only' | 'some' | 'none' {
  const inScope = accountsInScope(scope, accounts);
  const prod = inScope.filter((a) => a.environment === 'prod').length;
  if (prod === 0) return 'none';
  return prod === inScope.length ? 'only' : 'some';
}
