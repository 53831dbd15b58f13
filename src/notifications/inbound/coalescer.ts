/**
 * Bursts of notifications become one import per stream tag: the first event opens a window
 * (default 500 ms), every event for the same (namespace, stream, tag) until it closes is merged,
 * and the whole window goes to the importer as one call. Duplicates, replays and events from
 * several vendors for one push thus cost one import; later events open a new window, which is
 * harmless because imports are idempotent on digest.
 */
import { logger } from '../../observability/logger.js';
import { realTimers, type Timers } from '../clock.js';
import { importRequests } from '../metrics.js';
import type { ImportRequester, ImportTagRequest } from './import-requester.js';

const log = logger('notifications');

// short enough that a push moves its tag well under a second after the registry's event, long
// enough to fold the same push reported by several sources (e.g. a registry and a vendor hook)
export const DEFAULT_COALESCE_WINDOW_MS = 200;

export interface PendingPush {
  namespace: string;
  stream: string;
  tag: string;
  digest?: string;
  source: string;
  receivedAt: Date;
  /** the registry the push happened on (its import lane); undefined when the vendor does not say */
  registry?: string;
}

interface Entry {
  request: ImportTagRequest;
  sources: Set<string>;
  latest: Date;
}

export interface PushCoalescerOptions {
  importer: ImportRequester;
  windowMs?: number;
  timers?: Pick<Timers, 'setTimeout' | 'clearTimeout'>;
}

export function streamTagKey(t: { namespace: string; stream: string; tag: string }): string {
  return `${t.namespace}/${t.stream}:${t.tag}`;
}

function merge(entry: Entry, push: PendingPush): void {
  entry.sources.add(push.source);
  entry.request.source = [...entry.sources].sort().join(',');
  // out-of-order delivery: the newest claim wins, and it is only a hint anyway
  if (push.receivedAt >= entry.latest) {
    entry.latest = push.receivedAt;
    if (push.digest) entry.request.expectedDigest = push.digest;
  }
}

function newEntry(push: PendingPush): Entry {
  const request: ImportTagRequest = {
    namespace: push.namespace,
    stream: push.stream,
    tag: push.tag,
    source: push.source,
  };
  if (push.digest) request.expectedDigest = push.digest;
  return { request, sources: new Set([push.source]), latest: push.receivedAt };
}

export class PushCoalescer {
  private readonly importer: ImportRequester;
  private readonly windowMs: number;
  private readonly timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>;
  private pending = new Map<string, Entry>();
  private timer: unknown;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(options: PushCoalescerOptions) {
    this.importer = options.importer;
    this.windowMs = options.windowMs ?? DEFAULT_COALESCE_WINDOW_MS;
    this.timers = options.timers ?? realTimers;
  }

  add(push: PendingPush): void {
    const key = streamTagKey(push);
    const entry = this.pending.get(key);
    if (entry) merge(entry, push);
    else this.pending.set(key, newEntry(push));
    if (this.timer === undefined) this.timer = this.timers.setTimeout(() => void this.flush(), this.windowMs);
  }

  /** stream tags waiting for the window to close */
  get size(): number {
    return this.pending.size;
  }

  /** Hands the current window to the importer now; resolves when that import call settles. */
  flush(): Promise<void> {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    const requests = [...this.pending.values()].map((e) => e.request);
    this.pending = new Map();
    if (requests.length === 0) return Promise.resolve();
    const run = this.importer.importTags(requests).then(
      () => void importRequests.inc({ result: 'success' }, requests.length),
      (err: unknown) => {
        importRequests.inc({ result: 'failure' }, requests.length);
        log.warn({ err, tags: requests.map(streamTagKey) }, 'import after registry notification failed');
      },
    );
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
    return run;
  }

  /** Flushes what is pending and waits for every import call started so far. */
  async stop(): Promise<void> {
    await this.flush();
    await Promise.all([...this.inFlight]);
  }
}
