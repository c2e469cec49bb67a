export interface BackoffPolicy {
  /** Upper bound of the wait after repeated failures. */
  maxMs: number;
  /** Share of the delay randomised (0.1 = ±10%) so accounts on one server do not retry in step. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { maxMs: 30 * 60_000, jitter: 0.1 };

/**
 * Delay before the next poll: the poll interval while healthy; after the n-th consecutive failure
 * the interval doubled n times, capped at max(interval, maxMs).
 */
export function nextDelayMs(intervalMs: number, failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random = Math.random): number {
  const base = failures <= 0 ? intervalMs : Math.min(intervalMs * 2 ** Math.min(failures, 30), Math.max(intervalMs, policy.maxMs));
  const spread = base * policy.jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(base + spread));
}
