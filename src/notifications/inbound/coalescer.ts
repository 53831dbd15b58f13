/**
 * The in-memory hand-off of push notifications (memory mode; the server stores them as
 * PendingImport work instead): a stream tag is imported as soon as its first event arrives, and
 * events for the same (namespace, stream, tag) that arrive while that import runs are merged into
 * one follow-up import, started when it ends. Duplicates, replays and events from several vendors
 * for one push thus cost at most two imports, and a push during an import is never missed. An
 * optional window delays the first import to merge more (imports are idempotent on digest).
 */
import { logger } from '../../observability/logger.js';
import { systemClock, type Clock } from '../../controllers/clock.js';
import { importRequests } from '../metrics.js';
import type { ImportRequester, ImportTagRequest } from './import-requester.js';

const log = logger('notifications');

/** No wait: the import starts with the event (duplicates merge while it runs). */
export const DEFAULT_COALESCE_WINDOW_MS = 0;

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

/** One stream tag: the events not yet handed to an import, and the import running now. */
interface TagState {
  waiting?: Entry;
  running?: Promise<void>;
  cancelTimer?: () => void;
}

export interface PushCoalescerOptions {
  importer: ImportRequester;
  /** delay before a stream tag's first import (default 0) */
  windowMs?: number;
  clock?: Pick<Clock, 'schedule'>;
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
  private readonly clock: Pick<Clock, 'schedule'>;
  private readonly tags = new Map<string, TagState>();

  constructor(options: PushCoalescerOptions) {
    this.importer = options.importer;
    this.windowMs = options.windowMs ?? DEFAULT_COALESCE_WINDOW_MS;
    this.clock = options.clock ?? systemClock;
  }

  add(push: PendingPush): void {
    const key = streamTagKey(push);
    const state = this.tags.get(key) ?? {};
    this.tags.set(key, state);
    if (state.waiting) merge(state.waiting, push);
    else state.waiting = newEntry(push);
    // a running import takes the merged events as its one follow-up when it ends
    if (state.running || state.cancelTimer !== undefined) return;
    if (this.windowMs > 0) state.cancelTimer = this.clock.schedule(() => this.start(key), this.windowMs);
    else this.start(key);
  }

  /** stream tags with events not yet handed to an import */
  get size(): number {
    return [...this.tags.values()].filter((s) => s.waiting).length;
  }

  /** Starts every waiting import now; resolves when the imports running then have settled. */
  async flush(): Promise<void> {
    for (const [key, state] of this.tags) if (!state.running) this.start(key);
    await Promise.all([...this.tags.values()].map((s) => s.running));
  }

  /** Imports what is waiting and waits for every import, follow-ups included. */
  async stop(): Promise<void> {
    while (this.tags.size > 0) await this.flush();
  }

  private start(key: string): void {
    const state = this.tags.get(key);
    if (!state) return;
    state.cancelTimer?.();
    state.cancelTimer = undefined;
    const entry = state.waiting;
    state.waiting = undefined;
    if (!entry) {
      this.tags.delete(key);
      return;
    }
    state.running = this.run(entry.request).finally(() => {
      state.running = undefined;
      this.start(key);
    });
  }

  private async run(request: ImportTagRequest): Promise<void> {
    try {
      await this.importer.importTags([request]);
      importRequests.inc({ result: 'success' });
    } catch (err) {
      importRequests.inc({ result: 'failure' });
      log.warn({ err, tag: streamTagKey(request) }, 'import after registry notification failed');
    }
  }
}
