/**
 * Imports DockerImage spec tags whose spec generation is newer than what the status observed, so
 * that applying a stream, or `isctl tag docker-ref is:tag`, is followed by an import without
 * further action (OpenShift's image stream controller). Level-triggered: watch events only put
 * the stream's key on the work queue; the reconcile re-reads the stream and decides from it, so a
 * missed event or a restart loses nothing. The streams are followed through the shared informer
 * (controllers/informer.ts): a 410 relists at once, other watch failures after a capped backoff,
 * and every relist looks at every stream again. A scheduler re-checks `importPolicy.scheduled` tags by
 * calling `enqueueScheduled`. The registry work runs in per-registry lanes (import-lanes.ts): the
 * stream queue only reads the stream and hands each registry its share, so a slow registry holds
 * the workers of its own lane and never those of another.
 */
import type { KubeObject } from '../api/object.js';
import { isStatusError } from '../api/status-error.js';
import type { ImageStream } from '../api/types.js';
import { startInformer } from '../controllers/informer.js';
import { createWorkQueue, type WorkQueue, type WorkQueueOptions } from '../controllers/work-queue.js';
import { systemClock, type Clock } from '../controllers/clock.js';
import { createImportLanes, splitByRegistry } from './import-lanes.js';
import { logger } from '../observability/logger.js';
import type { Store } from '../store/store.js';
import type { ImageStreamImportObject } from './import-types.js';
import { IMAGE_STREAMS, type ImportService } from './import-service.js';
import { isImportableTag, repositoryNeedsImport, scheduledTags, tagsNeedingImport } from './needs-import.js';
import { cooldownDueTags, nextCooldownAt } from './tag-policy/cooldown-due.js';
import { reportPendingCooldowns } from './tag-policy/policy-metrics.js';
import { pendingDigests } from './tag-policy/records.js';

const log = logger('tag-import-controller');

export interface TagImportControllerOptions {
  store: Store;
  importer: ImportService;
  queue?: WorkQueueOptions;
  /** first delay before re-listing after the watch failed (default 1 s), doubled per failure up to 30 s */
  rewatchDelayMs?: number;
  /** the clock of those delays (default: `queue.clock`, else the system clock) */
  clock?: Clock;
  /** parallel imports per registry lane (default: `queue.concurrency`, else 4) */
  concurrencyPerRegistry?: number;
}

export interface TagImportController {
  /** queue a stream (`namespace/name`) for a check, e.g. from a schedule */
  enqueue(key: string): void;
  /** queue a stream for a scheduled re-check: its scheduled tags are imported even when up to date */
  enqueueScheduled(key: string): void;
  /** the stream queue and the registry lanes behind it, as one queue */
  readonly queue: WorkQueue;
  stop(): Promise<void>;
}

/** The import request for what a stream needs now, or undefined when it is up to date. */
function importRequestFor(
  stream: ImageStream,
  options: { includeScheduled?: boolean; nowMs?: number } = {},
): ImageStreamImportObject | undefined {
  const tags = tagsNeedingImport(stream);
  const add = (t: (typeof tags)[number]) => {
    if (!tags.some((n) => n.name === t.name)) tags.push(t);
  };
  if (options.includeScheduled) scheduledTags(stream).forEach(add);
  // pending digests whose min-age is over: imported again, and moved if the registry still agrees
  if (options.nowMs !== undefined)
    cooldownDueTags(stream, options.nowMs).filter(isImportableTag).forEach(add);
  const repository = repositoryNeedsImport(stream);
  if (tags.length === 0 && !repository) return undefined;
  const metadata: ImageStreamImportObject['metadata'] = { name: stream.metadata.name };
  if (stream.metadata.resourceVersion) metadata.resourceVersion = stream.metadata.resourceVersion;
  if (stream.metadata.uid) metadata.uid = stream.metadata.uid;
  const isi: ImageStreamImportObject = {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStreamImport',
    metadata,
    spec: {
      import: true,
      images: tags.map((t) => ({
        from: { kind: 'DockerImage', name: t.from?.name ?? '' },
        to: { name: t.name },
        ...(t.importPolicy ? { importPolicy: t.importPolicy } : {}),
        ...(t.referencePolicy ? { referencePolicy: t.referencePolicy } : {}),
      })),
    },
  };
  if (repository)
    isi.spec.repository = { from: { kind: 'DockerImage', name: stream.spec?.dockerImageRepository ?? '' } };
  return isi;
}

/** One timer per key, the earliest wins: when a stream's next pending digest may move. */
function createWakeUps(clock: Clock, wake: (key: string) => void) {
  const timers = new Map<string, { at: number; cancel: () => void }>();
  return {
    after(key: string, at: number | undefined): void {
      const existing = timers.get(key);
      if (at === undefined || (existing && existing.at <= at && existing.at > clock.now())) return;
      existing?.cancel();
      // one ms late rather than early: the import decides with its own reading of the clock
      const cancel = clock.schedule(
        () => {
          timers.delete(key);
          wake(key);
        },
        Math.max(0, at - clock.now()) + 1,
      );
      timers.set(key, { at, cancel });
    },
    cancelAll(): void {
      for (const t of timers.values()) t.cancel();
      timers.clear();
    },
  };
}

