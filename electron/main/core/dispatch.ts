import { contract, isChannelName, type Handlers } from '../../../shared/contract';
import { fail, HangarError, ok, type Envelope } from '../../../shared/errors';
import type { Logger } from './util/log';

export type Dispatch = (channel: string, payload: unknown) => Promise<Envelope<unknown>>;

/**
 * The single entry into the core for IPC, the CLI and the browser harness:
 * unknown channel or bad payload → VALIDATION; HangarError → its envelope; anything else → INTERNAL.
 */
export function createDispatch(handlers: Handlers, log: Logger): Dispatch {
  return async (channel, payload) => {
    if (!isChannelName(channel)) {
      return fail({ code: 'VALIDATION', message: `Unknown channel "${String(channel).slice(0, 80)}"` });
    }
    const parsed = contract[channel].input.safeParse(payload);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      const first = issues[0];
      return fail({
        code: 'VALIDATION',
        message: `Invalid input for ${channel}: ${first ? `${first.path || '(root)'}: ${first.message}` : 'rejected'}`,
        details: { issues },
      });
    }
    try {
      const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
      return ok(await handler(parsed.data));
    } catch (e) {
      if (e instanceof HangarError) return fail(e.toInfo());
      log.error('handler failed', { channel, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      return fail({ code: 'INTERNAL', message: `Internal error in ${channel}` });
    }
  };
}
