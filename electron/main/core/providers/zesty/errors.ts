import type { AuthMethod } from '../../../../../shared/model';
import { describeBody, type ErrorReader } from '../../http/client';

/** The `message` (or `error`) of a Zesty error body: `{ data: {}, message }` or the Auth API's `{ code, message }`. */
export function zestyMessage(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  for (const key of ['message', 'error'] as const) {
    const v = (body as Record<string, unknown>)[key];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return undefined;
}

/**
 * Zesty's errors in readable words: `{message}` bodies as they are, plain-text 5xx bodies (Zesty
 * sends no JSON then) as a server error, and a 401 explained for the account's auth method.
 */
export function zestyErrorReader(authMethod: AuthMethod): ErrorReader {
  return (res) => {
    const message = zestyMessage(res.body);
    if (res.status >= 500) {
      return { code: 'SERVER', message: `Zesty had a server error${message ? `: ${message}` : ` (${describeBody(res)})`}` };
    }
    if (res.status === 401) {
      const why =
        authMethod === 'token'
          ? 'the access token was refused: it may have expired (access tokens last 90 days) or been revoked'
          : 'the session was refused even after signing in again';
      return { code: 'AUTH', message: message ? `${message} (${why})` : why };
    }
    if (res.status === 403 && message && /access token/i.test(message)) {
      return { code: 'FORBIDDEN', message: `${message}. Use the email-and-password sign-in for this account to publish.` };
    }
    return message ? { message } : undefined;
  };
}
