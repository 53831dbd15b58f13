import { describe, expect, it } from 'vitest';
import { renewWithRetry } from '../../../src/controllers/lease-renewal.js';

/** A lease whose keep-alives answer or fail in turn, each taking `takesMs` on a fake clock. */
function fakeLease(outcomes: (number | Error)[], takesMs = 10) {
  let now = 0;
  const timeouts: number[] = [];
  const attempt = async (timeoutMs: number): Promise<number> => {
    timeouts.push(timeoutMs);
    const outcome = outcomes.shift();
    if (outcome === undefined) throw new Error('no more keep-alives expected');
    now += Math.min(takesMs, timeoutMs);
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  return { attempt, timeouts, now: () => now, setNow: (t: number) => (now = t) };
}

describe('renewWithRetry', () => {
  it('retries a failed keep-alive at once and returns the TTL of the one that answered', async () => {
    const lease = fakeLease([new Error('member down'), new Error('member down'), 3]);
    const retried: number[] = [];
    const ttl = await renewWithRetry(lease.attempt, {
      deadline: 2400,
      now: lease.now,
      maxAttempts: 4,
      attemptTimeoutMs: 1000,
      onRetry: (_err, n) => retried.push(n),
    });
    expect(ttl).toBe(3);
    expect(retried).toEqual([1, 2]);
    expect(lease.now()).toBe(30);
  });

  it('returns a TTL of 0 (the lease is gone) without retrying', async () => {
    const lease = fakeLease([0]);
    await expect(
      renewWithRetry(lease.attempt, {
        deadline: 2400,
        now: lease.now,
        maxAttempts: 4,
        attemptTimeoutMs: 1000,
      }),
    ).resolves.toBe(0);
  });

  it('gives up with the last failure after maxAttempts', async () => {
    const last = new Error('third');
    const lease = fakeLease([new Error('first'), new Error('second'), last, 3]);
    await expect(
      renewWithRetry(lease.attempt, {
        deadline: 2400,
        now: lease.now,
        maxAttempts: 3,
        attemptTimeoutMs: 1000,
      }),
    ).rejects.toBe(last);
  });

  it('never waits past the deadline: attempts get the time left, and none starts after it', async () => {
    // each failure takes its whole timeout (an unanswered keep-alive on a frozen member)
    const lease = fakeLease([new Error('silent'), new Error('silent'), new Error('silent'), 3], 10_000);
    lease.setNow(1000);
    await expect(
      renewWithRetry(lease.attempt, {
        deadline: 2400,
        now: lease.now,
        maxAttempts: 10,
        attemptTimeoutMs: 1000,
      }),
    ).rejects.toThrow('silent');
    expect(lease.timeouts).toEqual([1000, 400]);
    expect(lease.now()).toBe(2400);
  });
});
