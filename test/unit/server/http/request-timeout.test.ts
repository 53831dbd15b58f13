import { afterEach, describe, expect, it, vi } from 'vitest';
import { isStatusError } from '../../../../src/api/status-error.js';
import { requestTimeoutMs, withDeadline } from '../../../../src/server/http/request-timeout.js';

afterEach(() => vi.useRealTimers());

describe('withDeadline', () => {
  it('answers work that outlasts the deadline with a 504 Timeout Status', async () => {
    vi.useFakeTimers();
    let finish: (v: string) => void = () => undefined;
    const work = new Promise<string>((resolve) => (finish = resolve));
    const answer = withDeadline(work, 1000).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(999);
    await vi.advanceTimersByTimeAsync(1);
    const error = await answer;
    expect(isStatusError(error)).toBe(true);
    expect(error).toMatchObject({ code: 504, reason: 'Timeout' });
    finish('late'); // a late result is dropped, not an unhandled rejection
  });

  it('passes a result or an error that comes first through, and clears its timer', async () => {
    vi.useFakeTimers();
    await expect(withDeadline(Promise.resolve(7), 1000)).resolves.toBe(7);
    await expect(withDeadline(Promise.reject(new Error('boom')), 1000)).rejects.toThrow('boom');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not time out with a deadline of 0', async () => {
    vi.useFakeTimers();
    const work = new Promise((resolve) => setTimeout(() => resolve('done'), 120_000));
    const answer = withDeadline(work, 0);
    await vi.advanceTimersByTimeAsync(120_000);
    await expect(answer).resolves.toBe('done');
  });
});

describe('requestTimeoutMs', () => {
  it('takes the shorter ?timeout= of the client, never a longer one', () => {
    expect(requestTimeoutMs(60_000, undefined)).toBe(60_000);
    expect(requestTimeoutMs(60_000, '5s')).toBe(5000);
    expect(requestTimeoutMs(60_000, '10m')).toBe(60_000);
    expect(() => requestTimeoutMs(60_000, 'later')).toThrow(/timeout/);
  });
});
