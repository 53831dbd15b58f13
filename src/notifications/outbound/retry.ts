/** When and whether a webhook delivery is tried again. Pure. */

export interface RetryPolicy {
  /** attempts in total, the first one included (default 5) */
  maxAttempts: number;
  /** wait after the first failure (default 1 s) */
  initialDelayMs: number;
  /** cap of the exponential wait (default 60 s) */
  maxDelayMs: number;
  factor: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  initialDelayMs: 1000,
  maxDelayMs: 60_000,
  factor: 2,
};

/** The wait after failed attempt number `attempt` (1-based): initial * factor^(attempt-1), capped. */
export function retryDelayMs(attempt: number, policy: RetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** Math.max(0, attempt - 1));
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
