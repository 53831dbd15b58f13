/**
 * A controller clock shifted to another moment (a rollout window's week): timers run on real time,
 * and `advance` moves the time forward and fires at once every timer it passes. For integration
 * tests whose real services must keep running while the controllers' time jumps.
 */
import { clockOf, type Clock } from '../../src/controllers/clock.js';

export interface ShiftedClock extends Clock {
  advance(ms: number): void;
}

export function shiftedClock(start: number): ShiftedClock {
  let offset = start - Date.now();
  const timers = new Set<{ due: number; fire: () => void }>();
  const now = () => Date.now() + offset;
  const clock = clockOf({
    now,
    schedule(fn, ms) {
      const t = {
        due: now() + ms,
        fire: () => {
          if (!timers.delete(t)) return;
          clearTimeout(real);
          fn();
        },
      };
      const real = setTimeout(() => t.fire(), ms);
      timers.add(t);
      return () => {
        clearTimeout(real);
        timers.delete(t);
      };
    },
  });
  return {
    ...clock,
    advance(ms) {
      offset += ms;
      for (const t of [...timers]) if (t.due <= now()) t.fire();
    },
  };
}
