import { describe, expect, it } from 'vitest';
import type { Account } from '../../shared/model';
import { filterChips } from '../../renderer/src/lib/filterChips';
import { accountsInScope, productionInScope, scopeLabel, scopeTree } from '../../renderer/src/lib/scopeTree';
import { waitingLabel, syncStateLabel } from '../../renderer/src/lib/status';
import { emptyFilter, toInstanceQuery } from '../../renderer/src/stores/fleet';
import { parseSavedViews } from '../../renderer/src/stores/savedViews';

const account = (id: string, environment: Account['environment'], name = id): Account => ({
  id,
  name,
  provider: 'skyport',
  baseUrl: 'http://x',
  environment,
  envColor: environment === 'prod' ? '#d03050' : '#2080f0',
  authMethod: 'apiKey',
  fields: {},
  tls: { insecure: false },
  pollIntervalSec: 60,
  createdAt: '',
  updatedAt: '',
});

describe('scope', () => {
  const accounts = [account('b', 'dev', 'panel-10'), account('a', 'dev', 'panel-2'), account('p', 'prod', 'live')];

  it('groups accounts by environment in dev → custom order, names in natural order, with counts', () => {
    const tree = scopeTree(accounts, {
      a: { accountId: 'a', state: 'ok', lastSuccessAt: null, lastAttemptAt: null, ageSeconds: null, instanceCount: 3, nodeCount: 1 },
      p: { accountId: 'p', state: 'offline', lastSuccessAt: null, lastAttemptAt: null, ageSeconds: null, instanceCount: 5, nodeCount: 0 },
    });
    expect(tree.map((e) => e.environment)).toEqual(['dev', 'prod']);
    expect(tree[0].accounts.map((a) => a.name)).toEqual(['panel-2', 'panel-10']);
    expect(tree[0].instances).toBe(3);
    expect(tree[1].accounts[0].state).toBe('offline');
    expect(tree[0].accounts[1].state).toBe('never');
  });

  it('says which accounts a scope covers and whether production is in it', () => {
    expect(accountsInScope({ kind: 'environment', environment: 'dev' }, accounts).map((a) => a.id)).toEqual(['b', 'a']);
    expect(productionInScope({ kind: 'all' }, accounts)).toBe('some');
    expect(productionInScope({ kind: 'account', accountId: 'p' }, accounts)).toBe('only');
    expect(productionInScope({ kind: 'environment', environment: 'dev' }, accounts)).toBe('none');
    expect(scopeLabel({ kind: 'environment', environment: 'dev' }, accounts)).toBe('dev · 2 accounts');
    expect(scopeLabel({ kind: 'account', accountId: 'gone' }, accounts)).toBe('Unknown account');
  });

  it('the scope wins over the same criterion of the filter in the query', () => {
    const filter = { ...emptyFilter(), environments: ['staging' as const], accountIds: ['x'], statuses: ['running'] };
    expect(toInstanceQuery(filter, 0, 100, { environments: ['prod'] })).toMatchObject({
      environments: ['prod'],
      accountIds: ['x'],
      statuses: ['running'],
    });
    const byAccount = toInstanceQuery(filter, 0, 100, { accountIds: ['p'] });
    expect(byAccount.accountIds).toEqual(['p']);
    expect(byAccount.environments).toBeUndefined();
    expect(toInstanceQuery(filter, 0, 100).environments).toEqual(['staging']);
  });
});

describe('filter chips', () => {
  it('one removable chip per active criterion', () => {
    const filter = { ...emptyFilter(), text: ' web ', statuses: ['running', 'failed'], providers: ['nim' as const], accountIds: ['a'] };
    const chips = filterChips(filter, { accountName: (id) => `name-${id}` });
    expect(chips.map((c) => `${c.label}=${c.value}`)).toEqual([
      'Search=“web”',
      'Status=running',
      'Status=failed',
      'Provider=NGINX Instance Manager',
      'Account=name-a',
    ]);
    chips[1].remove(filter);
    chips[0].remove(filter);
    expect(filter.statuses).toEqual(['failed']);
    expect(filter.text).toBe('');
    expect(filterChips(filter, { accountName: String, showAccounts: false }).some((c) => c.label === 'Account')).toBe(false);
  });
});

describe('saved views', () => {
  it('parses what was stored and drops what is damaged', () => {
    const stored = JSON.stringify([
      { id: 'v1', name: 'Mine', kind: 'instances', scope: { kind: 'environment', environment: 'prod' }, filter: { statuses: ['running'] } },
      { id: 'v2', name: 'Bad kind', kind: 'configs' },
      'junk',
    ]);
    const views = parseSavedViews(stored);
    expect(views).toHaveLength(1);
    expect(views[0].scope).toEqual({ kind: 'environment', environment: 'prod' });
    expect(views[0].filter).toMatchObject({ statuses: ['running'], text: '', sort: 'name' });
    expect(views[0].columns).toEqual({ hidden: [], widths: {} });
    expect(parseSavedViews('{not json')).toEqual([]);
  });
});

describe('honest words', () => {
  it('says since when an account is failing and whom a request waits on', () => {
    expect(syncStateLabel('offline', 180)).toBe('offline · 3 min');
    expect(syncStateLabel('error', null)).toBe('sync error');
    expect(waitingLabel('Panel', 2)).toBeNull();
    expect(waitingLabel('Panel', 12.7)).toBe('waiting on Panel for 12 s');
    expect(waitingLabel('Panel', 190)).toBe('waiting on Panel for 3 min');
  });
});
