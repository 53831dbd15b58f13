/**
 * Push-to-tag-updated latency: the time a push notification arrived is kept per stream tag until
 * the tag moves (or the entry ages out), then observed in a histogram.
 */
import { pushToTagUpdated } from './metrics.js';

export class PushLatencyTracker {
  private readonly pushes = new Map<string, Date>();
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;

  constructor(maxEntries = 10_000, maxAgeMs = 10 * 60_000) {
    this.maxEntries = maxEntries;
    this.maxAgeMs = maxAgeMs;
  }

  /** Remembers the earliest unanswered push of a stream tag. */
  notePush(key: string, at: Date): void {
    if (this.pushes.has(key)) return;
    if (this.pushes.size >= this.maxEntries) {
      const oldest = this.pushes.keys().next();
      if (!oldest.done) this.pushes.delete(oldest.value);
    }
    this.pushes.set(key, at);
  }

  /** Seconds since the push, observed in the histogram; undefined when no push was waiting. */
  tagUpdated(key: string, now: Date): number | undefined {
    const at = this.pushes.get(key);
    if (!at) return undefined;
    this.pushes.delete(key);
    const ms = now.getTime() - at.getTime();
    if (ms < 0 || ms > this.maxAgeMs) return undefined;
    pushToTagUpdated.observe(ms / 1000);
    return ms / 1000;
  }
}
