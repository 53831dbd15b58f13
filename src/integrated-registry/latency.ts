/**
 * Push-to-tag-updated latency, measured from outside: for each push, the time from the manifest
 * PUT starting to the stream tag showing the pushed digest, observed through the shared informer
 * (a list, then a watch, no polling; a broken watch relists, at once after a 410, so a measurement
 * survives it). `measurePushToTagLatency` is what the benchmark and the integration test call.
 */
import { performance } from 'node:perf_hooks';
import type { ImageStream } from '../api/types.js';
import { startInformer } from '../controllers/informer.js';
import { systemClock, type Clock } from '../controllers/clock.js';
import { IMAGE_STREAMS } from '../store/resource-types.js';
import type { Store } from '../store/store.js';

/** One push split in two: blobs are uploaded first, `commit` is the manifest PUT by tag. */
export interface PreparedPush {
  digest: string;
  commit(): Promise<void>;
}

export interface PushLatencyOptions {
  store: Store;
  namespace: string;
  stream: string;
  tag: string;
  count: number;
  /** uploads the blobs of push number `i` (a new digest each time) */
  prepare(i: number): Promise<PreparedPush>;
  /** the longest one tag update may take (default 10 s) */
  timeoutMs?: number;
  /** the clock of the watch's restart backoff (default: the system clock) */
  clock?: Clock;
}

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  samplesMs: number[];
}

/** Nearest-rank percentile of sorted samples. Pure. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samplesMs: readonly number[]): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? NaN,
    meanMs: sorted.length ? sum / sorted.length : NaN,
    samplesMs: [...samplesMs],
  };
}

/** Times at which each digest first became the tag's current image. */
class TagObserver {
  readonly seen = new Map<string, number>();
  readonly #waiters = new Map<string, () => void>();

  note(stream: ImageStream | undefined, tag: string): void {
    const digest = stream?.status?.tags?.find((t) => t.tag === tag)?.items?.[0]?.image;
    if (!digest || this.seen.has(digest)) return;
    this.seen.set(digest, performance.now());
    this.#waiters.get(digest)?.();
  }

  wait(digest: string, timeoutMs: number): Promise<number> {
    const at = this.seen.get(digest);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(digest);
        reject(new Error(`the tag did not show ${digest} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.set(digest, () => {
        clearTimeout(timer);
        this.#waiters.delete(digest);
        resolve(this.seen.get(digest)!);
      });
    });
  }
}

/** Pushes `count` new images to one tag, one after the other, and times each until the tag moved. */
export async function measurePushToTagLatency(options: PushLatencyOptions): Promise<LatencySummary> {
  const observer = new TagObserver();
  const informer = startInformer({
    store: options.store,
    type: IMAGE_STREAMS,
    clock: options.clock ?? systemClock,
    namespace: options.namespace,
    fieldSelector: `metadata.name=${options.stream}`,
    fingerprint: (o) => o.metadata.resourceVersion ?? '',
    onChange: (o) => observer.note(o, options.tag),
  });
  const samples: number[] = [];
  try {
    await informer.synced();
    for (let i = 0; i < options.count; i++) {
      const push = await options.prepare(i);
      const started = performance.now();
      await push.commit();
      const updated = await observer.wait(push.digest, options.timeoutMs ?? 10_000);
      samples.push(Math.max(0, updated - started));
    }
  } finally {
    informer.stop();
  }
  return summarize(samples);
}
