import { describe, expect, it } from 'vitest';
import { nextCrashCount, restartDelayMs } from '../../../src/integrated-registry/backoff.js';

const policy = { initialDelayMs: 250, maxDelayMs: 10_000, resetAfterMs: 30_000 };

describe('registry restart backoff', () => {
  it('doubles the delay per crash', () => {
    expect([1, 2, 3, 4].map((n) => restartDelayMs(policy, n))).toEqual([250, 500, 1000, 2000]);
  });

  it('never waits longer than the cap, however many crashes', () => {
    expect(restartDelayMs(policy, 10)).toBe(10_000);
    expect(restartDelayMs(policy, 10_000)).toBe(10_000);
  });

  it('counts crashes in a row, and starts over after a long run', () => {
    expect(nextCrashCount(policy, 3, 1_000)).toBe(4);
    expect(nextCrashCount(policy, 3, 30_000)).toBe(1);
  });
});
