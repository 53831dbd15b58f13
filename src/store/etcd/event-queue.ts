/**
 * The consumer side of one etcd watch: an async iterator over a queue of events, which ends when
 * the signal aborts and throws the error a watch failed with (after the events before it). When
 * the consumer falls `highWater` events behind, the producer is told to pause (grpc flow control
 * then holds etcd back) and to resume once half of them are consumed.
 */
import type { WatchEvent } from '../store.js';

export class EventQueue implements AsyncIterableIterator<WatchEvent> {
  /** told to pause (true) or resume (false) the producer */
  onPressure: (paused: boolean) => void = () => undefined;
  /** told once when the watch ends, whatever the reason */
  onFinish: () => void = () => undefined;
  private readonly signal: AbortSignal;
  private readonly highWater: number;
  /** the events from `head` on wait; the slots before it were taken and cleared */
  private items: (WatchEvent | undefined)[] = [];
  private head = 0;
  private error: unknown;
  private failed = false;
  private done = false;
  private paused = false;
  private waiters: (() => void)[] = [];
  /** producers waiting for the consumer to catch up (room()) */
  private roomWaiters: { below: number; resolve: () => void }[] = [];
  private readonly onAbort = (): void => this.finish();

  constructor(signal: AbortSignal, highWater: number) {
    this.signal = signal;
    this.highWater = Math.max(1, highWater);
    if (signal.aborted) this.done = true;
    else signal.addEventListener('abort', this.onAbort, { once: true });
  }

  get finished(): boolean {
    return this.done || this.failed;
  }

  private get length(): number {
    return this.items.length - this.head;
  }

  push(event: WatchEvent): void {
    if (this.finished) return;
    this.items.push(event);
    if (!this.paused && this.length >= this.highWater) {
      this.paused = true;
      this.onPressure(true);
    }
    this.wake();
  }

  /** Ends the watch with an error, thrown by next() once the queued events are consumed. */
  fail(error: unknown): void {
    if (this.finished) return;
    this.failed = true;
    this.error = error;
    this.stop();
  }

  finish(): void {
    if (this.finished) return;
    this.done = true;
    this.items = [];
    this.head = 0;
    this.stop();
  }

  /** Resolves once fewer than `below` events wait for the consumer, or the watch has ended. */
  room(below: number): Promise<void> {
    if (this.finished || this.length < below) return Promise.resolve();
    return new Promise<void>((resolve) => this.roomWaiters.push({ below, resolve }));
  }

  private stop(): void {
    this.signal.removeEventListener('abort', this.onAbort);
    this.onFinish();
    this.wake();
    this.wakeProducers();
  }

  private wakeProducers(): void {
    if (this.roomWaiters.length === 0) return;
    const ready = this.roomWaiters.filter((w) => this.finished || this.length < w.below);
    if (ready.length === 0) return;
    this.roomWaiters = this.roomWaiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private take(): WatchEvent | undefined {
    if (this.length === 0) return undefined;
    const event = this.items[this.head] as WatchEvent;
    // a taken event must not stay reachable from the queue until the next compaction (up to
    // 1,024 whole objects per watch kept alive, and promoted by the collector)
    this.items[this.head] = undefined;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    if (this.paused && this.length <= this.highWater / 2) {
      this.paused = false;
      if (!this.finished) this.onPressure(false);
    }
    this.wakeProducers();
    return event;
  }

  async next(): Promise<IteratorResult<WatchEvent, undefined>> {
    for (;;) {
      if (this.done) return { value: undefined, done: true };
      const event = this.take();
      if (event) return { value: event, done: false };
      if (this.failed) {
        this.done = true;
        throw this.error;
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async return(): Promise<IteratorResult<WatchEvent, undefined>> {
    this.finish();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<WatchEvent> {
    return this;
  }
}
