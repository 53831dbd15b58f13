/**
 * A Store with a watch cache in front of its reads, as kube-apiserver's cacher
 * (k8s.io/apiserver/pkg/storage/cacher): one cache per cached resource type, filled by the shared
 * informer (list, watch, relist on 410, restart with backoff) and kept current by the store's
 * watch and its progress bookmarks. Writes, watches and everything else go to the store.
 *
 * Which reads the cache answers (the others go to the store, which answers them as before):
 * - GET, and LIST with resourceVersion "" (the most recent state): only once the cache has caught
 *   up with the store's current resourceVersion (kube 1.31 "consistent reads from cache"), waiting
 *   at most `consistentWaitMs`; a cache that lags longer, is not synced, or cannot learn its
 *   progress (a backend without progress notification) leaves the read to the store.
 * - LIST with resourceVersion "0": any state the synced cache has.
 * - The first page of a LIST with `limit`, under the same rules; a page with `continue`, when the
 *   cache still has the state at the token's resourceVersion (the current one, or one kept for
 *   paging: list-snapshots.ts), else the store, which answers from its history or with 410.
 *   Tokens are the store's (continue-token.ts) and the cache lists in the store's order, so a
 *   list may move between the cache and the store from one page to the next.
 * - LIST with an exact resourceVersion: the store (the cache keeps no history of single objects).
 * - WATCH from an exact resourceVersion that the cache's window of recent changes covers: the
 *   cache (cached-watch.ts, watch-window.ts), so the store is watched once per cached type
 *   instead of once per watcher; other watches go to the store.
 *
 * The cache holds every object as its JSON, encoded once per change: `get` and `list` parse
 * fresh copies (callers may change them); `getEncoded` and `listEncoded` hand out the encodings
 * themselves, for readers that write them out (the server's GET and streamed LIST).
 */
import type { KubeObject } from '../../api/object.js';
import type { CacheWatcher } from './cache-watcher.js';
import { fromWindow, windowRequest, type WindowRequest } from './cached-watch.js';
import { startInformer, type Informer } from '../../controllers/informer.js';
import { systemClock, type Clock } from '../../controllers/clock.js';
import { logger } from '../../observability/logger.js';
import { decodeContinueToken, type ContinueToken } from '../continue-token.js';
import { typeKey } from '../object-key.js';
import { ForwardingStore } from '../forwarding-store.js';
import type {
  EncodedGet,
  EncodedList,
  ListOptions,
  ListResult,
  ResourceType,
  Store,
  WatchEvent,
  WatchOptions,
  WatchProgress,
} from '../store.js';
import type { SnapshotLimits } from './list-snapshots.js';
import { FreshRevision } from './fresh-revision.js';
import { TypeCache } from './type-cache.js';
import type { WatchWindowLimits } from './watch-window.js';

const log = logger('watch-cache');

export interface WatchCacheOptions {
  /** the resource types to cache; reads of the others go to the store */
  types: readonly ResourceType[];
  /** longest wait for the cache to reach the store's revision before reading the store (default 3 s, as kube) */
  consistentWaitMs?: number;
  clock?: Clock;
  /** the informers' first restart delay after a failed list or watch (default 1 s) */
  restartDelayMs?: number;
  /** how long and how many replaced states stay readable to paged lists (default 60 s, 16) */
  snapshots?: SnapshotLimits;
  /** recent changes kept per type for watches, and how far a watcher may fall behind (watch-window.ts) */
  watchWindow?: WatchWindowLimits;
  /** told of every read of a cached type: answered from the cache (hit) or not (for metrics) */
  onRead?: (type: ResourceType, hit: boolean) => void;
}

/** How reads were answered, for tests and metrics. */
export interface WatchCacheCounts {
  /** answered from the cache */
  hits: number;
  /** left to the store: not synced, lagging past the wait, or a read the cache cannot answer */
  misses: number;
  /** watches of cached types served from the cache's window */
  watchesServed: number;
  /** watches of cached types left to the store */
  watchesForwarded: number;
}

interface Cached {
  cache: TypeCache;
  informer: Informer;
  progress: WatchProgress;
}

export class CachingStore extends ForwardingStore {
  readonly counts: WatchCacheCounts = { hits: 0, misses: 0, watchesServed: 0, watchesForwarded: 0 };
  private readonly caches = new Map<string, Cached>();
  private readonly revision: FreshRevision;
  private readonly waitMs: number;
  private readonly clock: Clock;
  private readonly onRead: ((type: ResourceType, hit: boolean) => void) | undefined;

