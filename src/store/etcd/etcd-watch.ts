/**
 * watch: an etcd watch stream over the type's (and namespace's) directory from resourceVersion+1,
 * with previous values so that DELETED carries the last state and selectors see objects enter and
 * leave (the same decision as the SQLite backend: eventFor). One grpc stream per watch, opened on
 * etcd3's raw Watch service rather than its Watcher class, because that class (etcd3 1.1.2)
 * reports a compacted start revision as a bare "Watcher canceled" error without the compact
 * revision, and resumes after a disconnect from the last *header* revision, which skips events a
 * catching-up watcher had not received yet. Here a dropped stream resumes from the last
 * delivered event's revision, and compaction becomes Kubernetes' 410 "too old resource version".
 * A watch without a resourceVersion first streams the current objects a page at a time at one
 * revision (etcd-initial-list.ts) and then watches from the revision after it.
 */
import type { Duplex } from 'node:stream';
import type { IDuplexStream, IEvent, IWatchRequest, IWatchResponse } from 'etcd3';
import type { KubeObject } from '../../api/object.js';
import { backoffDelay } from '../../controllers/backoff.js';
import { logger } from '../../observability/logger.js';
import { typeKey } from '../object-key.js';
import { isUnsetResourceVersion, parseResourceVersion, tooOldResourceVersion } from '../resource-version.js';
import type { ParsedSelectors } from '../selectors.js';
import type { ResourceType, WatchEvent, WatchOptions } from '../store.js';
import { eventFor, PreparedChange, type Change } from '../watch-subscription.js';
import { parseStored } from './etcd-codec.js';
import type { EtcdContext } from './etcd-context.js';
import { etcdUnavailable } from './etcd-errors.js';
import { typeDirectory, prefixRange } from './etcd-keys.js';
import { closeStream } from './etcd-streams.js';
import { streamInitialList } from './etcd-initial-list.js';
import { keyParts, listSelectors } from './etcd-list.js';
import { EventQueue } from './event-queue.js';
import type { ProgressFollower, ProgressTracker } from './etcd-progress-tracker.js';

const log = logger('store-etcd');

/** Reconnects in a row before the watch fails with 503 (the client watches again). */
const MAX_RECONNECTS = 8;
/** resuming a broken watch stream: 100 ms doubling to 2 s */
const WATCH_RESUME_BACKOFF = { baseMs: 100, maxMs: 2000 };

/** How long a progress request keeps asking the tracker (longer than the watch cache waits). */
const TRACKED_PROGRESS_MS = 5_000;

/** etcd3 types the stream narrowly; at run time it is a grpc-js ClientDuplexStream (a Node Duplex). */
type WatchStream = IDuplexStream<IWatchRequest, IWatchResponse> &
  Pick<Duplex, 'pause' | 'resume' | 'removeAllListeners'>;

/** The change an etcd event is, in the form the shared selector logic understands. */
export function toChange(ev: IEvent, tk: string, typeDir: string): Change | undefined {
  const { namespace, name } = keyParts(typeDir, ev.kv.key);
  const resourceVersion = Number(ev.kv.mod_revision);
  if (String(ev.type).toUpperCase() === 'DELETE') {
    // etcd omits the previous value when its revision was compacted already
    if (!ev.prev_kv) return undefined;
    return {
      type: 'DELETED',
      resourceVersion,
      typeKey: tk,
      namespace,
      name,
      object: ev.prev_kv.value.toString(),
    };
  }
  const created = ev.kv.create_revision === ev.kv.mod_revision;
  const change: Change = {
    type: created ? 'ADDED' : 'MODIFIED',
    resourceVersion,
    typeKey: tk,
    namespace,
    name,
    object: ev.kv.value.toString(),
  };
  if (!created && ev.prev_kv) change.previous = ev.prev_kv.value.toString();
  return change;
}

