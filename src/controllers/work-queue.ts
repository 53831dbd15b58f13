/**
 * The keyed work queue every controller uses (client-go's workqueue pattern): a key is reconciled
 * by at most one worker at a time, a key added while pending is not queued twice, a key added
 * while being processed runs once more afterwards, and failures are retried with capped
 * exponential backoff. Time is injected so unit tests never sleep.
 */

import { backoffDelay } from './backoff.js';
import { systemClock, type Clock } from './clock.js';

export interface WorkQueueOptions {
  /** parallel reconciles of different keys (default 4) */
  concurrency?: number;
  /** first retry delay (default 200 ms), doubled per failure */
  baseDelayMs?: number;
  /** retry delay cap (default 5 minutes) */
  maxDelayMs?: number;
  /** failures after which a key is dropped until it is added again (default: never dropped) */
  maxRetries?: number;
  clock?: Clock;
  /** told about every failure; `willRetry` false when the key was dropped */
  onError?: (key: string, err: unknown, willRetry: boolean) => void;
}

export interface WorkQueue {
  add(key: string): void;
  /** adds the key after a delay; an earlier pending deadline for the same key wins */
  addAfter(key: string, ms: number): void;
  /** keys waiting to run (not counting delayed or running ones) */
  pending(): number;
  /** consecutive failures of the key so far */
  failures(key: string): number;
  /** resolves when nothing is queued or running (delayed keys may remain) */
  idle(): Promise<void>;
  /** stops taking keys, cancels delayed ones and waits for running reconciles */
  shutDown(): Promise<void>;
}

interface Timer {
  at: number;
  cancel: () => void;
}

export function createWorkQueue(
  handler: (key: string) => Promise<void>,
  options: WorkQueueOptions = {},
): WorkQueue {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const base = options.baseDelayMs ?? 200;
  const cap = options.maxDelayMs ?? 5 * 60_000;
  const maxRetries = options.maxRetries ?? Number.POSITIVE_INFINITY;
  const clock = options.clock ?? systemClock;

  const ready: string[] = [];
  const dirty = new Set<string>();
  const processing = new Set<string>();
  const failureCount = new Map<string, number>();
  const timers = new Map<string, Timer>();
  let idleWaiters: (() => void)[] = [];
  let stopped = false;

  const isIdle = () => ready.length === 0 && processing.size === 0;
  const notifyIdle = () => {
    if (!isIdle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };

  function add(key: string): void {
    if (stopped || dirty.has(key)) return;
    dirty.add(key);
    if (!processing.has(key)) ready.push(key);
    pump();
  }

  function fail(key: string, err: unknown): void {
    const n = (failureCount.get(key) ?? 0) + 1;
    const retry = n <= maxRetries;
    if (retry) failureCount.set(key, n);
    else failureCount.delete(key);
    options.onError?.(key, err, retry);
    if (retry) addAfter(key, backoffDelay(n, { baseMs: base, maxMs: cap }));
  }

  async function run(key: string): Promise<void> {
    try {
      await handler(key);
      failureCount.delete(key);
    } catch (err) {
      fail(key, err);
    } finally {
      processing.delete(key);
      if (dirty.has(key) && !stopped) ready.push(key);
      pump();
      notifyIdle();
    }
  }

  function pump(): void {
    while (!stopped && processing.size < concurrency && ready.length > 0) {
      const key = ready.shift() as string;
      dirty.delete(key);
      processing.add(key);
      void run(key);
    }
  }

  function addAfter(key: string, ms: number): void {
    if (stopped) return;
    if (ms <= 0) return add(key);
    const at = clock.now() + ms;
    const existing = timers.get(key);
    if (existing && existing.at <= at) return;
    existing?.cancel();
    const cancel = clock.schedule(() => {
      timers.delete(key);
      add(key);
    }, ms);
    timers.set(key, { at, cancel });
  }

  return {
    add,
    addAfter,
    pending: () => ready.length,
    failures: (key) => failureCount.get(key) ?? 0,
    idle: () => (isIdle() ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    async shutDown() {
      stopped = true;
      for (const t of timers.values()) t.cancel();
      timers.clear();
      ready.length = 0;
      dirty.clear();
      if (processing.size > 0) await new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}
