/**
 * List-then-watch of one stored kind for a controller (the client-go informer pattern): every
 * object first arrives as a change, then every later change; after an error or a 410 the watch
 * starts over from a fresh list, so a missed event is never lost. Objects whose fingerprint did
 * not change are not passed on (a controller's own status writes need not wake it).
 */
import type { KubeObject } from '../api/object.js';
import { logger } from '../observability/logger.js';
import type { ResourceType, Store } from '../store/store.js';
import type { QueueClock } from './work-queue.js';

const log = logger('informer');

export interface InformerOptions {
  store: Store;
  type: ResourceType;
  clock: QueueClock;
  /** what counts as a change worth passing on */
  fingerprint(object: KubeObject): string;
  onChange(object: KubeObject): void;
  onDelete?(namespace: string, name: string): void;
  /** called before every list is delivered (the first and after each restart): state kept outside can start over */
  onRelist?(): void;
  restartDelayMs?: number;
}

export interface Informer {
  /** resolves once the first list was delivered (or its first attempt failed) */
  synced(): Promise<void>;
  stop(): void;
}

export function startInformer(options: InformerOptions): Informer {
  const stopping = new AbortController();
  const seen = new Map<string, string>();
  let markSynced: () => void = () => undefined;
  const synced = new Promise<void>((resolve) => (markSynced = resolve));

  const handle = (type: string, object: KubeObject): void => {
    const namespace = object.metadata.namespace ?? '';
    const key = `${namespace}/${object.metadata.name}`;
    if (type === 'DELETED') {
      seen.delete(key);
      options.onDelete?.(namespace, object.metadata.name);
      return;
    }
    if (type !== 'ADDED' && type !== 'MODIFIED') return;
    const fp = options.fingerprint(object);
    if (seen.get(key) === fp) return;
    seen.set(key, fp);
    options.onChange(object);
  };

  const once = async (): Promise<void> => {
    // a fresh list after every restart: fingerprints start over, so every object is looked at again
    seen.clear();
    const current = await options.store.list(options.type);
    options.onRelist?.();
    for (const object of current.items) handle('ADDED', object);
    markSynced();
    const events = options.store.watch(
      options.type,
      { resourceVersion: current.resourceVersion },
      stopping.signal,
    );
    for await (const event of events) handle(event.type, event.object);
  };

  const pause = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const cancel = options.clock.schedule(resolve, options.restartDelayMs ?? 1000);
      stopping.signal.addEventListener('abort', () => (cancel(), resolve()), { once: true });
    });

  const loop = async (): Promise<void> => {
    while (!stopping.signal.aborted) {
      try {
        await once();
      } catch (err) {
        if (stopping.signal.aborted) return;
        markSynced();
        log.warn(
          { resource: options.type.resource, err: err instanceof Error ? err.message : String(err) },
          'watch ended; restarting from a fresh list',
        );
      }
      if (stopping.signal.aborted) return;
      await pause();
    }
  };
  void loop();
  return { synced: () => synced, stop: () => stopping.abort() };
}