  constructor(inner: Store, options: WatchCacheOptions) {
    super(inner);
    this.waitMs = options.consistentWaitMs ?? 3000;
    this.clock = options.clock ?? systemClock;
    this.onRead = options.onRead;
    this.revision = new FreshRevision(() => inner.currentResourceVersion());
    for (const type of options.types) this.caches.set(typeKey(type), this.startCache(type, options));
  }

  private startCache(type: ResourceType, options: WatchCacheOptions): Cached {
    const cache = new TypeCache(type, {
      now: () => this.clock.now(),
      ...(this.inner.listOrder ? { order: this.inner.listOrder } : {}),
      ...(options.snapshots ? { snapshots: options.snapshots } : {}),
      ...(options.watchWindow ? { watchWindow: options.watchWindow } : {}),
    });
    const progress: WatchProgress = {};
    const informer = startInformer({
      store: this.inner,
      type,
      clock: this.clock,
      // every change is applied: the resourceVersion changes with every write
      fingerprint: (o) => o.metadata.resourceVersion ?? '',
      onRelist: () => cache.reset(),
      onChange: (o) => cache.put(o),
      onDelete: (namespace, name, last) => cache.remove(namespace, name, last?.metadata.resourceVersion),
      onListed: (rv) => cache.listed(rv),
      onBookmark: (rv) => cache.progressed(rv),
      onWatchEnd: () => cache.stale(),
      progress,
      ...(options.restartDelayMs !== undefined ? { restartDelayMs: options.restartDelayMs } : {}),
    });
    return { cache, informer, progress };
  }

  /** Resolves once every cache had its first list (or its first attempt failed). */
  async synced(): Promise<void> {
    await Promise.all([...this.caches.values()].map((c) => c.informer.synced()));
  }

  /** The cache of a type, for tests and memory accounting. */
  cacheOf(type: ResourceType): TypeCache | undefined {
    return this.caches.get(typeKey(type))?.cache;
  }

  /**
   * The cache when it can answer a read at `resourceVersion` ('' or undefined: the most recent,
   * '0': any state), else undefined (read the store).
   */
  private async current(type: ResourceType, resourceVersion?: string): Promise<TypeCache | undefined> {
    const cached = this.caches.get(typeKey(type));
    if (!cached?.cache.ready) return undefined;
    if (resourceVersion === '0') return cached.cache;
    if (resourceVersion !== undefined && resourceVersion !== '') return undefined;
    const target = Number(await this.revision.get());
    return (await this.reach(cached, target)) ? cached.cache : undefined;
  }

  /** Waits (bounded) until the cache reached `target`; false when it did not. */
  private async reach(cached: Cached, target: number): Promise<boolean> {
    const { cache, progress } = cached;
    if (cache.resourceVersion >= target) return cache.ready;
    // without progress notification the cache cannot know it is current when other types were written last
    if (!progress.request) return false;
    progress.request();
    const wait = cache.waitFor(target);
    let timedOut = false;
    let cancelTimer = (): void => undefined;
    const timer = new Promise<void>((resolve) => {
      cancelTimer = this.clock.schedule(() => ((timedOut = true), resolve()), this.waitMs);
    });
    await Promise.race([wait.reached, timer]);
    cancelTimer();
    wait.cancel();
    if (timedOut)
      log.warn(
        { resource: typeKey(cache.type), target, cached: cache.resourceVersion, waitMs: this.waitMs },
        'watch cache behind the store; reading the store',
      );
    return !timedOut && cache.ready;
  }

  private count(type: ResourceType, hit: boolean): void {
    if (hit) this.counts.hits++;
    else this.counts.misses++;
    this.onRead?.(type, hit);
  }

  /** The object from the cache, or undefined when the cache cannot answer (read the store). */
  async getEncoded(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): Promise<EncodedGet | undefined> {
    const cache = await this.current(type);
    this.count(type, cache !== undefined);
    return cache ? { item: cache.get(namespace, name) } : undefined;
  }

  override async get<T extends KubeObject>(
    type: ResourceType<T>,
    namespace: string | undefined,
    name: string,
  ): Promise<T | undefined> {
    const cached = await this.getEncoded(type, namespace, name);
    if (!cached) return this.inner.get(type, namespace, name);
    return cached.item?.object() as T | undefined;
  }

