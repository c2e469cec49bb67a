import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { AccountDraft, AccountPatch, AccountTestResult } from '../../../shared/contract';
import type { Account } from '../../../shared/model';
import { toApiError, type ApiError } from '../api/client';
import { useClient } from '../api/inject';

/** The accounts (metadata only: no channel ever returns a secret) and their last test results. */
export const useAccountsStore = defineStore('accounts', () => {
  const client = useClient();
  const accounts = shallowRef<Account[]>([]);
  const loaded = shallowRef(false);
  const loading = shallowRef(false);
  const error = shallowRef<ApiError | null>(null);
  const testResults = shallowRef<Record<string, AccountTestResult & { at: number }>>({});
  const testing = shallowRef<Record<string, boolean>>({});

  const byId = computed(() => new Map(accounts.value.map((a) => [a.id, a])));

  async function load(): Promise<void> {
    loading.value = true;
    try {
      accounts.value = await client.call('accounts.list', undefined);
      error.value = null;
      loaded.value = true;
    } catch (e) {
      error.value = toApiError(e);
    } finally {
      loading.value = false;
    }
  }

  async function add(draft: AccountDraft): Promise<Account> {
    const account = await client.call('accounts.add', { ...draft, verify: true });
    await load();
    return account;
  }

  async function update(patch: AccountPatch): Promise<Account> {
    const account = await client.call('accounts.update', { ...patch, verify: true });
    await load();
    return account;
  }

  async function remove(id: string): Promise<void> {
    await client.call('accounts.remove', { id });
    const { [id]: _dropped, ...rest } = testResults.value;
    testResults.value = rest;
    await load();
  }

  async function test(id: string): Promise<AccountTestResult> {
    testing.value = { ...testing.value, [id]: true };
    try {
      const result = await client.call('accounts.test', { id });
      testResults.value = { ...testResults.value, [id]: { ...result, at: Date.now() } };
      return result;
    } catch (e) {
      const err = toApiError(e);
      const result: AccountTestResult = { ok: false, latencyMs: 0, summary: '', error: { code: err.code, message: err.message } };
      testResults.value = { ...testResults.value, [id]: { ...result, at: Date.now() } };
      return result;
    } finally {
      testing.value = { ...testing.value, [id]: false };
    }
  }

  function probe(draft: AccountDraft): Promise<AccountTestResult> {
    return client.call('accounts.probe', draft);
  }

  return { accounts, loaded, loading, error, byId, testResults, testing, load, add, update, remove, test, probe };
});
