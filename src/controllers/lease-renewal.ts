/**
 * One lease renewal with retries: a failed keep-alive (typically a stream opened on an etcd member
 * that just died) is tried again at once, on another member (the client skips a member that failed
 * lately: store/etcd/etcd-member-avoidance.ts), for as long as the lease can still be vouched for.
 * Waiting for the next round instead made a healthy leader step down after three unlucky picks in a
 * row. The deadline is the leader's own (its step-down moment): past it a renewal is pointless,
 * the leader has stepped down, and the caller's step-down timer does that whatever happens here.
 */

export interface RenewalAttempt {
  /** one keep-alive round trip with at most `timeoutMs` to answer; resolves to the TTL granted (0: the lease is gone) */
  (timeoutMs: number): Promise<number>;
}

export interface RenewalOptions {
  /** the moment (on `now`'s clock) after which a renewal no longer helps */
  deadline: number;
  now: () => number;
  /** attempts at most (one per member is enough to find a live one) */
  maxAttempts: number;
  /** the longest one attempt may take */
  attemptTimeoutMs: number;
  /** told about each failed attempt that is retried */
  onRetry?: (err: unknown, attempt: number) => void;
}

/** Renews until an attempt answers; rethrows the last failure once attempts or time run out. */
export async function renewWithRetry(attempt: RenewalAttempt, options: RenewalOptions): Promise<number> {
  for (let n = 1; ; n++) {
    const left = options.deadline - options.now();
    try {
      return await attempt(Math.max(1, Math.min(options.attemptTimeoutMs, left)));
    } catch (err) {
      if (n >= options.maxAttempts || options.now() >= options.deadline) throw err;
      options.onRetry?.(err, n);
    }
  }
}
