import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  retryDelay,
  parseRetryAfter,
  withRetry,
  type AttemptFailure,
} from '../../../src/registry/retry.js';

const now = Date.parse('2026-05-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delta seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter(['5', '9'], now)).toBe(5000);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter('Fri, 01 May 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Fri, 01 May 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores missing and malformed values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('retryDelay', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };

  it('doubles per retry and is capped', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelay(n, policy, () => 1))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it('jitter keeps at least half of the delay', () => {
    expect([1, 2, 3].map((n) => retryDelay(n, policy, () => 0))).toEqual([50, 100, 200]);
  });

  it('a quick first retry comes before the usual schedule, which then starts from its first step', () => {
    const quick = { ...policy, firstRetryDelayMs: 20 };
    expect([1, 2, 3, 4].map((n) => retryDelay(n, quick, () => 1))).toEqual([20, 100, 200, 400]);
    expect([1, 2].map((n) => retryDelay(n, quick, () => 0))).toEqual([10, 50]);
  });
});

describe('withRetry', () => {
  const isFailure = (v: string | AttemptFailure): v is AttemptFailure => typeof v !== 'string';

  function run(results: Array<string | AttemptFailure>, maxAttempts = 4, maxRetryAfterMs = 30_000) {
    const sleeps: number[] = [];
    let calls = 0;
    const p = withRetry(async () => results[calls++] ?? 'done', isFailure, {
      policy: { maxAttempts, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 1,
    });
    return { p, sleeps, calls: () => calls };
  }

  it('retries retryable failures with backoff until success', async () => {
    const fail = { error: new Error('x'), retryable: true };
    const r = run([fail, fail, 'ok']);
    await expect(r.p).resolves.toBe('ok');
    expect(r.sleeps).toEqual([100, 200]);
  });

  it('stops after maxAttempts and throws the last error', async () => {
    const r = run(
      [1, 2, 3, 4, 5].map((i) => ({ error: new Error(`e${i}`), retryable: true })),
      3,
    );
    await expect(r.p).rejects.toThrow('e3');
    expect(r.calls()).toBe(3);
  });

  it('a quick first retry is one attempt more, not one of maxAttempts', async () => {
    const errors = [1, 2, 3, 4, 5].map((i) => ({ error: new Error(`e${i}`), retryable: true }));
    const sleeps: number[] = [];
    let calls = 0;
    const p = withRetry(async () => errors[calls++] ?? 'done', isFailure, {
      policy: {
        maxAttempts: 3,
        baseDelayMs: 100,
        maxDelayMs: 1000,
        maxRetryAfterMs: 30_000,
        firstRetryDelayMs: 20,
      },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 1,
    });
    await expect(p).rejects.toThrow('e4');
    expect(sleeps).toEqual([20, 100, 200]);
  });

  it('never retries a permanent failure', async () => {
    const r = run([{ error: new Error('nope'), retryable: false }, 'ok']);
    await expect(r.p).rejects.toThrow('nope');
    expect(r.sleeps).toEqual([]);
  });

  it('waits at least Retry-After, and fails at once when it is beyond the cap', async () => {
    const ok = run([{ error: new Error('429'), retryable: true, retryAfterMs: 5000 }, 'ok']);
    await expect(ok.p).resolves.toBe('ok');
    expect(ok.sleeps).toEqual([5000]);
    const tooLong = run([{ error: new Error('429 long'), retryable: true, retryAfterMs: 60_000 }, 'ok']);
    await expect(tooLong.p).rejects.toThrow('429 long');
    expect(tooLong.sleeps).toEqual([]);
  });

  it('does not start a wait that would outlast the deadline: the last answer is the error', async () => {
    const sleeps: number[] = [];
    const p = withRetry(
      async () => ({ error: new Error('429 until later'), retryable: true, retryAfterMs: 20_000 }),
      isFailure,
      {
        policy: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 30_000 },
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        random: () => 1,
        remainingMs: () => 10_000,
      },
    );
    await expect(p).rejects.toThrow('429 until later');
    expect(sleeps).toEqual([]);
  });
});
