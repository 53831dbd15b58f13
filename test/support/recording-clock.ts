/** A manual clock (time moves only when the test advances it) that remembers the delays asked of it. */
import { manualClock, type QueueClock } from '../../src/controllers/work-queue.js';

export interface RecordingClock extends QueueClock {
  advance(ms: number): void;
  /** every delay scheduled so far, in order */
  delays: number[];
}

export function recordingClock(): RecordingClock {
  const clock = manualClock();
  const delays: number[] = [];
  return {
    now: clock.now,
    advance: clock.advance,
    delays,
    schedule(fn, ms) {
      delays.push(ms);
      return clock.schedule(fn, ms);
    },
  };
}
