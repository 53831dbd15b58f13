/**
 * Follows image streams in the store: a watch from the current state (every stream arrives as
 * ADDED first), restarted from scratch after an error or a 410, so a missed event is never lost.
 * Only changes a trigger can see (a tag's item 0, reference policies) are passed on.
 */
import { IMAGE_API_GROUP } from '../../api/constants.js';
import type { KubeObject } from '../../api/object.js';
import type { QueueClock } from '../../controllers/work-queue.js';
import { logger } from '../../observability/logger.js';
import type { ResourceType, Store } from '../../store/store.js';
import type { ImageStreamView } from '../resolve.js';
import { streamFingerprint } from './follow-index.js';

const log = logger('triggers.controller');

export const IMAGE_STREAMS: ResourceType = {
  group: IMAGE_API_GROUP,
  resource: 'imagestreams',
  namespaced: true,
};

export interface StreamWatchOptions {
  store: Store;
  clock: QueueClock;
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
  const stopping = new AbortController();
  const seen = new Map<string, string>();
  let markSynced: () => void = () => undefined;
  const synced = new Promise<void>((resolve) => (markSynced = resolve));

  const handle = (type: string, obj: KubeObject) => {
    const ns = obj.metadata.namespace ?? '';
    const key = `${ns}/${obj.metadata.name}`;
    if (type === 'DELETED') {
      seen.delete(key);
      return;
    }
    if (type !== 'ADDED' && type !== 'MODIFIED') return;
    const fp = streamFingerprint(obj as ImageStreamView);
    if (seen.get(key) === fp) return;
    seen.set(key, fp);
    options.onChange(ns, obj.metadata.name);
  };

  const once = async () => {
    // A fresh list after every restart: fingerprints start over, so every stream is looked at again.
    seen.clear();
    const current = await options.store.list(IMAGE_STREAMS);
    for (const obj of current.items) handle('ADDED', obj);
    markSynced();
    const events = options.store.watch(
      IMAGE_STREAMS,
      { resourceVersion: current.resourceVersion },
      stopping.signal,
    );
    for await (const ev of events) handle(ev.type, ev.object);
  };

  const loop = async () => {
    while (!stopping.signal.aborted) {
      try {
        await once();
      } catch (err) {
        if (stopping.signal.aborted) return;
        markSynced();
        log.warn(
          { err: err instanceof Error ? err.message : String(err) },
          'image stream watch ended; restarting',
        );
      }
      if (stopping.signal.aborted) return;
      await new Promise<void>((resolve) => {
        const cancel = options.clock.schedule(resolve, options.restartDelayMs ?? 1000);
        stopping.signal.addEventListener('abort', () => (cancel(), resolve()), { once: true });
      });
    }
  };
  void loop();
  return { synced: () => synced, stop: () => stopping.abort() };
}
