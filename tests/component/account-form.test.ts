import { describe, expect, it } from 'vitest';
import { ApiError } from '../../renderer/src/api/client';
import { fieldErrorsFor } from '../../renderer/src/lib/accountErrors';
import {
  accountFormFromAccount,
  hasAllSecrets,
  newAccountForm,
  secretsRequired,
  selectAuthMethod,
  selectEnvironment,
  selectProvider,
  toAccountDraft,
  toAccountPatch,
  validateAccountForm,
  visibleFields,
} from '../../renderer/src/lib/accountForm';
import type { Account } from '../../shared/model';

const account: Account = {
  id: 'acc-1',
  name: 'NIM prod',
  provider: 'nim',
  baseUrl: 'https://nim.example.com',
  environment: 'prod',
  envColor: '#d03050',
  authMethod: 'basic',
  fields: { username: 'admin', apiPrefix: '/api/nim/v1' },
  tls: { insecure: false, caPem: '-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----' },
  pollIntervalSec: 120,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  hasSecret: true,
};

describe('account form', () => {
  it('shows exactly the chosen auth method’s fields, then the provider’s settings', () => {
    const form = newAccountForm('nim');
    expect(visibleFields(form).auth.map((f) => f.key)).toEqual(['username', 'password']);
    selectAuthMethod(form, 'bearer');
    expect(visibleFields(form).auth.map((f) => f.key)).toEqual(['token']);
    expect(visibleFields(form).settings.map((f) => f.key)).toEqual(['apiPrefix']);
    selectProvider(form, 'kianda');
    expect(form.authMethod).toBe('password');
    expect(visibleFields(form).auth.map((f) => f.key)).toEqual(['username', 'subscriptionId', 'password']);
  });

  it('validates before sending: name, URL, required fields, poll interval, PEM', () => {
    const form = newAccountForm('nim');
    form.baseUrl = 'ftp://user:pw@host';
    form.pollIntervalSec = 5;
    form.caPem = 'not a certificate';
    const errors = validateAccountForm(form);
    expect(Object.keys(errors).sort()).toEqual(
      ['baseUrl', 'fields.username', 'name', 'pollIntervalSec', 'secrets.password', 'tls.caPem'].sort(),
    );
    form.name = 'Lab';
    form.baseUrl = 'https://nim.lab';
    form.fields.username = 'admin';
    form.secrets.password = 'pw';
    form.pollIntervalSec = 60;
    form.caPem = '';
    expect(validateAccountForm(form)).toEqual({});
  });

  it('a draft carries only the chosen method’s fields and secrets, trimmed', () => {
    const form = newAccountForm('nim');
    form.name = '  Lab ';
    form.baseUrl = ' https://nim.lab ';
    form.fields.username = 'admin';
    form.secrets.password = 'pw';
    selectAuthMethod(form, 'bearer');
    form.secrets.token = 'jwt';
    form.fields.apiPrefix = '  ';
    const draft = toAccountDraft(form);
    expect(draft).toMatchObject({ name: 'Lab', baseUrl: 'https://nim.lab', authMethod: 'bearer', secrets: { token: 'jwt' } });
    expect(draft.fields).toEqual({});
    expect(draft.tls).toEqual({ insecure: false });
    expect(draft.envLabel).toBeUndefined();
  });

  it('editing never prefills secrets; an empty secret means keep the stored one', () => {
    const form = accountFormFromAccount(account);
    expect(form.secrets).toEqual({});
    expect(secretsRequired(form)).toBe(false);
    expect(validateAccountForm(form)).toEqual({});
    const patch = toAccountPatch(form);
    expect(patch).not.toHaveProperty('secrets');
    expect(patch).toMatchObject({ id: 'acc-1', fields: { username: 'admin', apiPrefix: '/api/nim/v1' }, pollIntervalSec: 120 });
    expect(patch.tls?.caPem).toContain('BEGIN CERTIFICATE');
    expect(hasAllSecrets(form)).toBe(false);

    form.secrets.password = 'new';
    expect(toAccountPatch(form).secrets).toEqual({ password: 'new' });

    selectAuthMethod(form, 'bearer');
    expect(secretsRequired(form)).toBe(true);
    expect(validateAccountForm(form)).toHaveProperty(['secrets.token']);
  });

  it('the environment colour follows the environment until the user picks one', () => {
    const form = newAccountForm();
    selectEnvironment(form, 'prod');
    expect(form.envColor).toBe('#d03050');
    form.envColor = '#123456';
    form.envColorTouched = true;
    selectEnvironment(form, 'staging');
    expect(form.envColor).toBe('#123456');
  });

  it('puts server errors where they belong on the form', () => {
    const form = newAccountForm('everypoint');
    expect(fieldErrorsFor(new ApiError({ code: 'AUTH', message: '401' }), form)).toEqual({
      'fields.username': 'Rejected by the server',
      'secrets.password': 'Rejected by the server',
    });
    expect(fieldErrorsFor(new ApiError({ code: 'OFFLINE', message: 'ECONNREFUSED' }), form)).toEqual({ baseUrl: 'ECONNREFUSED' });
    expect(fieldErrorsFor(new ApiError({ code: 'TLS', message: 'self-signed' }), form)).toEqual({ 'tls.caPem': 'self-signed' });
    const validation = new ApiError({
      code: 'VALIDATION',
      message: 'bad',
      details: { issues: [{ path: 'fields.username', message: 'too long' }, { path: 'fields.username', message: 'second' }] },
    });
    expect(fieldErrorsFor(validation, form)).toEqual({ 'fields.username': 'too long' });
  });
});
