/**
 * A clock whose time moves only when someone sleeps on it (at once, by the time slept), and that
 * remembers every sleep: for code that paces itself with sleeps alone (retry loops, rate limits).
 * Timers go through the manual clock underneath and fire when a sleep passes them.
 */
import { clockOf, type Clock } from '../../src/controllers/clock.js';
import { manualClock } from './manual-clock.js';

export interface SleepingClock extends Clock {
  /** every sleep so far, in order */
  sleeps: number[];
}

export function sleepingClock(start = 0): SleepingClock {
  const time = manualClock(start);
  const sleeps: number[] = [];
  const clock = clockOf(time);
  return {
    ...clock,
    sleeps,
    sleep: async (ms) => {
      sleeps.push(ms);
      time.advance(ms);
    },
  };
}
