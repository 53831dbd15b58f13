/**
 * Per-registry admission: a concurrency limit, a circuit that backs off after transient
 * failures (one probing check at a time while it is open), and the request budget. Each
 * registry has its own lane, so one slow or dead registry never holds up the others.
 */
import type { RegistryBudget } from '../../registry/budget/index.js';
import { backoffDelay, type BackoffPolicy } from '../../controllers/backoff.js';

export interface Lane {
  running: number;
  failures: number;
  blockedUntil: number;
}

export interface RegistryLanes {
  lane(registry: string): Lane;
  /** epoch ms before which a scheduled check of `registry` should not start */
  openAt(registry: string, now: number): number;
  /** how many checks of the registry may run together now */
  limit(registry: string): number;
  /** the registry answered (any HTTP answer, even 404): close the circuit */
  succeeded(registry: string): void;
  /** unavailable, timed out or 429: open the circuit for the next backoff step */
  failed(registry: string, now: number): void;
}

export function createRegistryLanes(options: {
  concurrency: number;
  backoff: BackoffPolicy;
  budget?: RegistryBudget | undefined;
}): RegistryLanes {
  const lanes = new Map<string, Lane>();
  const lane = (registry: string): Lane => {
    let l = lanes.get(registry);
    if (!l) lanes.set(registry, (l = { running: 0, failures: 0, blockedUntil: 0 }));
    return l;
  };
  return {
    lane,
    openAt(registry, now) {
      const budgetDelay = options.budget?.scheduledDelayMs(registry) ?? 0;
      return Math.max(lane(registry).blockedUntil, now + budgetDelay);
    },
    limit: (registry) => (lane(registry).failures > 0 ? 1 : Math.max(1, options.concurrency)),
    succeeded(registry) {
      const l = lane(registry);
      l.failures = 0;
      l.blockedUntil = 0;
    },
    failed(registry, now) {
      const l = lane(registry);
      l.failures++;
      l.blockedUntil = now + backoffDelay(l.failures, options.backoff);
    },
  };
}
