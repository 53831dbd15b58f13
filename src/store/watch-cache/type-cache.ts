/**
 * The objects of one resource type as the watch cache holds them (kube-apiserver's watchCache):
 * every object once, as its JSON (readers share it and cannot change it), and the
 * resourceVersion the whole set is consistent at. Fed by an informer (list, then watch events and
 * progress bookmarks); readers that need a newer state wait for it (bounded by the caller).
 */
import type { KubeObject } from '../../api/object.js';
import { checkContinueToken, encodeContinueToken, type ContinueToken } from '../continue-token.js';
import { keyNamespace } from '../object-key.js';
import { parseSelectors } from '../selectors.js';
import type { EncodedList, ListOptions, ListOrder, ResourceType } from '../store.js';
import { CachedObject } from './cached-object.js';
import { readPage } from './cached-page.js';
import { keyCompare, type KeyCompare } from './list-order.js';
import { ListSnapshots, type ListSnapshot, type SnapshotLimits } from './list-snapshots.js';
import { WatchWindow, type WatchWindowLimits } from './watch-window.js';

const keyOf = (namespace: string, name: string): string => `${namespace}\u0000${name}`;

interface Waiter {
  target: number;
  resolve: () => void;
}

export interface TypeCacheOptions {
  /** the store's list order (default 'namespace-name') */
  order?: ListOrder;
  /** the clock that ages replaced states (default Date.now) */
  now?: () => number;
  /** how long and how many replaced states stay readable to paged lists */
  snapshots?: SnapshotLimits;
  /** how many recent changes watches may start from, and how far a watcher may fall behind */
  watchWindow?: WatchWindowLimits;
}

/** A page of a cached list: the items and, when more follow, the store's continue token. */
export interface EncodedPage extends EncodedList {
  items: readonly CachedObject[];
}

export class TypeCache {
  readonly type: ResourceType;
  private objects = new Map<string, CachedObject>();
  /** every object in list order, built on the first read after a change (then shared by readers) */
  private current: ListSnapshot | undefined;
  /** replaced states that paged lists may still continue from */
  private readonly history: ListSnapshots;
  private readonly compare: KeyCompare;
  private rv = 0;
  /** the resourceVersion of the last change: the state is the same from it up to `rv` */
  private changedAt = 0;
  private isReady = false;
  private waiters: Waiter[] = [];
  private readyWaiters: (() => void)[] = [];
  /** the recent changes, and the watchers served from them */
  readonly window: WatchWindow;

  constructor(type: ResourceType, options: TypeCacheOptions = {}) {
    this.type = type;
    this.compare = keyCompare(options.order);
    this.history = new ListSnapshots(options.now ?? Date.now, options.snapshots);
    this.window = new WatchWindow(options.now ?? Date.now, options.watchWindow);
  }

  /** Listed and watching: the state is the store's at `resourceVersion`. */
  get ready(): boolean {
    return this.isReady;
  }

  get resourceVersion(): number {
    return this.rv;
  }

  get size(): number {
    return this.objects.size;
  }

  /** replaced states kept for paged lists */
  get keptSnapshots(): number {
    return this.history.size;
  }

  /** A fresh list starts: forget everything (reads go to the store until `listed`). */
  reset(): void {
    this.replaced(this.rv);
    this.objects.clear();
    this.isReady = false;
    this.window.stop();
  }

