/**
 * List-then-watch of one stored kind for a controller (the client-go informer pattern): every
 * object first arrives as a change, then every later change; after an error or a 410 the watch
 * starts over from a fresh list, so a missed event is never lost, and an object deleted while the
 * watch was down is reported deleted by that list (client-go's Replace). Objects whose
 * fingerprint did not change are not passed on (a controller's own status writes need not wake
 * it). A 410 (the watch fell behind the store's history) relists at once; other failures, and a
 * 410 right after a relist, restart after a capped exponential backoff on the injected clock.
 */
import type { KubeObject } from '../api/object.js';
import { isStatusError } from '../api/status-error.js';
import { logger } from '../observability/logger.js';
import type { ListResult, ResourceType, Store, WatchProgress } from '../store/store.js';
import { backoffDelay } from './backoff.js';
import type { Clock } from './clock.js';

const log = logger('informer');

/** `T`: the type of the objects, from `type` (the ResourceType's object type). */
export interface InformerOptions<T extends KubeObject = KubeObject> {
  store: Store;
  type: ResourceType<T>;
  clock: Clock;
  /** what counts as a change worth passing on */
  fingerprint(object: T): string;
  onChange(object: T): void;
  /** `object`: the last state, with the deletion's resourceVersion (absent for deletions a relist found) */
  onDelete?(namespace: string, name: string, object?: T): void;
  /** called before every list is delivered (the first and after each restart): state kept outside can start over */
  onRelist?(): void;
  /** called after every list was delivered, before its watch opens, with the list's resourceVersion */
  onListed?(resourceVersion: string): void;
  /** ask the store's watch for progress notification (WatchOptions.progress): its bookmarks go here */
  progress?: WatchProgress;
  onBookmark?(resourceVersion: string): void;
  /** called when a watch ended (error, 410, or closed by the store), before the informer lists again */
  onWatchEnd?(): void;
  /** first delay before restarting a failed list or watch (default 1 s), doubled per failure */
  restartDelayMs?: number;
  /** cap of that delay (default 30 s) */
  maxRestartDelayMs?: number;
  /** only this namespace (default: all) */
  namespace?: string;
  /** only objects matching this field selector (`metadata.name=x`) */
  fieldSelector?: string;
  /** list in pages of this many objects (default: one list); the watch starts at the last page's version */
  pageSize?: number;
}

export interface Informer {
  /** resolves once the first list was delivered (or its first attempt failed) */
  synced(): Promise<void>;
  stop(): void;
}

/** Delay before the next attempt after `failures` consecutive failures (0: none). */
export function informerRestartDelay(
  failures: number,
  gone: boolean,
  options: Pick<InformerOptions, 'restartDelayMs' | 'maxRestartDelayMs'>,
): number {
  const base = options.restartDelayMs ?? 1000;
  const max = Math.max(base, options.maxRestartDelayMs ?? 30_000);
  // the first 410 relists at once; later failures back off as errors do
  return backoffDelay(gone ? failures - 1 : failures, { baseMs: base, maxMs: max });
}

type ScopeOptions = Pick<InformerOptions, 'namespace' | 'fieldSelector'>;

/** The namespace and field selector of the list and the watch, when given. */
const scopeOf = (options: ScopeOptions): ScopeOptions => ({
  ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
  ...(options.fieldSelector !== undefined ? { fieldSelector: options.fieldSelector } : {}),
});

/** Every object of the type, in pages of `pageSize` when given; the version is the last page's. */
async function listAll<T extends KubeObject>(
  options: Pick<InformerOptions<T>, 'store' | 'type' | 'pageSize'>,
  scope: ScopeOptions,
): Promise<{ items: T[]; resourceVersion: string }> {
  if (!options.pageSize) return options.store.list(options.type, scope);
  const items: T[] = [];
  let page: ListResult<T> | undefined;
  do {
    const next: string | undefined = page?.continue;
    page = await options.store.list(options.type, {
      ...scope,
      limit: options.pageSize,
      ...(next ? { continue: next } : {}),
    });
    items.push(...page.items);
  } while (page.continue);
  return { items, resourceVersion: page.resourceVersion };
}

const keyOf = (object: KubeObject): string => `${object.metadata.namespace ?? ''}/${object.metadata.name}`;

export function startInformer<T extends KubeObject>(options: InformerOptions<T>): Informer {
  const stopping = new AbortController();
  const seen = new Map<string, string>();
  /** namespace and name of every object known, to report the ones a relist no longer has */
  const known = new Map<string, { namespace: string; name: string }>();
  const scope = scopeOf(options);
  let failures = 0;
  let markSynced: () => void = () => undefined;
  const synced = new Promise<void>((resolve) => (markSynced = resolve));

  const handle = (type: string, object: T): void => {
    const key = keyOf(object);
    if (type === 'DELETED') {
      seen.delete(key);
      known.delete(key);
      options.onDelete?.(object.metadata.namespace ?? '', object.metadata.name, object);
      return;
    }
    if (type === 'BOOKMARK') return options.onBookmark?.(object.metadata.resourceVersion ?? '');
    if (type !== 'ADDED' && type !== 'MODIFIED') return;
    known.set(key, { namespace: object.metadata.namespace ?? '', name: object.metadata.name });
    const fp = options.fingerprint(object);
    if (seen.get(key) === fp) return;
    seen.set(key, fp);
    options.onChange(object);
  };

  /** objects gone between the last watch and this list: deleted, as client-go's Replace does */
  const forgetMissing = (items: readonly T[]): void => {
    const listed = new Set(items.map(keyOf));
    for (const [key, { namespace, name }] of [...known]) {
      if (listed.has(key)) continue;
      seen.delete(key);
      known.delete(key);
      options.onDelete?.(namespace, name);
    }
  };

  const once = async (): Promise<void> => {
    const current = await listAll(options, scope);
    if (stopping.signal.aborted) return;
    // a fresh list after every restart: fingerprints start over, so every object is looked at again
    seen.clear();
    // deletions against what was known before; then the list, from a clean slate
    forgetMissing(current.items);
    options.onRelist?.();
    for (const object of current.items) handle('ADDED', object);
    options.onListed?.(current.resourceVersion);
    markSynced();
    const events = options.store.watch(
      options.type,
      {
        ...scope,
        resourceVersion: current.resourceVersion,
        ...(options.progress ? { progress: options.progress } : {}),
      },
      stopping.signal,
    );
    for await (const event of events) {
      failures = 0;
      handle(event.type, event.object);
    }
  };

  const pause = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const cancel = options.clock.schedule(resolve, ms);
      stopping.signal.addEventListener('abort', () => (cancel(), resolve()), { once: true });
    });

  const loop = async (): Promise<void> => {
    while (!stopping.signal.aborted) {
      let gone = false;
      try {
        await once();
        // a watch that ends without an error (the store closed it) is listed and watched again
        failures++;
      } catch (err) {
        if (stopping.signal.aborted) return;
        markSynced();
        failures++;
        gone = isStatusError(err) && err.code === 410;
        log.warn(
          { resource: options.type.resource, err, failures },
          'watch ended; restarting from a fresh list',
        );
      }
      if (stopping.signal.aborted) return;
      options.onWatchEnd?.();
      await pause(informerRestartDelay(failures, gone, options));
    }
  };
  void loop();
  return { synced: () => synced, stop: () => stopping.abort() };
}
