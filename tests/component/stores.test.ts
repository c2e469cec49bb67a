import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../renderer/src/api/client';
import { useAccountsStore } from '../../renderer/src/stores/accounts';
import { summarize, useSyncStore } from '../../renderer/src/stores/sync';
import { startRealCore, startSkyport, type RealCore, type SimHandle } from './real-core';

describe('stores over a real core', () => {
  let real: RealCore;
  let sim: SimHandle;

  beforeEach(async () => {
    real = await startRealCore();
    sim = await startSkyport({ instances: 7, nodes: 2 });
  });
  afterEach(async () => {
    await real.close();
    await sim.close();
  });

  const draft = (overrides: Record<string, unknown> = {}) => ({
    name: 'Panel',
    provider: 'skyport' as const,
    baseUrl: sim.account.baseUrl,
    environment: 'dev' as const,
    authMethod: 'apiKey' as const,
    fields: {},
    secrets: sim.account.secrets,
    ...overrides,
  });

  it('the client throws ApiError with the code and per-field issues', async () => {
    const error = await real.client.call('accounts.add', { ...draft(), baseUrl: 'ftp://nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('VALIDATION');
    expect(Object.keys((error as ApiError).fieldErrors())).toContain('baseUrl');
  });

  it('accounts: add verifies (AUTH on a wrong key, nothing saved), then add, test and remove', async () => {
    const accounts = useAccountsStore();
    const refused = await accounts.add(draft({ secrets: { apiKey: 'skyport_wrong' } })).catch((e: unknown) => e);
    expect((refused as ApiError).code).toBe('AUTH');
    await accounts.load();
    expect(accounts.accounts).toEqual([]);

    const added = await accounts.add(draft());
    expect(accounts.accounts.map((a) => a.name)).toEqual(['Panel']);
    expect(JSON.stringify(accounts.accounts)).not.toContain(sim.account.secrets.apiKey);

    const result = await accounts.test(added.id);
    expect(result.ok).toBe(true);
    expect(accounts.testResults[added.id]?.ok).toBe(true);
    expect(accounts.testing[added.id]).toBe(false);

    await accounts.remove(added.id);
    expect(accounts.accounts).toEqual([]);
  });

  it('sync: refresh fills the statuses; sync.changed events bump dataVersion', async () => {
    const accounts = useAccountsStore();
    const sync = useSyncStore();
    sync.start();
    const added = await accounts.add(draft());
    const before = sync.dataVersion;
    await sync.refresh();
    expect(sync.statuses[added.id]?.state).toBe('ok');
    expect(sync.statuses[added.id]?.instanceCount).toBe(7);
    expect(sync.summary.counts.ok).toBe(1);
    expect(sync.dataVersion).toBeGreaterThan(before);
    sync.dispose();
  });
});

describe('summarize', () => {
  it('counts states and picks the worst', () => {
    const base = { lastAttemptAt: null, ageSeconds: null, instanceCount: 0, nodeCount: 0 };
    const s = summarize([
      { ...base, accountId: 'a', state: 'ok', lastSuccessAt: '2026-01-02T00:00:00Z' },
      { ...base, accountId: 'b', state: 'stale', lastSuccessAt: '2026-01-01T00:00:00Z' },
      { ...base, accountId: 'c', state: 'auth_failed', lastSuccessAt: null },
    ]);
    expect(s.total).toBe(3);
    expect(s.counts).toMatchObject({ ok: 1, stale: 1, auth_failed: 1, offline: 0 });
    expect(s.worst).toBe('auth_failed');
    expect(s.oldestSuccessAt).toBe('2026-01-01T00:00:00Z');
    expect(summarize([]).worst).toBeNull();
  });
});
