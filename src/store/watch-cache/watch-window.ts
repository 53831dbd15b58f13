/**
 * The recent changes of one cached type and the watchers served from them (kube-apiserver's
 * cacher: its watchCache's cyclic buffer of events and its cacheWatchers). The store's watch is
 * opened once per type, by the cache's informer; a watch from a resourceVersion the window covers
 * replays the window's changes after it and then follows the cache's live changes, instead of
 * opening a watch of its own on the store (on etcd, a gRPC watch that decodes every value).
 *
 * The window keeps at most `capacity` changes, none older than `maxAgeMs` (kept as long as the
 * window is not full otherwise). It covers every resourceVersion from `from` (the newest change it
 * dropped, or the list it started at) on: a watch from an older one is left to the store, which
 * answers from its own history or with 410. A relist or a broken watch of the cache leaves a gap
 * in what the cache saw: the window starts over and every watcher ends with 410 (its client lists
 * and watches again), as the cacher terminates its watchers when its reflector restarts.
 */
import { gone } from '../../api/status-error.js';
import type { ParsedSelectors } from '../selectors.js';
import { CacheWatcher, type CachedChange } from './cache-watcher.js';

export interface WatchWindowLimits {
  /** the most changes kept (default 1,000) */
  capacity?: number;
  /** how long a change stays in the window (default 75 s, kube's eventFreshDuration) */
  maxAgeMs?: number;
  /** live events a watcher may fall behind before it ends with 410 (default 10,000, as the store's hub) */
  maxBuffered?: number;
}

interface Kept {
  change: CachedChange;
  at: number;
}

export class WatchWindow {
  private kept: (Kept | undefined)[] = [];
  private head = 0;
  /** every change after this resourceVersion is in the window; NaN while it covers nothing */
  private coveredFrom = NaN;
  private readonly watchers = new Set<CacheWatcher>();
  private readonly capacity: number;
  private readonly maxAgeMs: number;
  private readonly maxBuffered: number;
  private readonly now: () => number;

  constructor(now: () => number, limits: WatchWindowLimits = {}) {
    this.now = now;
    this.capacity = Math.max(1, limits.capacity ?? 1000);
    this.maxAgeMs = limits.maxAgeMs ?? 75_000;
    this.maxBuffered = limits.maxBuffered ?? 10_000;
  }

  /** The oldest resourceVersion a watch may start from (NaN: none). */
  get from(): number {
    this.prune();
    return this.coveredFrom;
  }

  get size(): number {
    return this.kept.length - this.head;
  }

  get watcherCount(): number {
    return this.watchers.size;
  }

  /** The cache listed at `resourceVersion`: the window covers every change after it. */
  start(resourceVersion: number): void {
    this.clear();
    this.coveredFrom = resourceVersion;
  }

  /** The cache stopped following the store: no more changes are known; every watcher ends with 410. */
  stop(): void {
    this.clear();
    this.coveredFrom = NaN;
    for (const w of [...this.watchers])
      w.fail(gone('watch closed: the watch cache restarted its watch of the store; list and watch again'));
  }

  /** A change the cache applied (in resourceVersion order): kept and handed to every watcher. */
  append(change: CachedChange): void {
    if (Number.isNaN(this.coveredFrom)) return;
    this.kept.push({ change, at: this.now() });
    this.prune();
    for (const w of this.watchers) w.offer(change);
  }

  /**
   * A watcher of the changes after `resourceVersion` that the selectors select, or undefined when
   * the window does not cover it (older than `from`, or nothing covered).
   */
  watch(resourceVersion: number, selectors: ParsedSelectors, signal: AbortSignal): CacheWatcher | undefined {
    const from = this.from;
    if (Number.isNaN(from) || resourceVersion < from) return undefined;
    const watcher = new CacheWatcher(selectors, this.maxBuffered, signal, (w) => this.watchers.delete(w));
    // an aborted watch ends on its own right after construction: nothing to offer it
    if (signal.aborted) return watcher;
    for (let i = this.firstAfter(resourceVersion); i < this.kept.length; i++)
      watcher.offer((this.kept[i] as Kept).change);
    this.watchers.add(watcher);
    return watcher;
  }

  /** The index of the first kept change newer than `resourceVersion`. */
  private firstAfter(resourceVersion: number): number {
    let low = this.head;
    let high = this.kept.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.kept[mid] as Kept).change.resourceVersion <= resourceVersion) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private prune(): void {
    const oldest = this.now() - this.maxAgeMs;
    while (this.head < this.kept.length) {
      const first = this.kept[this.head] as Kept;
      if (this.size <= this.capacity && first.at > oldest) break;
      this.coveredFrom = first.change.resourceVersion;
      this.kept[this.head] = undefined;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.kept.length) {
      this.kept = this.kept.slice(this.head);
      this.head = 0;
    }
  }

  private clear(): void {
    this.kept = [];
    this.head = 0;
  }
}
