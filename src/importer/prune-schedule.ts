/**
 * The server's daily prune (OpenShift's ImagePruner runs `0 0 * * *` with the same retention as
 * `oc adm prune images`): trim every stream's tag history and delete Images nothing references.
 * Runs are chained, never overlapping, and the clock is injected so tests never wait.
 */
import { isStatusError } from '../api/status-error.js';
import type { ImageStream } from '../api/types.js';
import { systemClock, type Clock } from '../controllers/clock.js';
import { logger } from '../observability/logger.js';
import { guaranteedUpdate } from '../store/guaranteed-update.js';
import type { Store } from '../store/store.js';
import { IMAGE_STREAMS, IMAGES } from './import-service.js';
import {
  DEFAULT_PRUNE_POLICY,
  pruneTagHistory,
  unreferencedImages,
  type PrunePolicy,
} from './prune-policy.js';

const log = logger('prune');

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface PruneRunResult {
  /** history items removed */
  events: number;
  /** Image objects deleted */
  images: number;
}

/** One prune pass over the whole store. */
export async function pruneStore(
  store: Store,
  policy: PrunePolicy = DEFAULT_PRUNE_POLICY,
  now: Date = new Date(),
): Promise<PruneRunResult> {
  let events = 0;
  const after: ImageStream[] = [];
  for (const stream of (await store.list(IMAGE_STREAMS)).items) {
    const written = await guaranteedUpdate(
      store,
      IMAGE_STREAMS,
      stream.metadata.namespace,
      stream.metadata.name,
      (cur) => {
        const result = pruneTagHistory(cur, policy, now);
        events += result.removed.length;
        return result.removed.length > 0 ? result.stream : undefined;
      },
    ).catch((e: unknown) => {
      // a stream deleted meanwhile has nothing left to prune
      if (isStatusError(e) && e.code === 404) return undefined;
      throw e;
    });
    if (written) after.push(written);
  }
  const images = (await store.list(IMAGES)).items;
  const unused = unreferencedImages(images, after, policy, now);
  for (const img of unused) {
    await store.delete(IMAGES, undefined, img.metadata.name).catch((e: unknown) => {
      if (!(isStatusError(e) && e.code === 404)) throw e;
    });
  }
  return { events, images: unused.length };
}

export interface PruneScheduleOptions {
  store: Store;
  policy?: PrunePolicy;
  /** default one day */
  intervalMs?: number;
  clock?: Clock;
}

export interface PruneSchedule {
  /** resolves when the run in progress (if any) has finished */
  stop(): Promise<void>;
}

export function startPruneSchedule(options: PruneScheduleOptions): PruneSchedule {
  const clock = options.clock ?? systemClock;
  const interval = options.intervalMs ?? DAY_MS;
  let cancel: (() => void) | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const run = async (): Promise<void> => {
    try {
      const r = await pruneStore(options.store, options.policy, new Date(clock.now()));
      log.info({ events: r.events, images: r.images }, 'pruned image history');
    } catch (err) {
      log.warn({ err }, 'scheduled prune failed');
    }
  };
  const schedule = (): void => {
    if (stopped) return;
    cancel = clock.schedule(() => {
      running = run().finally(() => {
        running = undefined;
        schedule();
      });
    }, interval);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      cancel?.();
      await running;
    },
  };
}
