/**
 * Events expire (Kubernetes' --event-ttl, default 1 h): a small periodic sweep deletes Events
 * whose last occurrence is older than the TTL. Timers are chained, never overlapping.
 */
import { isStatusError } from '../../api/status-error.js';
import { logger } from '../../observability/logger.js';
import type { Store } from '../../store/store.js';
import { systemClock, type Clock } from '../../controllers/clock.js';
import { EVENTS } from '../../store/resource-types.js';
import type { EventObject } from './event-recorder.js';

const log = logger('notifications');

const DEFAULT_EVENT_TTL_MS = 60 * 60_000;
const DEFAULT_EVENT_SWEEP_INTERVAL_MS = 5 * 60_000;

function lastSeen(event: EventObject): number {
  for (const field of [
    event.lastTimestamp,
    event.eventTime,
    event.firstTimestamp,
    event.metadata.creationTimestamp,
  ]) {
    if (typeof field === 'string') {
      const t = Date.parse(field);
      if (!Number.isNaN(t)) return t;
    }
  }
  return Number.POSITIVE_INFINITY;
}

/** Deletes expired Events in every namespace; returns how many were deleted. */
export async function deleteExpiredEvents(store: Store, now: Date, ttlMs: number): Promise<number> {
  const cutoff = now.getTime() - ttlMs;
  let deleted = 0;
  let token: string | undefined;
  do {
    const page = await store.list(EVENTS, { limit: 500, ...(token ? { continue: token } : {}) });
    for (const event of page.items) {
      if (lastSeen(event) >= cutoff) continue;
      try {
        await store.delete(EVENTS, event.metadata.namespace, event.metadata.name);
        deleted++;
      } catch (e) {
        if (!(isStatusError(e) && e.code === 404)) throw e;
      }
    }
    token = page.continue;
  } while (token);
  return deleted;
}

export interface EventSweeper {
  stop(): void;
}

export function startEventSweeper(options: {
  store: Store;
  ttlMs?: number;
  intervalMs?: number;
  clock?: Pick<Clock, 'now' | 'schedule'>;
}): EventSweeper {
  const clock = options.clock ?? systemClock;
  const ttl = options.ttlMs ?? DEFAULT_EVENT_TTL_MS;
  const interval = options.intervalMs ?? DEFAULT_EVENT_SWEEP_INTERVAL_MS;
  let stopped = false;
  let cancel: () => void;
  const tick = async (): Promise<void> => {
    try {
      await deleteExpiredEvents(options.store, new Date(clock.now()), ttl);
    } catch (err) {
      log.warn({ err }, 'expired event cleanup failed');
    }
    if (!stopped) cancel = clock.schedule(() => void tick(), interval);
  };
  cancel = clock.schedule(() => void tick(), interval);
  return {
    stop() {
      stopped = true;
      cancel();
    },
  };
}
