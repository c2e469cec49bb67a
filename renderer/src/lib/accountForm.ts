import type { AccountDraft, AccountPatch } from '../../../shared/contract';
import {
  DEFAULT_ENV_COLORS,
  type Account,
  type AuthMethod,
  type Environment,
  type ProviderId,
} from '../../../shared/model';
import { PROVIDERS, type AuthSpec, type FieldSpec } from '../../../shared/providers';

/** The account form's state: one flat object the drawer edits, turned into a draft or a patch on submit. */
export interface AccountFormState {
  mode: 'add' | 'edit';
  id?: string;
  provider: ProviderId;
  name: string;
  baseUrl: string;
  authMethod: AuthMethod;
  /** Non-secret auth fields and provider settings, by key. */
  fields: Record<string, string>;
  /** Secret fields; never prefilled on edit (empty = keep the stored one). */
  secrets: Record<string, string>;
  environment: Environment;
  envLabel: string;
  envColor: string;
  /** True once the user picked a colour: changing the environment then keeps it. */
  envColorTouched: boolean;
  caPem: string;
  insecure: boolean;
  pollIntervalSec: number;
  /** The auth method stored for the account being edited (a new method needs new secrets). */
  originalAuthMethod?: AuthMethod;
}

export const MIN_POLL_SEC = 10;
export const MAX_POLL_SEC = 86_400;

export function newAccountForm(provider: ProviderId = 'nim'): AccountFormState {
  return {
    mode: 'add',
    provider,
    name: '',
    baseUrl: '',
    authMethod: PROVIDERS[provider].auth[0].method,
    fields: {},
    secrets: {},
    environment: 'dev',
    envLabel: '',
    envColor: DEFAULT_ENV_COLORS.dev,
    envColorTouched: false,
    caPem: '',
    insecure: false,
    pollIntervalSec: 60,
  };
}

export function accountFormFromAccount(account: Account): AccountFormState {
  return {
    mode: 'edit',
    id: account.id,
    provider: account.provider,
    name: account.name,
    baseUrl: account.baseUrl,
    authMethod: account.authMethod,
    fields: { ...account.fields },
    secrets: {},
    environment: account.environment,
    envLabel: account.envLabel ?? '',
    envColor: account.envColor,
    envColorTouched: account.envColor.toLowerCase() !== DEFAULT_ENV_COLORS[account.environment].toLowerCase(),
    caPem: account.tls.caPem ?? '',
    insecure: account.tls.insecure,
    pollIntervalSec: account.pollIntervalSec,
    originalAuthMethod: account.authMethod,
  };
}

export function authSpecOf(form: Pick<AccountFormState, 'provider' | 'authMethod'>): AuthSpec {
  const auth = PROVIDERS[form.provider].auth;
  return auth.find((a) => a.method === form.authMethod) ?? auth[0];
}

/** The fields the form shows for the chosen provider and auth method: exactly that method's, then the settings. */
export function visibleFields(form: Pick<AccountFormState, 'provider' | 'authMethod'>): {
  auth: FieldSpec[];
  settings: FieldSpec[];
} {
  return { auth: authSpecOf(form).fields, settings: PROVIDERS[form.provider].settings };
}

/** The form key of a field: `secrets.x` or `fields.x` — the same paths the core's VALIDATION issues use. */
export function fieldPath(field: FieldSpec): string {
  return `${field.secret ? 'secrets' : 'fields'}.${field.key}`;
}

export function selectProvider(form: AccountFormState, provider: ProviderId): void {
  if (form.provider === provider) return;
  form.provider = provider;
  form.authMethod = PROVIDERS[provider].auth[0].method;
  form.fields = {};
  form.secrets = {};
}

export function selectAuthMethod(form: AccountFormState, method: AuthMethod): void {
  if (form.authMethod === method) return;
  form.authMethod = method;
  form.secrets = {};
}

export function selectEnvironment(form: AccountFormState, environment: Environment): void {
  form.environment = environment;
  if (!form.envColorTouched) form.envColor = DEFAULT_ENV_COLORS[environment];
}

/** Must the user type the secrets? Always when adding; on edit only when the auth method changed. */
export function secretsRequired(form: AccountFormState): boolean {
  return form.mode === 'add' || form.authMethod !== form.originalAuthMethod;
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
  } catch {
    return false;
  }
}