function bookmark(revision: string): WatchEvent {
  return {
    type: 'BOOKMARK',
    object: { apiVersion: '', kind: '', metadata: { name: '', resourceVersion: revision } },
  };
}

class EtcdWatch {
  private readonly ctx: EtcdContext;
  private readonly type: ResourceType;
  private readonly selectors: ParsedSelectors;
  private readonly queue: EventQueue;
  private readonly typeDir: string;
  private readonly tk: string;
  private stream: WatchStream | undefined;
  /** the newest revision delivered (or covered by the initial list) */
  private last = 0;
  private reconnects = 0;
  /** the consumer is behind: a reopened stream starts paused too */
  private paused = false;
  private readonly options: WatchOptions;
  /** with a progress tracker: this watch as it follows it, until the watch ends */
  private follower: ProgressFollower | undefined;
  private unfollow: (() => void) | undefined;
  /** bookmarks are sent until then (ms since the epoch): a progress request asks for a while */
  private progressWanted = 0;
  private bookmarked = 0;

  constructor(ctx: EtcdContext, type: ResourceType, options: WatchOptions, queue: EventQueue) {
    this.ctx = ctx;
    this.type = type;
    this.options = options;
    this.selectors = listSelectors(type, options);
    this.queue = queue;
    this.typeDir = typeDirectory(ctx.prefix, type);
    this.tk = typeKey(type);
    queue.onPressure = (paused) => {
      this.paused = paused;
      if (paused) this.stream?.pause();
      else this.stream?.resume();
    };
    queue.onFinish = () => this.closeStream();
  }

  async start(): Promise<void> {
    const resourceVersion = this.options.resourceVersion;
    if (isUnsetResourceVersion(resourceVersion)) {
      // the current objects, paged as the consumer reads, then the changes after their revision
      const bounds = prefixRange(typeDirectory(this.ctx.prefix, this.type, this.selectors.namespace));
      this.last = await streamInitialList(this.ctx, bounds, this.selectors, this.queue);
    } else {
      this.last = parseResourceVersion(resourceVersion ?? '');
    }
    await this.open();
  }

  private async open(): Promise<void> {
    if (this.queue.finished) return;
    let stream: WatchStream;
    try {
      stream = (await this.ctx.client.watchClient.watch()) as WatchStream;
    } catch (err) {
      this.retry(err);
      return;
    }
    if (this.queue.finished) {
      closeStream(stream);
      return;
    }
    this.stream = stream;
    if (this.paused) stream.pause();
    const { start, end } = prefixRange(typeDirectory(this.ctx.prefix, this.type, this.selectors.namespace));
    stream.on('data', (res: IWatchResponse) => this.onResponse(res));
    stream.on('error', (err: unknown) => this.onBroken(stream, err));
    stream.on('end', () => this.onBroken(stream, new Error('etcd closed the watch stream')));
    stream.write({
      create_request: { key: start, range_end: end, start_revision: this.last + 1, prev_kv: true },
    });
    const progress = this.options.progress;
    if (progress && this.ctx.progressNotify)
      progress.request = () => this.stream?.write({ progress_request: {} });
    else if (progress && this.ctx.progressTracker && !this.unfollow)
      this.followTracker(this.ctx.progressTracker);
  }

  /** Progress from the store's prefix watch (etcd-progress-tracker.ts), for as long as the watch lives. */
  private followTracker(tracker: ProgressTracker): void {
    const progress = this.options.progress;
    if (!progress) return;
    const { start, end } = prefixRange(typeDirectory(this.ctx.prefix, this.type, this.selectors.namespace));
    const follower: ProgressFollower = {
      range: { start, end },
      began: this.last,
      onTrackerMoved: () => this.trackedProgress(),
    };
    this.follower = follower;
    this.unfollow = tracker.follow(follower);
    const stopFollowing = this.queue.onFinish;
    this.queue.onFinish = () => {
      this.unfollow?.();
      stopFollowing?.();
    };
    progress.request = () => {
      this.progressWanted = Date.now() + TRACKED_PROGRESS_MS;
      this.trackedProgress();
    };
  }

