/**
 * Follows image streams in the store: a watch from the current state (every stream arrives as
 * ADDED first), restarted from scratch after an error or a 410, so a missed event is never lost.
 * Only changes a trigger can see (a tag's item 0, reference policies) are passed on.
 */
import type { Clock } from '../../controllers/clock.js';
import { startInformer } from '../../controllers/informer.js';
import { IMAGE_STREAMS } from '../../store/resource-types.js';
import type { Store } from '../../store/store.js';
import type { ImageStream } from '../../api/types.js';
import { streamFingerprint } from './follow-index.js';

export { IMAGE_STREAMS } from '../../store/resource-types.js';

export interface StreamWatchOptions {
  store: Store;
  clock: Clock;
  /** Called for a stream that appeared or changed what its tags resolve to. */
  onChange(namespace: string, name: string): void;
  restartDelayMs?: number;
}

export interface StreamWatch {
  /** Resolves once the watch delivered the current streams (or failed its first attempt). */
  synced(): Promise<void>;
  stop(): void;
}

export function watchStreams(options: StreamWatchOptions): StreamWatch {
  return startInformer({
    store: options.store,
    type: IMAGE_STREAMS,
    clock: options.clock,
    fingerprint: (object) => streamFingerprint(object as ImageStream),
    onChange: (object) => options.onChange(object.metadata.namespace ?? '', object.metadata.name),
    ...(options.restartDelayMs !== undefined ? { restartDelayMs: options.restartDelayMs } : {}),
  });
}
