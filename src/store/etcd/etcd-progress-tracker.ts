/**
 * Watch progress without etcd's progress notifications, for an etcd whose notifications cannot be
 * trusted (before 3.4.31 / 3.5.13: etcd-progress.ts). One extra watch over the store's whole
 * prefix sees every revision the store's writes make, in order, with no race between events and
 * notifications (one watcher's events are ordered). A type's watch (a follower) is complete at the
 * tracker's revision X once it has delivered the newest event of its own key range the tracker has
 * seen up to X: no event of its range lies between that one and X.
 *
 * The tracker is sound only for followers that began at or after the revision it began at (it
 * knows nothing older): one that began earlier restarts the tracker from its own start (only
 * while the caches list at startup). A broken stream (its etcd member died, the connection
 * dropped) resumes at once, with backoff, from the revision after the newest it saw, as the
 * store's watches do (etcd-watch.ts): it misses nothing, so it stays sound for its followers,
 * which keep resuming their own watches and would never list again to restart it. Only a
 * compacted tracker (it missed revisions) stops (no progress, reads go to the store) until the
 * next follower (a cache listing again) restarts it.
 * A write outside the prefix (another program's, on a shared etcd) moves etcd's revision past the
 * tracker's: such reads find the cache behind and go to the store, never to a stale cache.
 */
import type { Duplex } from 'node:stream';
import type { IDuplexStream, IWatchRequest, IWatchResponse } from 'etcd3';
import { backoffDelay } from '../../controllers/backoff.js';
import { logger } from '../../observability/logger.js';
import { prefixRange, type KeyRange } from './etcd-keys.js';
import { closeStream } from './etcd-streams.js';

const log = logger('store-etcd');

/** reopening a broken progress watch: 100 ms doubling to 2 s, for as long as it is followed */
const RESUME_BACKOFF = { baseMs: 100, maxMs: 2000 };

type WatchStream = IDuplexStream<IWatchRequest, IWatchResponse> & Pick<Duplex, 'removeAllListeners'>;

/** What the tracker needs of an etcd3 client: its Watch service (an Etcd3 is one). */
export interface WatchOpener {
  watchClient: { watch(): Promise<IDuplexStream<IWatchRequest, IWatchResponse>> };
}

export interface ProgressFollower {
  /** the follower's key range */
  range: KeyRange;
  /** the revision its watch began after (everything up to it came by its list) */
  began: number;
  /** the tracker's revision moved, or the newest event of its range did */
  onTrackerMoved(): void;
}

interface Followed {
  follower: ProgressFollower;
  /** the newest revision of an event in the follower's range seen by the tracker */
  lastSeen: number;
}

const inRange = (key: Buffer, range: KeyRange): boolean =>
  Buffer.compare(key, range.start) >= 0 && Buffer.compare(key, range.end) < 0;

export class ProgressTracker {
  private readonly client: WatchOpener;
  /** normalized key prefix of the store */
  private readonly prefix: string;
  private readonly followed = new Map<ProgressFollower, Followed>();
  private stream: WatchStream | undefined;
  /** the tracker covers (began, revision] */
  private began = -1;
  private revision = 0;
  private stopped = false;
  /** broken streams in a row (reset when etcd confirms a new one) */
  private failures = 0;
  /** a reopen is scheduled */
  private resumeTimer: NodeJS.Timeout | undefined;
  /** counts streams opened, so that a late answer for a replaced one is dropped */
  private generation = 0;
  /** nobody follows: no stream, none scheduled; the next follower starts the tracker again */
  private idle = true;

  constructor(client: WatchOpener, prefix: string) {
    this.client = client;
    this.prefix = prefix;
  }

  /** Ends the tracker's watch (the store closes). */
  shutdown(): void {
    this.followed.clear();
    this.idle = true;
    this.close();
  }

