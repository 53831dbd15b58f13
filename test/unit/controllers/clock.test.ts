import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/controllers/clock.js';
import { manualClock } from '../../support/manual-clock.js';

const settled = async (p: Promise<void>): Promise<boolean> => {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
};

describe('a clock', () => {
  it('sleeps until its time has passed', async () => {
    const clock = manualClock(1000);
    const nap = clock.sleep(500);
    clock.advance(499);
    expect(await settled(nap)).toBe(false);
    clock.advance(1);
    expect(await settled(nap)).toBe(true);
    expect(clock.now()).toBe(1500);
  });

  it('wakes a sleep early when its signal aborts, and drops its timer', async () => {
    const clock = manualClock();
    const abort = new AbortController();
    const nap = clock.sleep(60_000, abort.signal);
    expect(clock.pendingDelays()).toEqual([60_000]);
    abort.abort();
    expect(await settled(nap)).toBe(true);
    expect(clock.pendingDelays()).toEqual([]);
  });

  it('does not sleep at all when the signal has already aborted', async () => {
    const clock = manualClock();
    const nap = clock.sleep(1000, AbortSignal.abort());
    expect(await settled(nap)).toBe(true);
    expect(clock.pendingDelays()).toEqual([]);
  });

  it('cancels a scheduled timer', () => {
    const clock = manualClock();
    const fired: string[] = [];
    const cancel = clock.schedule(() => fired.push('a'), 10);
    clock.schedule(() => fired.push('b'), 20);
    cancel();
    clock.advance(20);
    expect(fired).toEqual(['b']);
  });

  it('tells the time of the system', () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
