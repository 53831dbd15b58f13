import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../../src/importer/schedule/rate-limiter.js';
import { backoffDelay } from '../../../../src/controllers/backoff.js';

describe('createRateLimiter', () => {
  it('lets a burst of twice the per-minute cap through, then hands out the next free slots in order', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 60, now: () => now });
    const first = Array.from({ length: 120 }, () => limiter.reserve());
    expect(first.every((t) => t === 0)).toBe(true);
    // refused checks are not dropped: each gets the next second
    expect([limiter.reserve(), limiter.reserve(), limiter.reserve()]).toEqual([1000, 2000, 3000]);
    now = 10_000;
    // the bucket keeps refilling behind the reservations: 3 were owed, 10 s refilled 10
    expect(limiter.reserve()).toBe(10_000);
  });

  it('is unlimited with -1 and uses the default 60 for 0', () => {
    const now = 5;
    const unlimited = createRateLimiter({ perMinute: -1, now: () => now });
    for (let i = 0; i < 10_000; i++) expect(unlimited.reserve()).toBe(5);
    const zero = createRateLimiter({ perMinute: 0, now: () => now });
    for (let i = 0; i < 120; i++) zero.reserve();
    expect(zero.reserve()).toBe(1005);
  });
});

describe('backoffDelay', () => {
  it('doubles from the base and stops at the cap', () => {
    const p = { baseMs: 30_000, maxMs: 3_600_000 };
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, p))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffDelay(8, p)).toBe(3_600_000);
    expect(backoffDelay(500, p)).toBe(3_600_000);
    expect(backoffDelay(0, p)).toBe(0);
  });
});
