/** A clock for unit tests: time moves only when the test calls `advance`, which fires the timers it passes. */
import { clockOf, type Clock } from '../../src/controllers/clock.js';

export interface ManualClock extends Clock {
  advance(ms: number): void;
  /** how long until each timer still pending fires, in the order they were scheduled */
  pendingDelays(): number[];
}

export function manualClock(start = 0): ManualClock {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock = clockOf({
    now: () => now,
    schedule(fn, ms) {
      const id = seq++;
      timers.set(id, { at: now + ms, fn });
      return () => timers.delete(id);
    },
  });
  return {
    ...clock,
    pendingDelays: () => [...timers.values()].map((t) => t.at - now),
    advance(ms) {
      now += ms;
      const due = [...timers.entries()].filter(([, t]) => t.at <= now).sort((a, b) => a[1].at - b[1].at);
      for (const [id, t] of due) {
        timers.delete(id);
        t.fn();
      }
    },
  };
}
