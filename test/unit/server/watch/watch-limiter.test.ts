import { describe, expect, it } from 'vitest';
import { isStatusError } from '../../../../src/api/status-error.js';
import { WatchLimiter } from '../../../../src/server/watch/watch-limiter.js';

describe('WatchLimiter', () => {
  it("answers the watch past a user's limit with 429, per user, and frees a place when one ends", () => {
    const limiter = new WatchLimiter(2);
    const a1 = limiter.acquire('alice');
    limiter.acquire('alice');
    let error: unknown;
    try {
      limiter.acquire('alice');
    } catch (e) {
      error = e;
    }
    expect(isStatusError(error) && error.code).toBe(429);
    expect(limiter.acquire('bob')).toBeTypeOf('function');
    a1();
    a1(); // a second release changes nothing
    expect(limiter.count('alice')).toBe(1);
    limiter.acquire('alice');
    expect(() => limiter.acquire('alice')).toThrow();
  });

  it('does not limit with 0', () => {
    const limiter = new WatchLimiter(0);
    for (let i = 0; i < 500; i++) limiter.acquire('anyone');
    expect(limiter.count('anyone')).toBe(500);
  });
});
