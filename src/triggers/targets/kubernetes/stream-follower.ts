/**
 * How the Kubernetes target learns that a stream moved when `isctl serve` runs it: the shared
 * informer over the store's image streams (list, watch, relist on 410, restart with capped backoff
 * after a store error), so a broken watch never stops the target following tags. Only changes a
 * trigger can resolve differently (a tag's item 0, reference policies) are passed on.
 */
import { withDockerImageRepository } from '../../../api/image-stream-repository.js';
import type { ImageStream } from '../../../api/types.js';
import { startInformer, type Informer } from '../../../controllers/informer.js';
import { systemClock, type Clock } from '../../../controllers/clock.js';
import { logger } from '../../../observability/logger.js';
import { IMAGE_STREAMS } from '../../../store/resource-types.js';
import type { Store } from '../../../store/store.js';
import { streamFingerprint } from '../../controller/follow-index.js';
import type { KubernetesTarget } from './target.js';

const log = logger('kubernetes-target');

export interface StreamFollowerOptions {
  store: Store;
  target: Pick<KubernetesTarget, 'onImageStreamChanged' | 'onImageStreamDeleted'>;
  clock?: Clock;
  /** first delay before restarting a failed watch (default 1 s), doubled up to the cap */
  restartDelayMs?: number;
  /** cap of that delay (default 30 s) */
  maxRestartDelayMs?: number;
  /** host[:port] of `status.dockerImageRepository` (the Local reference policy), read on every change */
  dockerImageRepositoryHost?: () => string | undefined;
}

export function followImageStreams(options: StreamFollowerOptions): Informer {
  const { target } = options;
  const decorate = withDockerImageRepository(options.dockerImageRepositoryHost ?? (() => undefined));
  return startInformer({
    store: options.store,
    type: IMAGE_STREAMS,
    clock: options.clock ?? systemClock,
    fingerprint: (object) => streamFingerprint(object as ImageStream),
    onChange: (object) => {
      target.onImageStreamChanged(decorate(object as ImageStream)).catch((err: unknown) => {
        log.warn(
          { err, stream: `${object.metadata.namespace}/${object.metadata.name}` },
          'stream change not applied',
        );
      });
    },
    onDelete: (namespace, name) => target.onImageStreamDeleted(namespace, name),
    ...(options.restartDelayMs !== undefined ? { restartDelayMs: options.restartDelayMs } : {}),
    ...(options.maxRestartDelayMs !== undefined ? { maxRestartDelayMs: options.maxRestartDelayMs } : {}),
  });
}
