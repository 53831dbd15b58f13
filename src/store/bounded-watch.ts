/**
 * The mechanics every in-process watcher shares (the watch hub's WatchSubscription, the watch
 * cache's CacheWatcher): a bounded queue of selected changes consumed as an async iterator, a
 * 410 for a watcher that falls more than `maxBuffered` events behind (the client lists and
 * watches again) instead of buffering without bound, an error delivered by the next next(), and
 * an end on abort. Subclasses decide what they queue and how a queued item becomes an event.
 */
import { gone, type StatusError } from '../api/status-error.js';
import type { WatchEvent } from './store.js';

export abstract class BoundedWatch<Q> implements AsyncIterableIterator<WatchEvent> {
  protected readonly maxBuffered: number;
  private readonly signal: AbortSignal;
  private queue: (Q | undefined)[] = [];
  private head = 0;
  private error: StatusError | undefined;
  private finished = false;
  private waiters: (() => void)[] = [];
  private readonly onAbort = (): void => this.finish();

  constructor(maxBuffered: number, signal: AbortSignal) {
    this.maxBuffered = maxBuffered;
    this.signal = signal;
    // an already aborted signal ends the watch once the subclass is constructed (its ended() runs)
    if (signal.aborted) queueMicrotask(() => this.finish());
    else signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /** ended, or about to: an aborted signal counts at once */
  get done(): boolean {
    return this.finished || this.signal.aborted;
  }

  /** queues one selected item and wakes the reader; past `maxBuffered` unread, the watch ends with 410 */
  protected enqueueItem(item: Q): void {
    this.queue.push(item);
    if (this.queue.length - this.head > this.maxBuffered) this.overflow();
  }

  protected overflow(): void {
    this.fail(
      gone(
        `watch closed: the watcher fell more than ${this.maxBuffered} events behind; list and watch again`,
      ),
    );
  }

  /** whether items wait in the queue */
  protected hasQueued(): boolean {
    return this.head < this.queue.length;
  }

  /** the oldest queued item, its slot cleared so that a consumed item can be collected */
  protected takeQueued(): Q | undefined {
    const item = this.queue[this.head];
    if (item === undefined) return undefined;
    this.queue[this.head] = undefined;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** the next event, or undefined when none is ready (may throw to end the watch) */
  protected abstract nextEvent(): WatchEvent | undefined;

  /** the watch ended: a subclass drops what it holds beyond the queue and tells its owner */
  protected abstract ended(): void;

  /** Ends the watch with an error, thrown by the next next() (queued events are dropped). */
  fail(error: StatusError): void {
    if (this.finished) return;
    this.error = error;
    this.finish();
  }

  /** Ends the watch: queued events are dropped, the iterator is done (after a pending error). */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.queue = [];
    this.head = 0;
    this.signal.removeEventListener('abort', this.onAbort);
    this.ended();
    this.wake();
  }

  protected wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  async next(): Promise<IteratorResult<WatchEvent, undefined>> {
    if (this.signal.aborted) this.finish();
    for (;;) {
      const event = this.nextEvent();
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