  /** A BOOKMARK at the tracker's revision, when asked lately and this watch is complete there. */
  private trackedProgress(): void {
    if (!this.follower || Date.now() > this.progressWanted || this.queue.finished) return;
    const at = this.ctx.progressTracker?.completeAt(this.follower, this.last);
    if (at === undefined || at <= this.bookmarked) return;
    this.bookmarked = at;
    this.queue.push(bookmark(String(at)));
  }

  private onResponse(res: IWatchResponse): void {
    if (res.compact_revision && res.compact_revision !== '0') {
      // history before the compaction revision is gone; its predecessor is the newest version lost
      this.queue.fail(tooOldResourceVersion(this.last, Number(res.compact_revision) - 1));
      return;
    }
    if (res.created) this.reconnects = 0;
    for (const ev of res.events) this.deliver(ev);
    if (this.isProgress(res)) this.queue.push(bookmark(res.header.revision));
    else if (res.events.length > 0) this.trackedProgress();
    if (res.canceled && !res.created) {
      this.onBroken(this.stream, new Error(`etcd canceled the watch: ${res.cancel_reason}`));
    } else if (res.canceled) {
      this.queue.fail(etcdUnavailable(`watch refused: ${res.cancel_reason}`, undefined));
    }
  }

  private deliver(ev: IEvent): void {
    const change = toChange(ev, this.tk, this.typeDir);
    this.last = Number(ev.kv.mod_revision);
    if (!change) {
      log.warn(
        { key: ev.kv.key.toString(), revision: ev.kv.mod_revision },
        'deleted object without its last state skipped',
      );
      return;
    }
    const selected = eventFor(new PreparedChange(change), this.selectors);
    if (!selected) return;
    let object: KubeObject;
    try {
      object = parseStored(selected.json, ev.kv.key.toString());
    } catch (err) {
      log.error({ err, key: ev.kv.key.toString() }, 'unreadable etcd value skipped in watch');
      return;
    }
    object.metadata.resourceVersion = String(change.resourceVersion);
    this.queue.push({ type: selected.type, object });
  }

  /** A progress notification the consumer asked for: every event up to its revision was delivered. */
  private isProgress(res: IWatchResponse): boolean {
    return (
      this.options.progress !== undefined &&
      this.ctx.progressNotify &&
      !res.created &&
      !res.canceled &&
      res.events.length === 0 &&
      Number(res.header.revision) > 0
    );
  }

  private onBroken(stream: WatchStream | undefined, err: unknown): void {
    if (!stream || stream !== this.stream || this.queue.finished) return;
    this.stream = undefined;
    stream.removeAllListeners('data');
    closeStream(stream);
    this.retry(err);
  }

  private retry(err: unknown): void {
    if (this.queue.finished) return;
    this.reconnects++;
    if (this.reconnects > MAX_RECONNECTS) {
      this.queue.fail(etcdUnavailable('watch', err));
      return;
    }
    const delay = backoffDelay(this.reconnects, WATCH_RESUME_BACKOFF);
    log.info({ err, delay, from: this.last }, 'etcd watch stream broke; resuming');
    setTimeout(() => void this.open(), delay).unref();
  }

  private closeStream(): void {
    const stream = this.stream;
    this.stream = undefined;
    if (!stream) return;
    stream.removeAllListeners('data');
    closeStream(stream);
  }
}

export function watchObjects(
  ctx: EtcdContext,
  type: ResourceType,
  options: WatchOptions,
  signal: AbortSignal,
): AsyncIterable<WatchEvent> {
  const queue = new EventQueue(signal, ctx.watchBuffer);
  try {
    const watch = new EtcdWatch(ctx, type, options, queue);
    watch.start().catch((err: unknown) => queue.fail(err));
  } catch (err) {
    queue.fail(err);
  }
  return queue;
}