  /** The cache for a page that continues at the token's resourceVersion (waiting, bounded, when the cache is behind it). */
  private async continuing(type: ResourceType, token: ContinueToken): Promise<TypeCache | undefined> {
    const cached = this.caches.get(typeKey(type));
    if (!cached) return undefined;
    if (cached.cache.resourceVersion < token.resourceVersion && cached.cache.ready)
      await this.reach(cached, token.resourceVersion);
    return cached.cache;
  }

  /**
   * The same list as `list`, its items as the cache's JSON encodings (shared), or undefined when
   * the cache cannot answer it (then `list` reads the store).
   */
  async listEncoded(type: ResourceType, options: ListOptions = {}): Promise<EncodedList | undefined> {
    const token = options.continue ? decodeContinueToken(options.continue) : undefined;
    const cache = token
      ? await this.continuing(type, token)
      : await this.current(type, options.resourceVersion);
    const page = cache?.list(options, token);
    this.count(type, page !== undefined);
    return page;
  }

  override async list<T extends KubeObject>(
    type: ResourceType<T>,
    options: ListOptions = {},
  ): Promise<ListResult<T>> {
    const encoded = await this.listEncoded(type, options);
    if (!encoded) return this.inner.list(type, options);
    const result: ListResult<T> = {
      items: encoded.items.map((o) => o.object() as T),
      resourceVersion: encoded.resourceVersion,
    };
    if (encoded.continue) result.continue = encoded.continue;
    if (encoded.remainingItemCount !== undefined) result.remainingItemCount = encoded.remainingItemCount;
    return result;
  }

  override watch<T extends KubeObject>(
    type: ResourceType<T>,
    options: WatchOptions,
    signal: AbortSignal,
  ): AsyncIterable<WatchEvent<T>> {
    const cached = this.caches.get(typeKey(type));
    const request = cached ? windowRequest(type, options) : undefined;
    if (!cached || !request) return this.forward(type, options, signal, cached !== undefined);
    const answer = fromWindow(cached.cache, request, signal);
    if (answer === 'store') return this.forward(type, options, signal, true);
    if (answer === 'wait') return this.watchOnceCaught(cached, type, options, request, signal);
    this.counts.watchesServed++;
    return answer as AsyncIterable<WatchEvent<T>>;
  }

  private forward<T extends KubeObject>(
    type: ResourceType<T>,
    options: WatchOptions,
    signal: AbortSignal,
    counted: boolean,
  ): AsyncIterable<WatchEvent<T>> {
    if (counted) this.counts.watchesForwarded++;
    return this.inner.watch(type, options, signal);
  }

  /** A watch the cache may answer once it is ready and reached the resourceVersion (waiting at most `consistentWaitMs` each). */
  private async *watchOnceCaught<T extends KubeObject>(
    cached: Cached,
    type: ResourceType<T>,
    options: WatchOptions,
    request: WindowRequest,
    signal: AbortSignal,
  ): AsyncGenerator<WatchEvent<T>, void, undefined> {
    // an abort ends the wait at once (a watcher made later, for an aborted signal, ends at once too)
    let onAbort = (): void => undefined;
    const aborted = new Promise<undefined>((resolve) => {
      onAbort = () => resolve(undefined);
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    const watcher = await Promise.race([this.catchUp(cached, request, signal), aborted]);
    signal.removeEventListener('abort', onAbort);
    if (signal.aborted) return;
    if (watcher) {
      this.counts.watchesServed++;
      yield* watcher as AsyncIterable<WatchEvent<T>>;
    } else yield* this.forward(type, options, signal, true);
  }

  private async catchUp(
    cached: Cached,
    request: WindowRequest,
    signal: AbortSignal,
  ): Promise<CacheWatcher | undefined> {
    const { cache } = cached;
    if (!cache.ready && !signal.aborted) {
      const wait = cache.whenReady();
      let cancelTimer = (): void => undefined;
      const timer = new Promise<void>((resolve) => (cancelTimer = this.clock.schedule(resolve, this.waitMs)));
      await Promise.race([wait.ready, timer]);
      cancelTimer();
      wait.cancel();
    }
    if (cache.ready && request.from > cache.resourceVersion && !signal.aborted)
      await this.reach(cached, request.from);
    const answer = fromWindow(cache, request, signal);
    return typeof answer === 'string' ? undefined : answer;
  }

  /** Stops the caches; the store stays open. */
  stop(): void {
    for (const { informer } of this.caches.values()) informer.stop();
  }

  override async close(): Promise<void> {
    this.stop();
    await this.inner.close();
  }
}
