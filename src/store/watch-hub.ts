/**
 * The one in-process fan-out of store changes, shared by the backends: a backend publishes every
 * committed change once; each watcher (resource type, namespace, selectors) gets the events it
 * selects, in order, through its own bounded queue. Objects travel as JSON and are parsed per
 * delivered event, so watchers can mutate what they receive and idle watchers cost little.
 */
import { internalError } from '../api/status-error.js';
import { logger } from '../observability/logger.js';
import type { ParsedSelectors } from './selectors.js';
import { PreparedChange, WatchSubscription, type Change } from './watch-subscription.js';

export type { Change } from './watch-subscription.js';
export { WatchSubscription, failedWatch } from './watch-subscription.js';

const log = logger('watch-hub');

export interface WatchHubOptions {
  /** live events a watcher may fall behind before it is closed with 410 (default 10,000) */
  maxBuffered?: number;
}

export class WatchHub {
  private readonly byType = new Map<string, Set<WatchSubscription>>();
  /** watchers asking for progress notification (watch caches): told of every change of any type */
  private readonly progressWatchers = new Set<WatchSubscription>();
  private readonly maxBuffered: number;

  constructor(options: WatchHubOptions = {}) {
    this.maxBuffered = options.maxBuffered ?? 10_000;
  }

  /**
   * A new watcher. It buffers live changes until the backend calls start() with its history
   * (see WatchSubscription.start); it ends when the signal aborts or the hub closes.
   */
  subscribe(
    typeKey: string,
    selectors: ParsedSelectors,
    signal: AbortSignal,
    progress = false,
  ): WatchSubscription {
    let set = this.byType.get(typeKey);
    if (!set) {
      set = new Set();
      this.byType.set(typeKey, set);
    }
    const subscribers = set;
    const subscription = new WatchSubscription(selectors, this.maxBuffered, signal, (s) => {
      subscribers.delete(s);
      this.progressWatchers.delete(s);
      if (subscribers.size === 0 && this.byType.get(typeKey) === subscribers) this.byType.delete(typeKey);
    });
    // an already aborted signal finishes the subscription right after construction
    if (!signal.aborted) {
      subscribers.add(subscription);
      if (progress) this.progressWatchers.add(subscription);
    }
    return subscription;
  }

  /** Hands a committed change to every watcher of its type, in the order of publication. */
  publish(change: Change): void {
    this.offer(change);
    // after the change itself, so a watcher of its type gets the event before the bookmark
    for (const s of this.progressWatchers) s.progress(change.resourceVersion);
  }

  private offer(change: Change): void {
    const subscribers = this.byType.get(change.typeKey);
    if (!subscribers) return;
    const prepared = new PreparedChange(change);
    for (const s of subscribers) {
      try {
        s.offer(prepared);
      } catch (err) {
        // a change one watcher cannot evaluate must not fail the committed write nor the other watchers
        log.error({ err, resourceVersion: change.resourceVersion }, 'watcher failed on a change');
        s.fail(internalError('the watch failed on a stored change; list and watch again', err));
      }
    }
  }

  /** The number of open watchers, of one type or of all. */
  watcherCount(typeKey?: string): number {
    if (typeKey !== undefined) return this.byType.get(typeKey)?.size ?? 0;
    let n = 0;
    for (const set of this.byType.values()) n += set.size;
    return n;
  }

  /** Ends every watcher (their iterators finish). */
  close(): void {
    for (const set of [...this.byType.values()]) {
      for (const s of [...set]) s.finish();
    }
    this.byType.clear();
    this.progressWatchers.clear();
  }
}
