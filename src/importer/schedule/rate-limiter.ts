/**
 * The scheduled imports per minute cap as a token bucket with reservations (golang.org/x/time/rate
 * `Reserve`): a check the bucket cannot serve now is given the next free slot instead of being
 * refused, so it waits seconds, not a whole cycle as in OpenShift.
 */

export interface RateLimiter {
  /** takes a token; returns the epoch ms at which the caller may go (now when a token was free) */
  reserve(): number;
}

export interface RateLimiterOptions {
  /** tokens per minute; -1 unlimited; 0 means the default 60 (as OpenShift) */
  perMinute: number;
  /** bucket size (default 2 × perMinute, as OpenShift) */
  burst?: number;
  now: () => number;
}

export const DEFAULT_SCHEDULED_IMPORTS_PER_MINUTE = 60;

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const perMinute = options.perMinute === 0 ? DEFAULT_SCHEDULED_IMPORTS_PER_MINUTE : options.perMinute;
  if (perMinute < 0) return { reserve: () => options.now() };
  const perMs = perMinute / 60_000;
  const burst = Math.max(1, options.burst ?? 2 * perMinute);
  let tokens = burst;
  let at = options.now();
  return {
    reserve() {
      const t = options.now();
      tokens = Math.min(burst, tokens + (t - at) * perMs);
      at = t;
      tokens -= 1;
      // a negative balance is the queue of reservations already handed out
      return tokens >= 0 ? t : t + Math.ceil(-tokens / perMs);
    },
  };
}
