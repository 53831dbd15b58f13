/**
 * How a trigger controller follows the store's image streams: the shared informer
 * (controllers/informer.ts: list, watch, relist at once on 410, restart with capped backoff after
 * a store error), passing on only changes a trigger can resolve differently. After every relist
 * each tag counts as moved again, so a change missed while the watch was down is never lost.
 */
import type { ImageStream } from '../../api/types.js';
import { startInformer, type Informer } from '../../controllers/informer.js';
import { systemClock, type Clock } from '../../controllers/clock.js';
import { logger } from '../../observability/logger.js';
import { IMAGE_STREAMS } from '../../store/resource-types.js';
import type { Store } from '../../store/store.js';
import { streamFingerprint } from './follow-index.js';
import type { TriggerController } from './trigger-controller.js';

const log = logger('triggers');

/** Whoever is told about streams: a trigger controller, or a target that wraps one. */
export type StreamSink = Pick<TriggerController<unknown>, 'onImageStreamDeleted'> & {
  onImageStreamChanged(stream: ImageStream): void | Promise<void>;
  forgetStreams?(): void;
};

export interface FollowStreamsOptions {
  store: Store;
  sink: StreamSink;
  clock?: Clock;
  /** first delay before restarting a failed watch (default 1 s), doubled up to the cap */
  restartDelayMs?: number;
  /** cap of that delay (default 30 s) */
  maxRestartDelayMs?: number;
}

export function followImageStreams(options: FollowStreamsOptions): Informer {
  const { sink } = options;
  return startInformer({
    store: options.store,
    type: IMAGE_STREAMS,
    clock: options.clock ?? systemClock,
    fingerprint: (object) => streamFingerprint(object as ImageStream),
    onRelist: () => sink.forgetStreams?.(),
    onChange: (object) => {
      Promise.resolve(sink.onImageStreamChanged(object as ImageStream)).catch((err: unknown) =>
        log.warn(
          { err, stream: `${object.metadata.namespace ?? ''}/${object.metadata.name}` },
          'stream change not applied',
        ),
      );
    },
    onDelete: (namespace, name) => sink.onImageStreamDeleted(namespace, name),
    ...(options.restartDelayMs !== undefined ? { restartDelayMs: options.restartDelayMs } : {}),
    ...(options.maxRestartDelayMs !== undefined ? { maxRestartDelayMs: options.maxRestartDelayMs } : {}),
  });
}
