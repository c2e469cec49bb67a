import type { ServerResponse } from 'node:http';
import type { FaultInjector } from '../kit/faults';
import { Rng } from '../kit/rng';

/** What Zesty sends on a 5xx: plain text, not JSON (the SDK notes "500 responses do not return a json structure"). */
const PLAIN_TEXT_5XX: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * Makes the kit's injected errors look like Zesty's: the same knobs (latency, drop, errorRate,
 * hang, set at start or through /__sim/faults), but a 5xx answers in plain text and a 4xx with
 * `{ data: {}, message }`.
 */
export function useZestyErrorBodies(injector: FaultInjector, seed: string): void {
  const rng = new Rng(`zesty:faults:${seed}`);
  injector.before = async (res: ServerResponse): Promise<boolean> => {
    const f = injector.get();
    if (f.hang) return false;
    if (f.latencyMs) await new Promise((r) => setTimeout(r, f.latencyMs));
    if (f.dropRate && rng.chance(f.dropRate)) {
      res.socket?.destroy();
      return false;
    }
    if (f.errorRate && rng.chance(f.errorRate)) {
      const status = f.errorStatus ?? 500;
      if (status >= 500) {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(PLAIN_TEXT_5XX[status] ?? 'Server Error');
      } else {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ data: {}, message: `Injected fault ${status}` }));
      }
      return false;
    }
    return true;
  };
}
