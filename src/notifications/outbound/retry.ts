/** When and whether a webhook delivery is tried again. Pure. */
import { backoffDelay } from '../../controllers/backoff.js';

export interface RetryPolicy {
  /** attempts in total, the first one included (default 5) */
  maxAttempts: number;
  /** wait after the first failure (default 1 s) */
  initialDelayMs: number;
  /** cap of the exponential wait (default 60 s) */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  initialDelayMs: 1000,
  maxDelayMs: 60_000,
};

/** The wait after failed attempt number `attempt` (1-based): initial, doubling, capped. */
export function retryDelayMs(attempt: number, policy: RetryPolicy): number {
  return backoffDelay(Math.max(1, attempt), { baseMs: policy.initialDelayMs, maxMs: policy.maxDelayMs });
}

/** The whole schedule of waits between attempts. */
export function retrySchedule(policy: RetryPolicy): number[] {
  return Array.from({ length: Math.max(0, policy.maxAttempts - 1) }, (_, i) => retryDelayMs(i + 1, policy));
}

/**
 * The receiver's answer decides: network errors (no status), 408, 429 and 5xx are worth
 * another try; any other 4xx says the request itself is unwanted and will stay so.
 */
export function isRetryable(status: number | undefined): boolean {
  if (status === undefined) return true;
  return status === 408 || status === 429 || status >= 500;
}