  /** Follows a watch until the returned function is called. */
  follow(follower: ProgressFollower): () => void {
    this.followed.set(follower, { follower, lastSeen: 0 });
    if (this.idle || this.stopped || follower.began < this.began) this.restart(follower.began);
    return () => {
      this.followed.delete(follower);
      if (this.followed.size > 0) return;
      this.idle = true;
      this.close();
    };
  }

  /** The revision the follower is complete at, given the newest revision it delivered; undefined: unknown. */
  completeAt(follower: ProgressFollower, delivered: number): number | undefined {
    const f = this.followed.get(follower);
    if (!f || this.stopped || this.began < 0 || follower.began < this.began) return undefined;
    return delivered >= f.lastSeen && this.revision > delivered ? this.revision : undefined;
  }

  private restart(from: number): void {
    this.close();
    this.idle = false;
    this.stopped = false;
    this.failures = 0;
    this.began = from;
    this.revision = from;
    for (const f of this.followed.values()) f.lastSeen = 0;
    void this.open();
  }

  /** A stream from the revision after the newest seen (`revision`): nothing is skipped. */
  private async open(): Promise<void> {
    const generation = ++this.generation;
    let stream: WatchStream;
    try {
      stream = (await this.client.watchClient.watch()) as WatchStream;
    } catch (err) {
      if (generation === this.generation) this.resume(err);
      return;
    }
    if (generation !== this.generation || this.stream || this.stopped || this.idle) {
      closeStream(stream);
      return;
    }
    this.stream = stream;
    const { start, end } = prefixRange(`${this.prefix}/`);
    stream.on('data', (res: IWatchResponse) => stream === this.stream && this.onResponse(res));
    stream.on('error', (err: unknown) => stream === this.stream && this.resume(err));
    stream.on('end', () => stream === this.stream && this.resume(new Error('etcd closed the watch stream')));
    stream.write({ create_request: { key: start, range_end: end, start_revision: this.revision + 1 } });
  }

  /** The stream broke: open another (etcd3 picks a member; a dead one fails fast) after a backoff. */
  private resume(err: unknown): void {
    this.close();
    if (this.stopped || this.idle) return;
    this.failures++;
    const delay = backoffDelay(this.failures, RESUME_BACKOFF);
    log.info({ err, delay, from: this.revision }, 'etcd progress watch broke; resuming');
    this.resumeTimer = setTimeout(() => {
      this.resumeTimer = undefined;
      void this.open();
    }, delay);
    this.resumeTimer.unref();
  }

  private onResponse(res: IWatchResponse): void {
    if (res.compact_revision && res.compact_revision !== '0') {
      this.stop(new Error('etcd compacted the revisions the progress watch had not seen yet'));
      return;
    }
    if (res.canceled) {
      // refused at creation: asking again will not help; canceled later: resume as after a break
      if (res.created) this.stop(new Error(`etcd refused the progress watch: ${res.cancel_reason}`));
      else this.resume(new Error(`etcd canceled the progress watch: ${res.cancel_reason}`));
      return;
    }
    if (res.created) this.failures = 0;
    if (res.events.length === 0) return;
    for (const ev of res.events) {
      const revision = Number(ev.kv.mod_revision);
      this.revision = Math.max(this.revision, revision);
      for (const f of this.followed.values())
        if (inRange(ev.kv.key, f.follower.range)) f.lastSeen = Math.max(f.lastSeen, revision);
    }
    for (const f of [...this.followed.values()]) f.follower.onTrackerMoved();
  }

  /** No more progress from the tracker (until the next follower restarts it). */
  private stop(err: unknown): void {
    if (this.stopped) return;
    log.warn({ err }, 'etcd progress watch ended; watch cache reads after writes to other types go to etcd');
    this.close();
    this.stopped = true;
  }

  private close(): void {
    clearTimeout(this.resumeTimer);
    this.resumeTimer = undefined;
    const stream = this.stream;
    this.stream = undefined;
    if (!stream) return;
    stream.removeAllListeners('data');
    closeStream(stream);
  }
}