/** Client-side checks before anything is sent; keys are form paths. The core validates again. */
export function validateAccountForm(form: AccountFormState): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!form.name.trim()) errors.name = 'Give the account a name';
  else if (form.name.trim().length > 100) errors.name = 'At most 100 characters';
  if (!form.baseUrl.trim()) errors.baseUrl = 'The API address is required';
  else if (!isHttpUrl(form.baseUrl.trim())) errors.baseUrl = 'An http(s) URL without credentials in it';
  for (const field of visibleFields(form).auth) {
    if (!field.required) continue;
    if (field.secret) {
      if (secretsRequired(form) && !form.secrets[field.key]) errors[fieldPath(field)] = `${field.label} is required`;
    } else if (!form.fields[field.key]?.trim()) {
      errors[fieldPath(field)] = `${field.label} is required`;
    }
  }
  if (!/^#[0-9a-fA-F]{6}$/.test(form.envColor)) errors.envColor = 'A colour like #d03050';
  if (form.envLabel.trim().length > 40) errors.envLabel = 'At most 40 characters';
  if (
    !Number.isInteger(form.pollIntervalSec) ||
    form.pollIntervalSec < MIN_POLL_SEC ||
    form.pollIntervalSec > MAX_POLL_SEC
  ) {
    errors.pollIntervalSec = `Between ${MIN_POLL_SEC} seconds and 24 hours`;
  }
  if (form.caPem.trim() && !form.caPem.includes('-----BEGIN CERTIFICATE-----')) {
    errors['tls.caPem'] = 'Paste PEM certificates (-----BEGIN CERTIFICATE----- …)';
  }
  return errors;
}

/** Only the non-secret fields the chosen method and the provider's settings know, trimmed, empty ones left out. */
function collectFields(form: AccountFormState): Record<string, string> {
  const out: Record<string, string> = {};
  const { auth, settings } = visibleFields(form);
  for (const field of [...auth, ...settings]) {
    if (field.secret) continue;
    const value = form.fields[field.key]?.trim();
    if (value) out[field.key] = value;
  }
  return out;
}

function collectSecrets(form: AccountFormState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of visibleFields(form).auth) {
    if (!field.secret) continue;
    const value = form.secrets[field.key];
    if (value) out[field.key] = value;
  }
  return out;
}

function collectTls(form: AccountFormState): { caPem?: string; insecure: boolean } {
  const caPem = form.caPem.trim();
  return caPem ? { caPem, insecure: form.insecure } : { insecure: form.insecure };
}

/** What accounts.add and accounts.probe take. */
export function toAccountDraft(form: AccountFormState): AccountDraft {
  const draft: AccountDraft = {
    name: form.name.trim(),
    provider: form.provider,
    baseUrl: form.baseUrl.trim(),
    environment: form.environment,
    envColor: form.envColor,
    authMethod: form.authMethod,
    fields: collectFields(form),
    secrets: collectSecrets(form),
    tls: collectTls(form),
    pollIntervalSec: form.pollIntervalSec,
  };
  const label = form.envLabel.trim();
  if (label) draft.envLabel = label;
  return draft;
}

/** What accounts.update takes: everything but the provider; secrets only when the user typed new ones. */
export function toAccountPatch(form: AccountFormState): AccountPatch {
  if (!form.id) throw new Error('toAccountPatch needs an account id');
  const patch: AccountPatch = {
    id: form.id,
    name: form.name.trim(),
    baseUrl: form.baseUrl.trim(),
    environment: form.environment,
    envLabel: form.envLabel.trim(),
    envColor: form.envColor,
    authMethod: form.authMethod,
    fields: collectFields(form),
    tls: collectTls(form),
    pollIntervalSec: form.pollIntervalSec,
  };
  const secrets = collectSecrets(form);
  if (Object.keys(secrets).length > 0) patch.secrets = secrets;
  return patch;
}

/** True when every secret field of the chosen method is typed in (a draft that can be probed as is). */
export function hasAllSecrets(form: AccountFormState): boolean {
  return visibleFields(form)
    .auth.filter((f) => f.secret)
    .every((f) => !!form.secrets[f.key]);
}
