/**
 * The states of one cached type that a paged LIST may still continue from (kube-apiserver's
 * cacher keeps such snapshots for "list from cache snapshot"): every page of a list is consistent
 * at its first page's resourceVersion, so a page that continues after the type changed reads the
 * state the first page was cut from. A state is an array in list order, never changed once built:
 * keeping one costs the array, and the replaced objects it still holds.
 *
 * Only states that handed out a continue token are kept, each for `ttlMs` after it was replaced
 * and at most `max` of them; a token older than that is left to the store (which answers from
 * its own history, or 410 Expired once that is compacted).
 */
import type { CachedObject } from './cached-object.js';

export interface ListSnapshot {
  /** every object of the type in list order (frozen) */
  readonly items: readonly CachedObject[];
  /** the oldest resourceVersion at which this is the type's state */
  readonly from: number;
  /** a continue token was cut from it: keep it once it is replaced */
  paged: boolean;
}

interface Retired {
  snapshot: ListSnapshot;
  /** the newest resourceVersion at which it is the type's state */
  until: number;
  retiredAt: number;
}

export interface SnapshotLimits {
  /** how long a replaced state stays readable (default 60 s) */
  ttlMs?: number;
  /** the most replaced states kept (default 16) */
  max?: number;
}

export class ListSnapshots {
  private retired: Retired[] = [];
  private readonly ttlMs: number;
  private readonly max: number;
  private readonly now: () => number;

  constructor(now: () => number, limits: SnapshotLimits = {}) {
    this.now = now;
    this.ttlMs = limits.ttlMs ?? 60_000;
    this.max = limits.max ?? 16;
  }

  /** The current state was replaced; it was the type's state up to `until`. */
  retire(snapshot: ListSnapshot, until: number): void {
    if (!snapshot.paged || until < snapshot.from) return;
    this.retired.push({ snapshot, until, retiredAt: this.now() });
    this.prune();
  }

  /** The kept state at `resourceVersion`, or undefined. */
  at(resourceVersion: number): ListSnapshot | undefined {
    this.prune();
    return this.retired.find((r) => r.snapshot.from <= resourceVersion && resourceVersion <= r.until)
      ?.snapshot;
  }

  get size(): number {
    return this.retired.length;
  }

  private prune(): void {
    const oldest = this.now() - this.ttlMs;
    this.retired = this.retired.filter((r) => r.retiredAt > oldest).slice(-this.max);
  }
}