  /** The list was delivered: consistent at its resourceVersion. */
  listed(resourceVersion: string): void {
    this.isReady = true;
    this.advance(Number(resourceVersion));
    // deletions while the watch was down are known only from now on
    this.changedAt = Math.max(this.changedAt, Number(resourceVersion) || 0);
    this.window.start(Number(resourceVersion) || 0);
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** The watch ended (error, 410): no longer current until the next list. */
  stale(): void {
    this.isReady = false;
    this.window.stop();
  }

  /** Resolves once the cache is ready; `cancel` drops the wait. */
  whenReady(): { ready: Promise<void>; cancel: () => void } {
    if (this.isReady) return { ready: Promise.resolve(), cancel: () => undefined };
    let waiter: (() => void) | undefined;
    const ready = new Promise<void>((resolve) => {
      waiter = resolve;
      this.readyWaiters.push(resolve);
    });
    return { ready, cancel: () => (this.readyWaiters = this.readyWaiters.filter((w) => w !== waiter)) };
  }

  put(object: KubeObject): void {
    const cached = new CachedObject(object);
    const resourceVersion = Number(object.metadata.resourceVersion ?? NaN);
    this.changed(resourceVersion);
    const key = keyOf(cached.namespace, cached.name);
    const previous = this.objects.get(key);
    this.objects.set(key, cached);
    // the list's objects are the state the window starts from, not changes
    if (!this.isReady) return;
    if (!Number.isFinite(resourceVersion)) return this.window.stop();
    this.window.append(
      previous
        ? { type: 'MODIFIED', resourceVersion, object: cached, previous }
        : { type: 'ADDED', resourceVersion, object: cached },
    );
  }

  remove(namespace: string, name: string, resourceVersion?: string): void {
    const at = Number(resourceVersion ?? NaN);
    this.changed(at);
    const key = keyOf(namespace, name);
    const last = this.objects.get(key);
    this.objects.delete(key);
    if (!this.isReady || !last) return;
    // a deletion without its resourceVersion cannot be placed in the window: it ends its watchers
    if (Number.isFinite(at)) this.window.append({ type: 'DELETED', resourceVersion: at, object: last });
    else this.window.stop();
  }

  /** Before a change at `resourceVersion` (NaN: not known): the current state ends just before it. */
  private changed(resourceVersion: number): void {
    const known = Number.isFinite(resourceVersion);
    this.replaced(known ? Math.max(this.rv, resourceVersion - 1) : this.rv);
    this.advance(resourceVersion);
    this.changedAt = Math.max(this.changedAt, known ? resourceVersion : this.rv);
  }

  /** The current state is replaced; it was the type's state up to `until`. */
  private replaced(until: number): void {
    if (this.current) this.history.retire(this.current, until);
    this.current = undefined;
  }

  /** Progress: every change up to `resourceVersion` has been applied. */
  progressed(resourceVersion: string): void {
    this.advance(Number(resourceVersion));
  }

  private advance(resourceVersion: number): void {
    if (!Number.isFinite(resourceVersion) || resourceVersion <= this.rv) return;
    this.rv = resourceVersion;
    if (this.waiters.length === 0) return;
    const due = this.waiters.filter((w) => w.target <= resourceVersion);
    this.waiters = this.waiters.filter((w) => w.target > resourceVersion);
    for (const w of due) w.resolve();
  }

  /** Resolves once the cache reached `target`; `cancel` drops the wait. */
  waitFor(target: number): { reached: Promise<void>; cancel: () => void } {
    if (this.rv >= target) return { reached: Promise.resolve(), cancel: () => undefined };
    let waiter: Waiter | undefined;
    const reached = new Promise<void>((resolve) => {
      waiter = { target, resolve };
      this.waiters.push(waiter);
    });
    return { reached, cancel: () => (this.waiters = this.waiters.filter((w) => w !== waiter)) };
  }

  /** One object, or undefined. Throws the store's 400 for a namespaced type without namespace. */
  get(namespace: string | undefined, name: string): CachedObject | undefined {
    return this.objects.get(keyOf(keyNamespace(this.type, namespace), name));
  }

  /** The current state in list order (the cache must be ready). */
  private snapshot(): ListSnapshot {
    this.current ??= {
      items: Object.freeze([...this.objects.values()].sort(this.compare)),
      from: this.changedAt,
      paged: false,
    };
    return this.current;
  }

  /** The state at `resourceVersion`, when the cache has it (the current one, or a kept one). */
  private snapshotAt(resourceVersion: number): ListSnapshot | undefined {
    if (this.isReady && this.changedAt <= resourceVersion && resourceVersion <= this.rv)
      return this.snapshot();
    return this.history.at(resourceVersion);
  }

  /**
   * A page of the objects the selectors select, in the store's order: the first at the cache's
   * resourceVersion (the cache must be ready), one with a continue token at the token's, or
   * undefined when the cache does not have that state (the store may still).
   */
  list(options: ListOptions, token?: ContinueToken): EncodedPage | undefined {
    const selectors = parseSelectors({
      namespace: this.type.namespaced ? options.namespace : undefined,
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
    });
    if (token)
      checkContinueToken(token, {
        current: Number.MAX_SAFE_INTEGER,
        compacted: 0,
        namespace: selectors.namespace,
      });
    const at = token ? token.resourceVersion : this.rv;
    const snapshot = token ? this.snapshotAt(at) : this.snapshot();
    if (!snapshot) return undefined;
    const limit = options.limit !== undefined && options.limit > 0 ? Math.floor(options.limit) : undefined;
    const page = readPage(
      snapshot.items,
      { selectors, ...(limit ? { limit } : {}), ...(token ? { after: token } : {}) },
      this.compare,
    );
    const result: EncodedPage = { items: page.items, resourceVersion: String(at) };
    if (page.more) {
      snapshot.paged = true;
      result.continue = encodeContinueToken({
        resourceVersion: at,
        namespace: page.more.namespace,
        name: page.more.name,
      });
      if (page.remainingItemCount !== undefined) result.remainingItemCount = page.remainingItemCount;
    }
    return result;
  }
}
