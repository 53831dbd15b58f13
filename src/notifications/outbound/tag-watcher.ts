/**
 * Follows every ImageStream and reports tag changes, through the shared store informer (list,
 * watch, relist on 410, restart with capped backoff after a store error). The first list only
 * remembers each tag's head (a restart must not re-announce old moves); every later relist
 * reports what moved while the watch was down, once. Changes are handed over in order, one batch
 * at a time.
 */
import type { ImageStream } from '../../api/types.js';
import { startInformer } from '../../controllers/informer.js';
import { systemClock, type Clock } from '../../controllers/clock.js';
import { logger } from '../../observability/logger.js';
import type { Store } from '../../store/store.js';
import { IMAGE_STREAMS } from '../../store/resource-types.js';
import {
  diffTagSnapshots,
  streamIdentity,
  tagSnapshot,
  type TagChange,
  type TagSnapshot,
} from './tag-changes.js';

const log = logger('notifications');

export interface TagWatcherOptions {
  store: Store;
  onChanges(changes: TagChange[]): void | Promise<void>;
  /** first pause before watching again after a store error (default 1 s), doubled up to 30 s */
  retryDelayMs?: number;
  clock?: Clock;
}

export interface TagWatcher {
  /** resolves once the initial list is remembered (or its first attempt failed) */
  ready: Promise<void>;
  stop(): Promise<void>;
}

const keyOf = (namespace: string, name: string): string => `${namespace}/${name}`;

const fingerprint = (stream: ImageStream): string => JSON.stringify([...tagSnapshot(stream)]);

export function startTagWatcher(options: TagWatcherOptions): TagWatcher {
  const snapshots = new Map<string, TagSnapshot>();
  /** the first list only remembers each tag's head */
  let firstListed = false;
  let delivered: Promise<void> = Promise.resolve();

  const emit = (changes: TagChange[]): void => {
    if (changes.length === 0) return;
    delivered = delivered.then(async () => {
      try {
        await options.onChanges(changes);
      } catch (err) {
        log.error({ err }, 'tag change handler failed');
      }
    });
  };

  const onChange = (stream: ImageStream): void => {
    const id = streamIdentity(stream);
    const key = keyOf(stream.metadata.namespace ?? '', stream.metadata.name);
    const next = tagSnapshot(stream);
    const previous = snapshots.get(key);
    snapshots.set(key, next);
    if (firstListed) emit(diffTagSnapshots(previous, next, id));
  };

  const informer = startInformer({
    store: options.store,
    type: IMAGE_STREAMS,
    clock: options.clock ?? systemClock,
    fingerprint,
    onChange,
    onDelete: (namespace, name) => snapshots.delete(keyOf(namespace, name)),
    onListed: () => (firstListed = true),
    ...(options.retryDelayMs !== undefined ? { restartDelayMs: options.retryDelayMs } : {}),
  });

  return {
    ready: informer.synced(),
    async stop() {
      informer.stop();
      await delivered;
    },
  };
}
