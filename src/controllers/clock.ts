/**
 * The one clock of the controllers: time, timers and sleeps, injected so that unit tests never
 * sleep (they pass the manual clock of test/support/manual-clock.ts and advance it).
 */

export interface Clock {
  /** milliseconds since the epoch */
  now(): number;
  /** runs fn after ms; returns a cancel function. The system clock's timers never keep the process alive. */
  schedule(fn: () => void, ms: number): () => void;
  /** resolves after ms, or early (without throwing) when the signal aborts */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** A clock from its time and its timers: the sleep is the same on every clock. */
export function clockOf(base: Pick<Clock, 'now' | 'schedule'>): Clock {
  const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const aborted = (): void => {
        cancel();
        resolve();
      };
      const cancel = base.schedule(() => {
        signal?.removeEventListener('abort', aborted);
        resolve();
      }, ms);
      signal?.addEventListener('abort', aborted, { once: true });
    });
  return { now: () => base.now(), schedule: (fn, ms) => base.schedule(fn, ms), sleep };
}

export const systemClock: Clock = clockOf({
  now: () => Date.now(),
  schedule(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return () => clearTimeout(t);
  },
});
