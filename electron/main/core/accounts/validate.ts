import { HangarError } from '../../../../shared/errors';
import type { AuthMethod, ProviderId } from '../../../../shared/model';
import { PROVIDERS, type AuthSpec } from '../../../../shared/providers';

/** The sign-in form of `provider` for `method`, or VALIDATION listing the ones it offers. */
export function authSpecFor(provider: ProviderId, method: AuthMethod): AuthSpec {
  const descriptor = PROVIDERS[provider];
  const spec = descriptor.auth.find((a) => a.method === method);
  if (!spec) {
    const offered = descriptor.auth.map((a) => `"${a.method}" (${a.label})`).join(', ');
    throw new HangarError('VALIDATION', `${descriptor.label} does not sign in with "${method}"; it offers ${offered}`, {
      details: { field: 'authMethod' },
    });
  }
  return spec;
}

/** The secret field keys of a sign-in method (password, token, apiKey, …). */
export function secretKeysOf(provider: ProviderId, method: AuthMethod): string[] {
  return authSpecFor(provider, method)
    .fields.filter((f) => f.secret)
    .map((f) => f.key);
}

/**
 * Checks an account's sign-in against its provider: the method is one it offers, no secret sits among the
 * plain fields (they are stored in the database), no unknown secret is passed, and every required field and
 * secret is present. Never echoes a value.
 */
export function validateSignIn(
  provider: ProviderId,
  method: AuthMethod,
  fields: Record<string, string>,
  secrets: Record<string, string>,
): void {
  const descriptor = PROVIDERS[provider];
  const spec = authSpecFor(provider, method);
  const anySecretKey = new Set(descriptor.auth.flatMap((a) => a.fields.filter((f) => f.secret).map((f) => f.key)));
  for (const key of Object.keys(fields)) {
    if (anySecretKey.has(key)) {
      throw new HangarError('VALIDATION', `"${key}" is a secret: pass it as a secret (it goes to the keychain), not as a field`, {
        details: { field: key },
      });
    }
  }
  const secretKeys = spec.fields.filter((f) => f.secret).map((f) => f.key);
  for (const key of Object.keys(secrets)) {
    if (!secretKeys.includes(key)) {
      throw new HangarError(
        'VALIDATION',
        `"${key}" is not a secret of ${descriptor.label} sign-in with ${spec.label} (it takes: ${secretKeys.join(', ') || 'none'})`,
        { details: { field: key } },
      );
    }
  }
  for (const f of spec.fields) {
    if (!f.required) continue;
    const value = f.secret ? secrets[f.key] : fields[f.key];
    if (value === undefined || value.trim() === '') {
      throw new HangarError(
        'VALIDATION',
        `Missing ${f.secret ? 'secret ' : ''}"${f.key}" (${f.label}) for ${descriptor.label} sign-in with ${spec.label}`,
        { details: { field: f.key } },
      );
    }
  }
}
