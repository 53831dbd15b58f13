/**
 * Retry policy: capped exponential backoff with jitter for transient failures (network errors,
 * timeouts, 5xx), and the registry's own `Retry-After` for 429, up to a cap. The clock and the
 * sleep are injected so unit tests never wait.
 */

import { backoffDelay } from '../controllers/backoff.js';

export interface RetryPolicy {
  /** total attempts, the first included */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** the longest Retry-After we wait for; longer ones fail at once as RateLimited */
  maxRetryAfterMs: number;
  /**
   * A quick first retry, before the usual schedule: it waits this long (with the same equal
   * jitter, so half to all of it), then retries go on as without it (baseDelayMs, doubling), and
   * it does not count against maxAttempts. For a failure known to last milliseconds: a registry
   * that answers 500 while it writes the tag link a push notification announced.
   */
  firstRetryDelayMs?: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
};

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Delay before retry number `retry` (1 = the first retry): "equal jitter", half fixed and half
 * random, so retries spread out but never collapse to zero.
 */
export function retryDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const quick = policy.firstRetryDelayMs;
  if (quick !== undefined && retry === 1) return jittered(Math.min(policy.maxDelayMs, quick), random);
  const step = quick === undefined ? retry : retry - 1;
  return jittered(
    backoffDelay(Math.max(1, step), { baseMs: policy.baseDelayMs, maxMs: policy.maxDelayMs }),
    random,
  );
}

function jittered(ms: number, random: () => number): number {
  return Math.round(ms / 2 + random() * (ms / 2));
}

/** Attempts in all: the quick first retry comes on top of maxAttempts. */
function attemptsOf(policy: RetryPolicy): number {
  return policy.maxAttempts + (policy.firstRetryDelayMs === undefined || policy.maxAttempts <= 1 ? 0 : 1);
}

/**
 * `Retry-After` as milliseconds: delta-seconds or an HTTP date (relative to `now`).
 * Undefined when absent or unparseable; never negative.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // an HTTP-date always names a day or month; anything else is malformed
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** What a failed attempt tells the retry loop. */
export interface AttemptFailure {
  error: unknown;
  retryable: boolean;
  /** the registry's Retry-After, when it gave one */
  retryAfterMs?: number;
}

export interface RetryDeps {
  policy: RetryPolicy;
  sleep: Sleep;
  random: () => number;
  signal?: AbortSignal | undefined;
  /** milliseconds left before the caller's deadline: a wait that would not end before it is not started */
  remainingMs?: () => number;
  onRetry?: (retry: number, delayMs: number, failure: AttemptFailure) => void;
}

/**
 * Runs `attempt` until it succeeds, fails for good, or attempts run out. `attempt` returns a
 * value or an AttemptFailure; the last failure's error is thrown. `tooLong` turns a Retry-After
 * beyond the cap into the final error.
 */
export async function withRetry<T>(
  attempt: () => Promise<T | AttemptFailure>,
  isFailure: (v: T | AttemptFailure) => v is AttemptFailure,
  deps: RetryDeps,
  tooLong: (failure: AttemptFailure) => unknown = (f) => f.error,
): Promise<T> {
  for (let n = 1; ; n++) {
    const result = await attempt();
    if (!isFailure(result)) return result;
    if (!result.retryable || n >= attemptsOf(deps.policy)) throw result.error;
    let delay = retryDelay(n, deps.policy, deps.random);
    if (result.retryAfterMs !== undefined) {
      if (result.retryAfterMs > deps.policy.maxRetryAfterMs) throw tooLong(result);
      delay = Math.max(delay, result.retryAfterMs);
    }
    // the last answer (e.g. 429 with its Retry-After) says more than a timeout would
    if (deps.remainingMs && delay >= deps.remainingMs()) throw result.error;
    deps.onRetry?.(n, delay, result);
    await deps.sleep(delay, deps.signal);
  }
}
