/** A manual clock (time moves only when the test advances it) that remembers the delays asked of it. */
import { clockOf, type Clock } from '../../src/controllers/clock.js';
import { manualClock } from './manual-clock.js';

export interface RecordingClock extends Clock {
  advance(ms: number): void;
  /** every delay scheduled so far, in order (sleeps included) */
  delays: number[];
}

export function recordingClock(start = 0): RecordingClock {
  const clock = manualClock(start);
  const delays: number[] = [];
  const recording = clockOf({
    now: clock.now,
    schedule(fn, ms) {
      delays.push(ms);
      return clock.schedule(fn, ms);
    },
  });
  return { ...recording, advance: clock.advance, delays };
}
