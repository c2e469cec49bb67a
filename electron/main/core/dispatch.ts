import { contract, isChannelName, type Handlers } from '../../../shared/contract';
import { fail, HangarError, ok, type Envelope } from '../../../shared/errors';
import { notPlainData } from './plain-data';
import type { Logger } from './util/log';

export type Dispatch = (channel: string, payload: unknown) => Promise<Envelope<unknown>>;

/**
 * The single entry into the core for IPC, the CLI and the browser harness:
 * unknown channel or bad payload → VALIDATION; HangarError → its envelope; anything else → INTERNAL.
 */
export function createDispatch(handlers: Handlers, log: Logger): Dispatch {
  return async (channel, payload) => {
    // Only a string names a channel; nothing else is converted (a toString or a Proxy trap could throw or lie).
    if (typeof channel !== 'string') return fail({ code: 'VALIDATION', message: `A channel name must be a string (got ${kindOf(channel)})` });
    if (!isChannelName(channel)) {
      return fail({ code: 'VALIDATION', message: `Unknown channel "${channel.slice(0, 80)}"` });
    }
    // Payloads are plain data (what IPC's structured clone and JSON carry): no getters, Proxies or class instances.
    const notPlain = notPlainData(payload);
    if (notPlain) return fail({ code: 'VALIDATION', message: `Invalid input for ${channel}: ${notPlain}` });
    let parsed: ReturnType<(typeof contract)[typeof channel]['input']['safeParse']>;
    try {
      parsed = contract[channel].input.safeParse(payload);
    } catch {
      return fail({ code: 'VALIDATION', message: `Invalid input for ${channel}: it could not be read` });
    }
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

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}
