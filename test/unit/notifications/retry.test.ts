import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  isRetryable,
  retryDelayMs,
  retrySchedule,
} from '../../../src/notifications/outbound/retry.js';

describe('webhook retry schedule', () => {
  it('doubles from the initial delay and stops at the cap', () => {
    expect(retrySchedule({ maxAttempts: 8, initialDelayMs: 1000, maxDelayMs: 10_000 })).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000, 10_000,
    ]);
  });

  it('has one wait fewer than attempts, and none for a single attempt', () => {
    expect(retrySchedule(DEFAULT_RETRY_POLICY)).toHaveLength(DEFAULT_RETRY_POLICY.maxAttempts - 1);
    expect(retrySchedule({ ...DEFAULT_RETRY_POLICY, maxAttempts: 1 })).toEqual([]);
  });

  it('waits the initial delay after the first failure', () => {
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY)).toBe(DEFAULT_RETRY_POLICY.initialDelayMs);
  });

  it('retries network errors, 408, 429 and 5xx but not other 4xx', () => {
    expect([undefined, 408, 429, 500, 502, 503].map(isRetryable)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect([400, 401, 403, 404, 410, 422].map(isRetryable)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