function keyOf(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

async function readStream(store: Store, key: string): Promise<ImageStream | undefined> {
  const [namespace = '', name = ''] = key.split('/');
  return await store.get(IMAGE_STREAMS, namespace, name);
}

export function startTagImportController(options: TagImportControllerOptions): TagImportController {
  const { store, importer } = options;
  const clock = options.clock ?? options.queue?.clock ?? systemClock;
  const abort = new AbortController();
  const wakes = createWakeUps(clock, (key) => queue.add(key));
  // keys a scheduler asked to re-check; consumed when the stream is dispatched to its lanes
  const scheduled = new Set<string>();
  // `registry|key` pairs whose lane must include the scheduled tags
  const scheduledInLane = new Set<string>();

  /** Reads the stream and queues it in the lane of every registry it needs an import from. */
  async function dispatch(key: string): Promise<void> {
    const stream = await readStream(store, key);
    const includeScheduled = scheduled.delete(key);
    if (!stream) return;
    wakes.after(key, nextCooldownAt(stream, clock.now()));
    const isi = importRequestFor(stream, { includeScheduled, nowMs: clock.now() });
    if (!isi) return;
    for (const registry of splitByRegistry(isi).keys()) {
      if (includeScheduled) scheduledInLane.add(`${registry}|${key}`);
      lanes.add(registry, key);
    }
  }

  /** One registry's share of what the stream needs now (re-read: level-triggered). */
  async function reconcile(registry: string, key: string): Promise<void> {
    const stream = await readStream(store, key);
    const includeScheduled = scheduledInLane.delete(`${registry}|${key}`);
    if (!stream) return;
    const whole = importRequestFor(stream, { includeScheduled, nowMs: clock.now() });
    const isi = whole ? splitByRegistry(whole).get(registry) : undefined;
    if (!isi) return;
    try {
      await importer.importImages(stream.metadata.namespace ?? '', isi, abort.signal);
    } catch (err) {
      // the stream changed (409) or went away (404) since we read it: its watch event requeues it
      if (isStatusError(err) && (err.code === 409 || err.code === 404)) return;
      throw err;
    }
  }

  const onError: WorkQueueOptions['onError'] = (key, err, willRetry) => {
    log.warn({ key, err, willRetry }, 'image stream import failed');
    options.queue?.onError?.(key, err, willRetry);
  };
  const lanes = createImportLanes(reconcile, {
    ...options.queue,
    onError,
    ...(options.concurrencyPerRegistry ? { concurrencyPerRegistry: options.concurrencyPerRegistry } : {}),
  });
  const streams = createWorkQueue(dispatch, { ...options.queue, onError });
  const queue: WorkQueue = {
    add: (key) => streams.add(key),
    addAfter: (key, ms) => streams.addAfter(key, ms),
    pending: () => streams.pending() + lanes.pending(),
    failures: (key) => Math.max(streams.failures(key), lanes.failures(key)),
    async idle() {
      // a dispatch may queue lane work: idle when both are, checked after each other
      do {
        await streams.idle();
        await lanes.idle();
      } while (streams.pending() > 0);
    },
    async shutDown() {
      await streams.shutDown();
      await lanes.shutDown();
    },
  };

  // held digests per stream, for imagestreams_cooldown_pending: every stored change passes here
  const held = new Map<string, number>();
  const stopReporting = reportPendingCooldowns(() => {
    let n = 0;
    for (const count of held.values()) n += count;
    return n;
  });
  const countHeld = (o: KubeObject) => {
    const n = Object.keys(pendingDigests(o.metadata.annotations)).length;
    if (n > 0) held.set(keyOf(o), n);
    else held.delete(keyOf(o));
  };

  const informer = startInformer({
    store,
    type: IMAGE_STREAMS,
    clock,
    // every stored change is looked at: the reconcile decides from the stream itself
    fingerprint: (o) => o.metadata.resourceVersion ?? '',
    onChange(o) {
      countHeld(o);
      if (importRequestFor(o, { nowMs: clock.now() })) queue.add(keyOf(o));
      wakes.after(keyOf(o), nextCooldownAt(o, clock.now()));
    },
    onDelete: (namespace, name) => held.delete(`${namespace}/${name}`),
    restartDelayMs: options.rewatchDelayMs ?? 1000,
  });

  return {
    enqueue: (key) => queue.add(key),
    enqueueScheduled(key) {
      scheduled.add(key);
      queue.add(key);
    },
    queue,
    async stop() {
      abort.abort();
      wakes.cancelAll();
      stopReporting();
      informer.stop();
      await queue.shutDown();
    },
  };
}
