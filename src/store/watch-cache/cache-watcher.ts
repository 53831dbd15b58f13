/**
 * One watcher served from the watch cache (watch-window.ts): the recent changes it selects, then
 * live ones, in order, through a bounded queue of references to the cached encodings. Each
 * delivered event is parsed from the cached JSON, so the watcher gets its own object (it may
 * change it) and an idle watcher holds no parsed copies. A watcher that falls more than
 * `maxBuffered` events behind ends with 410, as the store's watch hub does.
 */
import type { KubeObject } from '../../api/object.js';
import { gone, type StatusError } from '../../api/status-error.js';
import { matches, type ParsedSelectors } from '../selectors.js';
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

export class CacheWatcher implements AsyncIterableIterator<WatchEvent> {
  private readonly selectors: ParsedSelectors;
  private readonly maxBuffered: number;
  private readonly signal: AbortSignal;
  private readonly onFinish: (w: CacheWatcher) => void;
  private queue: (Queued | undefined)[] = [];
  private head = 0;
  private error: StatusError | undefined;
  private finished = false;
  private waiters: (() => void)[] = [];
  private readonly onAbort = (): void => this.finish();

  constructor(
    selectors: ParsedSelectors,
    maxBuffered: number,
    signal: AbortSignal,
    onFinish: (w: CacheWatcher) => void,
  ) {
    this.selectors = selectors;
    this.maxBuffered = maxBuffered;
    this.signal = signal;
    this.onFinish = onFinish;
    if (signal.aborted) this.finish();
    else signal.addEventListener('abort', this.onAbort, { once: true });
  }

  get done(): boolean {
    return this.finished;
  }

  /** A change of the watcher's type, in the order the cache applied them. */
  offer(change: CachedChange): void {
    if (this.finished) return;
    const event = selectChange(change, this.selectors);
    if (!event) return;
    this.queue.push(event);
    if (this.queue.length - this.head > this.maxBuffered) {
      this.fail(
        gone(
          `watch closed: the watcher fell more than ${this.maxBuffered} events behind; list and watch again`,
        ),
      );
      return;
    }
    this.wake();
  }

  /** Ends the watch with an error, thrown by the next next() (queued events are dropped). */
  fail(error: StatusError): void {
    if (this.finished) return;
    this.error = error;
    this.finish();
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.queue = [];
    this.head = 0;
    this.signal.removeEventListener('abort', this.onAbort);
    this.onFinish(this);
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private take(): WatchEvent | undefined {
    const item = this.queue[this.head];
    if (item === undefined) return undefined;
    this.queue[this.head] = undefined;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    const object = JSON.parse(item.json.toString()) as KubeObject;
    if (item.resourceVersion !== undefined) object.metadata.resourceVersion = String(item.resourceVersion);
    return { type: item.type, object };
  }

  async next(): Promise<IteratorResult<WatchEvent, undefined>> {
    for (;;) {
      const event = this.take();
      if (event) return { value: event, done: false };
      if (this.error) {
        const error = this.error;
        this.error = undefined;
        throw error;
      }
      if (this.finished) return { value: undefined, done: true };
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async return(): Promise<IteratorResult<WatchEvent, undefined>> {
    this.error = undefined;
    this.finish();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<WatchEvent> {
    return this;
  }
}
