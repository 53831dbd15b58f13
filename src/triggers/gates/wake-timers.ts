/**
 * One timer per key (a Docker group, a workload, a WebhookTrigger): the target's reconcile again
 * when a held rollout's window opens. A newer time replaces the older one; stop() cancels all.
 */
import type { Clock } from '../../controllers/clock.js';

export interface WakeTimers {
  /** Wakes `key` at `at` (epoch ms); undefined only cancels its timer. */
  at(key: string, at: number | undefined): void;
  stop(): void;
}

export function createWakeTimers(clock: Clock, wake: (key: string) => void): WakeTimers {
  const timers = new Map<string, () => void>();
  let stopped = false;
  return {
    at(key, at) {
      timers.get(key)?.();
      timers.delete(key);
      if (at === undefined || stopped) return;
      const cancel = clock.schedule(
        () => {
          timers.delete(key);
          wake(key);
        },
        Math.max(0, at - clock.now()),
      );
      timers.set(key, cancel);
    },
    stop() {
      stopped = true;
      for (const cancel of timers.values()) cancel();
      timers.clear();
    },
  };
}
