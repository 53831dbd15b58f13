/**
 * Follows one stored kind through the shared informer and turns changes of a small per-object
 * state into notices. The first list only remembers each object's state (a restart or a new
 * leader must not announce old news); after that, every change, and every relist after a lost
 * watch, announces what changed once.
 */
import type { KubeObject } from '../../api/object.js';
import { startInformer } from '../../controllers/informer.js';
import { systemClock, type Clock } from '../../controllers/clock.js';
import type { ResourceType, Store } from '../../store/store.js';
import type { Notice } from './notice.js';

export interface TransitionWatcherOptions<S, T extends KubeObject = KubeObject> {
  store: Store;
  type: ResourceType<T>;
  snapshot(object: T): S;
  notices(previous: S | undefined, next: S, object: T, time: string): Notice[];
  publish(notice: Notice): void;
  clock?: Clock;
}

export interface TransitionWatcher {
  ready: Promise<void>;
  stop(): void;
}

export function startTransitionWatcher<S, T extends KubeObject>(
  options: TransitionWatcherOptions<S, T>,
): TransitionWatcher {
  const states = new Map<string, S>();
  const clock = options.clock ?? systemClock;
  let listed = false;
  const keyOf = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;
  const informer = startInformer({
    store: options.store,
    type: options.type,
    clock,
    fingerprint: (o) => JSON.stringify(options.snapshot(o)),
    onChange: (object) => {
      const key = keyOf(object.metadata.namespace, object.metadata.name);
      const next = options.snapshot(object);
      const previous = states.get(key);
      states.set(key, next);
      if (!listed) return;
      for (const n of options.notices(previous, next, object, new Date(clock.now()).toISOString()))
        options.publish(n);
    },
    onDelete: (namespace, name) => states.delete(keyOf(namespace, name)),
    onListed: () => (listed = true),
  });
  return { ready: informer.synced(), stop: () => informer.stop() };
}
