/**
 * One watcher served from the watch cache (watch-window.ts): the recent changes it selects, then
 * live ones, in order, through a bounded queue of references to the cached encodings. Each
 * delivered event is parsed from the cached JSON, so the watcher gets its own object (it may
 * change it) and an idle watcher holds no parsed copies. A watcher that falls more than
 * `maxBuffered` events behind ends with 410, as the store's watch hub does.
 */
import type { KubeObject } from '../../api/object.js';
import { matches, type ParsedSelectors } from '../selectors.js';
import { BoundedWatch } from '../bounded-watch.js';
import type { WatchEvent } from '../store.js';
import type { CachedObject } from './cached-object.js';

/** A change as the cache applied it: the cached encodings, shared by every watcher (never handed out). */
export interface CachedChange {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  resourceVersion: number;
  /** the object after the change; for DELETED its last state (delivered with the deletion's resourceVersion) */
  object: CachedObject;
  /** the state before a MODIFIED: label selectors see objects enter and leave */
  previous?: CachedObject;
}

interface Queued {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  json: Buffer;
  /** set when the delivered object must carry this resourceVersion instead of its own */
  resourceVersion?: number;
}

/**
 * What one watcher sees of a change, as the store's watch decides it (watch-subscription.ts
 * `eventFor`): an object that starts matching a label selector is ADDED, one that stops matching
 * is DELETED (its previous content, the change's resourceVersion).
 */
function selectChange(c: CachedChange, selectors: ParsedSelectors): Queued | undefined {
  const now = matches(c.object.selectable, selectors);
  if (c.type === 'DELETED')
    return now ? { type: 'DELETED', json: c.object.json, resourceVersion: c.resourceVersion } : undefined;
  if (c.type === 'ADDED' || !c.previous || selectors.labels.length === 0)
    return now ? { type: c.type, json: c.object.json } : undefined;
  const before = matches(c.previous.selectable, selectors);
  if (now) return { type: before ? 'MODIFIED' : 'ADDED', json: c.object.json };
  return before ? { type: 'DELETED', json: c.previous.json, resourceVersion: c.resourceVersion } : undefined;
}

export class CacheWatcher extends BoundedWatch<Queued> {
  private readonly selectors: ParsedSelectors;
  private readonly onFinish: (w: CacheWatcher) => void;

  constructor(
    selectors: ParsedSelectors,
    maxBuffered: number,
    signal: AbortSignal,
    onFinish: (w: CacheWatcher) => void,
  ) {
    super(maxBuffered, signal);
    this.selectors = selectors;
    this.onFinish = onFinish;
  }

  protected ended(): void {
    this.onFinish(this);
  }

  /** A change of the watcher's type, in the order the cache applied them. */
  offer(change: CachedChange): void {
    if (this.done) return;
    const event = selectChange(change, this.selectors);
    if (!event) return;
    this.enqueueItem(event);
    this.wake();
  }

  protected nextEvent(): WatchEvent | undefined {
    const item = this.takeQueued();
    if (item === undefined) return undefined;
    const object = JSON.parse(item.json.toString()) as KubeObject;
    if (item.resourceVersion !== undefined) object.metadata.resourceVersion = String(item.resourceVersion);
    return { type: item.type, object };
  }
}
