import type { AccountTestResult } from '../../../../shared/contract/accounts';
import { HangarError } from '../../../../shared/errors';
import type { Logger } from '../util/log';
import type { Redactor } from '../util/redact';

/**
 * Runs the provider's connection test and reports it as a result, never as a throw: a failed test is an
 * answer ({ok:false, error}) the form and `hangar accounts test` show.
 */
export async function testConnection(
  run: () => Promise<{ summary: string }>,
  deps: { redactor: Redactor; log: Logger },
): Promise<AccountTestResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const { summary } = await run();
    return { ok: true, latencyMs: elapsed(), summary: deps.redactor.redact(summary) };
  } catch (e) {
    const latencyMs = elapsed();
    if (e instanceof HangarError) {
      return {
        ok: false,
        latencyMs,
        summary: `Failed: ${e.code}`,
        error: { code: e.code, message: deps.redactor.redact(e.message) },
      };
    }
    deps.log.error('connection test failed unexpectedly', { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    return {
      ok: false,
      latencyMs,
      summary: 'Failed: INTERNAL',
      error: { code: 'INTERNAL', message: 'The connection test failed unexpectedly (see the log)' },
    };
  }
}
