/**
 * A token bucket per channel: `burst` messages at once, then one every `intervalMs`. Pure: the
 * caller passes the time and sleeps for the answer, so tests never wait.
 */
export interface RateLimit {
  /** messages sent at once before the limit applies (default 10) */
  burst: number;
  /** then one message per this many ms (default 6 s: 10 a minute) */
  intervalMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { burst: 10, intervalMs: 6000 };

export class TokenBucket {
  private tokens: number;
  private last: number | undefined;
  private readonly limit: RateLimit;

  constructor(limit: RateLimit) {
    this.limit = limit;
    this.tokens = limit.burst;
  }

  /** 0 and a token is taken; otherwise how long to wait before asking again */
  take(nowMs: number): number {
    // an interval of 0 is no limit (--notify-rate-limit none)
    if (this.limit.intervalMs <= 0) return 0;
    if (this.last !== undefined) {
      const earned = (nowMs - this.last) / this.limit.intervalMs;
      this.tokens = Math.min(this.limit.burst, this.tokens + Math.max(0, earned));
    }
    this.last = nowMs;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - this.tokens) * this.limit.intervalMs);
  }
}

/**
 * Keys seen within a window: the same news (a Notice key) reaches a channel once per window,
 * whichever path (relist, a second watch event, two detectors) produced it again.
 */
export class DedupeWindow {
  private readonly seen = new Map<string, number>();
  private readonly windowMs: number;

  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  /** true when the key was seen within the window; otherwise remembers it */
  repeat(key: string, nowMs: number): boolean {
    const until = this.seen.get(key);
    if (until !== undefined && until > nowMs) return true;
    if (this.seen.size >= 1000) this.prune(nowMs);
    this.seen.set(key, nowMs + this.windowMs);
    return false;
  }

  private prune(nowMs: number): void {
    for (const [k, until] of this.seen) if (until <= nowMs) this.seen.delete(k);
    // still full of live keys: forget the oldest, so memory stays bounded
    for (const k of this.seen.keys()) {
      if (this.seen.size < 1000) break;
      this.seen.delete(k);
    }
  }
}
