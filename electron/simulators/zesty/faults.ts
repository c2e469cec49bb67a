import type { FaultErrorBody } from '../kit/faults';

/** What Zesty sends on a 5xx: plain text, not JSON (the SDK notes "500 responses do not return a json structure"). */
const PLAIN_TEXT_5XX: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Injected errors in Zesty's form: a 5xx in plain text, a 4xx as `{ data: {}, message }`. */
export const zestyErrorBody: FaultErrorBody = (status) =>
  status >= 500
    ? { contentType: 'text/plain; charset=utf-8', body: PLAIN_TEXT_5XX[status] ?? 'Server Error' }
    : { contentType: 'application/json; charset=utf-8', body: JSON.stringify({ data: {}, message: `Injected fault ${status}` }) };
