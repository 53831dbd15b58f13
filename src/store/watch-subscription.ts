/**
 * One watcher of the watch hub: a bounded queue of the changes it selected, consumed as an async
 * iterator (bounded-watch.ts: a watcher that falls more than `maxBuffered` live events behind is
 * closed with a 410). The history is read from the backend only as the watcher consumes it.
 */
import type { KubeObject } from '../api/object.js';
import { internalError, isStatusError } from '../api/status-error.js';
import { BoundedWatch } from './bounded-watch.js';
import { matches, type ParsedSelectors } from './selectors.js';
import type { WatchEvent, WatchEventType } from './store.js';

/** A change as a backend reports it: serialized objects, so every watcher gets its own copy. */
export interface Change {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  resourceVersion: number;
  /** typeKey() of the resource type */
  typeKey: string;
  /** '' for cluster-scoped objects */
  namespace: string;
  name: string;
  /** JSON of the object after the change; for DELETED the last state with the deletion's resourceVersion */
  object: string;
  /** JSON of the object before a MODIFIED (needed when label selectors see an object enter or leave) */
  previous?: string;
}

/** A change plus lazily parsed copies for label matching, shared by all watchers (never handed out). */
export class PreparedChange {
  readonly change: Change;
  private parsed: KubeObject | undefined;
  private parsedPrevious: KubeObject | undefined;

  constructor(change: Change) {
    this.change = change;
  }

  view(which: 'object' | 'previous', needLabels: boolean): KubeObject {
    const c = this.change;
    if (!needLabels) return { apiVersion: '', kind: '', metadata: { name: c.name, namespace: c.namespace } };
    if (which === 'object') return (this.parsed ??= JSON.parse(c.object) as KubeObject);
    return (this.parsedPrevious ??= JSON.parse(c.previous ?? c.object) as KubeObject);
  }
}

interface Queued {
  type: WatchEventType;
  json: string;
  /** set when the delivered object must carry this resourceVersion instead of its own */
  resourceVersion?: number;
}

/**
 * What one watcher sees of a change, as the Kubernetes watch cache decides it: an object that
 * starts matching a selector is ADDED, one that stops matching is DELETED (its previous content,
 * the change's resourceVersion).
 */
export function eventFor(p: PreparedChange, selectors: ParsedSelectors): Queued | undefined {
  const c = p.change;
  const needLabels = selectors.labels.length > 0;
  const now = matches(p.view('object', needLabels), selectors);
  if (c.type !== 'MODIFIED' || c.previous === undefined || !needLabels) {
    return now ? { type: c.type, json: c.object } : undefined;
  }
  const before = matches(p.view('previous', true), selectors);
  if (now) return { type: before ? 'MODIFIED' : 'ADDED', json: c.object };
  return before ? { type: 'DELETED', json: c.previous, resourceVersion: c.resourceVersion } : undefined;
}

export class WatchSubscription extends BoundedWatch<Queued> {
  private readonly selectors: ParsedSelectors;
  private readonly onFinish: (s: WatchSubscription) => void;
  /** the rest of the backend's history, delivered before the queue */
  private history: Iterator<Change> | undefined;
  /** live changes that arrived before start(): replayed after the backend's history */
  private early: PreparedChange[] | undefined = [];
  private throughResourceVersion = -1;
  /** progress not yet delivered: a BOOKMARK once everything queued before it was taken */
  private pendingProgress = -1;

  constructor(
    selectors: ParsedSelectors,
    maxBuffered: number,
    signal: AbortSignal,
    onFinish: (s: WatchSubscription) => void,
  ) {
    super(maxBuffered, signal);
    this.selectors = selectors;
    this.onFinish = onFinish;
  }

  protected ended(): void {
    this.early = undefined;
    this.history = undefined;
    this.onFinish(this);
  }

  /**
   * Delivers the backend's history first (synthetic ADDED events or stored changes), then live
   * changes newer than `throughResourceVersion`; live changes already covered by it are dropped,
   * so a backend may subscribe before reading its history without gaps or duplicates. The history
   * is pulled as the consumer reads (a backend may page it lazily), so a watcher that does not
   * read holds no copy of the list.
   */
  start(history: Iterable<Change>, throughResourceVersion: number): void {
    const early = this.early ?? [];
    this.early = undefined;
    if (this.done) return;
    this.throughResourceVersion = throughResourceVersion;
    this.history = history[Symbol.iterator]();
    try {
      for (const p of early) this.offer(p);
    } catch (e) {
      this.fail(internalError('the watch failed on a stored change; list and watch again', e));
      return;
    }
    this.wake();
  }

  /** Called by the hub for every change of this watcher's resource type. */
  offer(p: PreparedChange): void {
    if (this.done) return;
    if (this.early) {
      this.early.push(p);
      if (this.early.length > this.maxBuffered) this.overflow();
      return;
    }
    if (p.change.resourceVersion <= this.throughResourceVersion) return;
    const event = eventFor(p, this.selectors);
    if (!event) return;
    this.enqueueItem(event);
    this.wake();
  }

  /**
   * Progress notification (WatchOptions.progress): every change up to `resourceVersion` was
   * offered; a BOOKMARK at it follows the events already queued. Newer progress replaces older.
   */
  progress(resourceVersion: number): void {
    if (this.done || this.early || resourceVersion <= this.pendingProgress) return;
    this.pendingProgress = resourceVersion;
    this.wake();
  }

  /** A BOOKMARK for the pending progress, once the history and the queue are drained. */
  private takeProgress(): WatchEvent | undefined {
    if (this.pendingProgress < 0 || this.history || this.hasQueued()) return undefined;
    const resourceVersion = String(this.pendingProgress);
    this.pendingProgress = -1;
    return {
      type: 'BOOKMARK',
      object: { apiVersion: '', kind: '', metadata: { name: '', resourceVersion } },
    };
  }

  /** The next history event this watcher selects; undefined once the history is done. */
  private takeHistory(): Queued | undefined {
    while (this.history) {
      const next = this.history.next();
      if (next.done) this.history = undefined;
      else {
        const event = eventFor(new PreparedChange(next.value), this.selectors);
        if (event) return event;
      }
    }
    return undefined;
  }

  private take(): WatchEvent | undefined {
    const item = this.takeHistory() ?? this.takeQueued();
    if (item === undefined) return this.takeProgress();
    const object = JSON.parse(item.json) as KubeObject;
    if (item.resourceVersion !== undefined) object.metadata.resourceVersion = String(item.resourceVersion);
    return { type: item.type, object };
  }

  /** The next queued event; a stored document that does not parse ends the watch (ours to fix). */
  protected nextEvent(): WatchEvent | undefined {
    try {
      return this.take();
    } catch (e) {
      this.finish();
      // a backend's own answer (e.g. 410 when the history it pages was compacted) goes out as it is
      if (isStatusError(e)) throw e;
      throw internalError('the watch failed on a stored change; list and watch again', e);
    }
  }
}

/** A watch that fails on its first next(), as the Store contract requires for 400 and 410. */
export function failedWatch(error: unknown): AsyncIterable<WatchEvent> {
  return {
    [Symbol.asyncIterator]: () => ({
      next: () => Promise.reject(error),
    }),
  };
}
