import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import AccountForm from '../../renderer/src/components/AccountForm.vue';
import type { Account } from '../../shared/model';
import { startRealCore, type RealCore } from './real-core';
import { CLIENT_KEY } from '../../renderer/src/api/inject';

describe('AccountForm (mounted)', () => {
  let real: RealCore;
  beforeEach(async () => {
    real = await startRealCore();
  });
  afterEach(async () => {
    await real.close();
  });

  const mountForm = (account: Account | null = null) =>
    mount(AccountForm, {
      props: { account },
      global: { plugins: [real.pinia], provide: { [CLIENT_KEY as symbol]: real.client } },
    });

  it('asks for the default provider’s sign-in fields, with secrets as password inputs', () => {
    const wrapper = mountForm();
    const text = wrapper.text();
    expect(text).toContain('Username');
    expect(text).toContain('Password');
    expect(text).toContain('API prefix');
    expect(wrapper.find('input[name="secrets.password"]').attributes('type')).toBe('password');
    expect(text).toContain('Add account');
    wrapper.unmount();
  });

  it('on edit, leaves secret inputs empty with a keep-it hint', () => {
    const account: Account = {
      id: 'a1',
      name: 'Panel',
      provider: 'skyport',
      baseUrl: 'http://127.0.0.1:3001',
      environment: 'dev',
      envColor: '#2080f0',
      authMethod: 'apiKey',
      fields: {},
      tls: { insecure: true },
      pollIntervalSec: 60,
      createdAt: '',
      updatedAt: '',
    };
    const wrapper = mountForm(account);
    const secret = wrapper.find('input[name="secrets.apiKey"]');
    expect((secret.element as HTMLInputElement).value).toBe('');
    expect(secret.attributes('placeholder')).toContain('leave empty to keep it');
    expect(wrapper.find('[data-testid="insecure-warning"]').exists()).toBe(true);
    expect(wrapper.text()).toContain('Save changes');
    wrapper.unmount();
  });

  it('shows the local validation messages on save without calling the core', async () => {
    const wrapper = mountForm();
    await flushPromises();
    const before = real.calls.length;
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('Give the account a name');
    expect(wrapper.text()).toContain('The API address is required');
    expect(wrapper.emitted('saved')).toBeUndefined();
    expect(real.calls.slice(before)).toEqual([]);
    wrapper.unmount();
  });

  it('a complete form does reach the core on save (so the count above can see a call)', async () => {
    const wrapper = mountForm();
    await flushPromises();
    const before = real.calls.length;
    await wrapper.find('input[name="name"]').setValue('nim-test');
    await wrapper.find('input[name="baseUrl"]').setValue('http://127.0.0.1:9');
    await wrapper.find('input[name="fields.username"]').setValue('admin');
    await wrapper.find('input[name="secrets.password"]').setValue('pw');
    await wrapper.find('form').trigger('submit');
    await vi.waitFor(() => expect(real.calls.slice(before)).toContain('accounts.add'), { timeout: 10_000 });
    wrapper.unmount();
  });
});
