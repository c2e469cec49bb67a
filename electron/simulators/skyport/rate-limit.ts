/**
 * The panel's global POST limiter (express-rate-limit, `windowMs: 60 * 100, max: 6`): per client IP,
 * a window opens at the first POST; the 7th POST inside it is refused.
 */
export class PostRateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    readonly max = 6,
    readonly windowMs = 6_000,
  ) {}

  /** Counts one POST; `limited` when it is over the limit, with the seconds until the window ends. */
  hit(ip: string, now: number): { limited: boolean; remaining: number; retryAfterSec: number; resetAt: number } {
    let h = this.hits.get(ip);
    if (!h || h.resetAt <= now) {
      h = { count: 0, resetAt: now + this.windowMs };
      this.hits.set(ip, h);
    }
    h.count++;
    return {
      limited: h.count > this.max,
      remaining: Math.max(0, this.max - h.count),
      retryAfterSec: Math.max(1, Math.ceil((h.resetAt - now) / 1000)),
      resetAt: h.resetAt,
    };
  }

  reset(): void {
    this.hits.clear();
  }
}
