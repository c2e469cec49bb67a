import { HangarError } from '../../../../shared/errors';
import type { Redactor } from '../util/redact';

/**
 * Wraps handlers so that a HangarError leaving them carries no known secret in its message or details,
 * whatever code raised it (a provider quoting a server that echoed credentials, a library message, …).
 */
export function withRedactedErrors<T extends Record<string, (input: never) => Promise<unknown>>>(handlers: T, redactor: Redactor): T {
  const out: Record<string, (input: never) => Promise<unknown>> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    out[name] = async (input) => {
      try {
        return await handler(input);
      } catch (e) {
        if (!(e instanceof HangarError)) throw e;
        const message = redactor.redact(e.message);
        const details = e.details === undefined ? undefined : redactor.redactValue(e.details);
        if (message === e.message && details === e.details) throw e;
        throw new HangarError(e.code, message, { status: e.status, details, retryable: e.retryable });
      }
    };
  }
  return out as T;
}
