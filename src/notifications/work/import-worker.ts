/**
 * The leader's side of durable notifications: follows the PendingImport objects (a watch from
 * '0', so a new leader first sees what the last one left), imports each stream tag as soon as
 * its work appears (or once an optional coalescing window has closed), and then deletes the
 * object at the version it imported. A notification merged in during the import changed that
 * version: the delete conflicts, the object stays, and the tag is imported once more after the
 * running import (the work queue keeps one pending run per key however many notifications came
 * in). One import per stream tag runs at a time, so imports of one tag never overtake each other.
 *
 * Imports run in per-registry lanes (the importer's import-lanes.ts, keyed by the registry the
 * notification came from), each with its own workers: a registry that hangs or answers slowly
 * holds only its own lane, and pushes to other registries are imported meanwhile. A stream tag
 * stays in the lane it was first queued in until its work is done.
 *
 * The import records registry failures in the stream's status itself; the object is deleted after
 * the attempt. Only a failure on our side (the importer throws, e.g. the store is unavailable)
 * keeps it, retried with capped backoff.
 *
 * The objects are followed through the shared informer (controllers/informer.ts): a 410 relists
 * at once, other watch failures after a capped backoff (250 ms doubled up to 30 s), and an object
 * deleted while the watch was down is forgotten by that relist.
 */
import type { KubeObject } from '../../api/object.js';
import { isStatusError } from '../../api/status-error.js';
import { startInformer, type Informer } from '../../controllers/informer.js';
import { systemClock, type Clock } from '../../controllers/clock.js';
import { createImportLanes, type ImportLanes } from '../../importer/index.js';
import { logger } from '../../observability/logger.js';
import type { Store } from '../../store/store.js';
import { DEFAULT_COALESCE_WINDOW_MS, streamTagKey } from '../inbound/coalescer.js';
import type { ImportRequester, ImportTagRequest } from '../inbound/import-requester.js';
import { importRequests } from '../metrics.js';
import type { PushLatencyTracker } from '../push-latency.js';
import {
  PENDING_IMPORTS,
  pendingImportKey,
  readPendingImport,
  type PendingImport,
} from './pending-import.js';

const log = logger('notifications');

export interface ImportWorkerOptions {
  store: Store;
  importer: ImportRequester;
  /** a stream tag is imported this long after its first pending notification (default 0: at once) */
  windowMs?: number;
  clock?: Clock;
  latency?: PushLatencyTracker;
  /** stream tags imported in parallel per registry (default 4) */
  concurrency?: number;
  /** retries of failures on our side: first delay (default 1 s), doubled up to maxDelayMs (60 s) */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** checked right before each import: a replica that stepped down imports nothing more */
  isLeader?: () => boolean;
}

export interface ImportWorker {
  /** resolves when no import is queued or running (windows still open may remain) */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

function toImportRequest(item: PendingImport): ImportTagRequest {
  const { spec } = item;
  return {
    namespace: item.metadata.namespace,
    stream: spec.stream,
    tag: spec.tag,
    source: spec.sources.join(','),
    ...(spec.expectedDigest ? { expectedDigest: spec.expectedDigest } : {}),
  };
}

/** The lane of notifications that did not name their registry. */
const UNKNOWN_REGISTRY = '';

/** 404: already gone; 409: a newer notification arrived, its own event queues the tag again */
const finishedElsewhere = (e: unknown): boolean => isStatusError(e) && (e.code === 404 || e.code === 409);

class Worker {
  private readonly latest = new Map<string, PendingImport>();
  /** the lane each queued stream tag runs in, kept until its work is deleted */
  private readonly laneOf = new Map<string, string>();
  private readonly lanes: ImportLanes;
  private readonly following: Informer;
  private readonly options: ImportWorkerOptions;
  private readonly clock: Clock;
  private readonly windowMs: number;

  constructor(options: ImportWorkerOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.windowMs = options.windowMs ?? DEFAULT_COALESCE_WINDOW_MS;
    this.lanes = createImportLanes((_registry, key) => this.process(key), {
      concurrencyPerRegistry: options.concurrency ?? 4,
      baseDelayMs: options.retryBaseDelayMs ?? 1000,
      maxDelayMs: options.retryMaxDelayMs ?? 60_000,
      clock: this.clock,
      onError: (key, err) =>
        log.warn(
          { err, pendingImport: key },
          'import of a pending notification failed on our side; retrying',
        ),
    });
    this.following = startInformer({
      store: options.store,
      type: PENDING_IMPORTS,
      clock: this.clock,
      // every stored version matters: the work is deleted at the version that was imported
      fingerprint: (o) => o.metadata.resourceVersion ?? '',
      onChange: (o) => this.onChange(o),
      onDelete: (namespace, name) => this.forget(pendingImportKey({ metadata: { namespace, name } })),
      restartDelayMs: 250,
      maxRestartDelayMs: 30_000,
    });
  }

  idle(): Promise<void> {
    return this.lanes.idle();
  }

  async stop(): Promise<void> {
    this.following.stop();
    await this.lanes.shutDown();
  }

  private forget(key: string): void {
    this.latest.delete(key);
    this.laneOf.delete(key);
  }

  private onChange(object: KubeObject): void {
    const item = readPendingImport(object);
    if (!item) {
      log.warn({ name: object.metadata.name }, 'a stored pending import is not readable; skipped');
      return;
    }
    const key = pendingImportKey(item);
    this.latest.set(key, item);
    const first = new Date(item.spec.firstRequestedAt);
    this.options.latency?.notePush(streamTagKey(toImportRequest(item)), first);
    // the window opened with the first notification, possibly on another replica; clocks may differ
    const left = first.getTime() + this.windowMs - this.clock.now();
    const lane = this.laneOf.get(key) ?? item.spec.registry ?? UNKNOWN_REGISTRY;
    this.laneOf.set(key, lane);
    this.lanes.addAfter(lane, key, Math.max(0, Math.min(this.windowMs, left)));
  }

  private async process(key: string): Promise<void> {
    const item = this.latest.get(key);
    if (!item || (this.options.isLeader && !this.options.isLeader())) return;
    const request = toImportRequest(item);
    try {
      await this.options.importer.importTags([request]);
      importRequests.inc({ result: 'success' });
    } catch (err) {
      importRequests.inc({ result: 'failure' });
      throw err;
    }
    await this.complete(item);
  }

  /** deletes the object at the version just imported; a newer one stays for the next round */
  private async complete(item: PendingImport): Promise<void> {
    const { namespace, name, resourceVersion } = item.metadata;
    try {
      await this.options.store.delete(
        PENDING_IMPORTS,
        namespace,
        name,
        resourceVersion ? { resourceVersion } : undefined,
      );
    } catch (e) {
      if (!finishedElsewhere(e)) throw e;
    }
  }
}

export function startImportWorker(options: ImportWorkerOptions): ImportWorker {
  return new Worker(options);
}
