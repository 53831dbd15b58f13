/**
 * Imports DockerImage spec tags whose spec generation is newer than what the status observed, so
 * that applying a stream, or `isctl tag docker-ref is:tag`, is followed by an import without
 * further action (OpenShift's image stream controller). Level-triggered: watch events only put
 * the stream's key on the work queue; the reconcile re-reads the stream and decides from it, so a
 * missed event or a restart loses nothing. A scheduler re-checks `importPolicy.scheduled` tags by
 * calling `enqueueScheduled`.
 */
import type { KubeObject } from '../api/object.js';
import { isStatusError } from '../api/status-error.js';
import type { ImageStream } from '../api/types.js';
import { createWorkQueue, type WorkQueue, type WorkQueueOptions } from '../controllers/work-queue.js';
import { logger } from '../observability/logger.js';
import type { Store } from '../store/store.js';
import type { ImageStreamImportObject } from './import-types.js';
import { IMAGE_STREAMS, type ImportService } from './import-service.js';
import { repositoryNeedsImport, scheduledTags, tagsNeedingImport } from './needs-import.js';

const log = logger('tag-import-controller');

export interface TagImportControllerOptions {
  store: Store;
  importer: ImportService;
  queue?: WorkQueueOptions;
  /** delay before re-watching after the watch ended or failed (default 1 s) */
  rewatchDelayMs?: number;
}

export interface TagImportController {
  /** queue a stream (`namespace/name`) for a check, e.g. from a schedule */
  enqueue(key: string): void;
  /** queue a stream for a scheduled re-check: its scheduled tags are imported even when up to date */
  enqueueScheduled(key: string): void;
  readonly queue: WorkQueue;
  stop(): Promise<void>;
}

/** The import request for what a stream needs now, or undefined when it is up to date. */
export function importRequestFor(
  stream: ImageStream,
  options: { includeScheduled?: boolean } = {},
): ImageStreamImportObject | undefined {
  const tags = tagsNeedingImport(stream);
  if (options.includeScheduled) {
    for (const t of scheduledTags(stream)) if (!tags.some((n) => n.name === t.name)) tags.push(t);
  }
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

function keyOf(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

export function startTagImportController(options: TagImportControllerOptions): TagImportController {
  const { store, importer } = options;
  const abort = new AbortController();
  // keys a scheduler asked to re-check; consumed by the next reconcile of the key
  const scheduled = new Set<string>();

  async function reconcile(key: string): Promise<void> {
    const [namespace = '', name = ''] = key.split('/');
    const stream = (await store.get(IMAGE_STREAMS, namespace, name)) as ImageStream | undefined;
    if (!stream) return;
    const isi = importRequestFor(stream, { includeScheduled: scheduled.delete(key) });
    if (!isi) return;
    try {
      await importer.importImages(namespace, isi, abort.signal);
    } catch (err) {
      // the stream changed (409) or went away (404) since we read it: its watch event requeues it
      if (isStatusError(err) && (err.code === 409 || err.code === 404)) return;
      throw err;
    }
  }

  const queue = createWorkQueue(reconcile, {
    ...options.queue,
    onError: (key, err, willRetry) => {
      log.warn({ key, err, willRetry }, 'image stream import failed');
      options.queue?.onError?.(key, err, willRetry);
    },
  });

  async function watchOnce(): Promise<void> {
    for await (const event of store.watch(IMAGE_STREAMS, {}, abort.signal)) {
      if (event.type !== 'ADDED' && event.type !== 'MODIFIED') continue;
      if (importRequestFor(event.object as ImageStream)) queue.add(keyOf(event.object));
    }
  }

  const done = (async () => {
    while (!abort.signal.aborted) {
      try {
        // from "now": the first events list every stream, so nothing is missed between watches
        await watchOnce();
      } catch (err) {
        if (!abort.signal.aborted) log.warn({ err }, 'image stream watch ended, watching again');
      }
      if (abort.signal.aborted) break;
      await new Promise((r) => setTimeout(r, options.rewatchDelayMs ?? 1000).unref());
    }
  })();

  return {
    enqueue: (key) => queue.add(key),
    enqueueScheduled(key) {
      scheduled.add(key);
      queue.add(key);
    },
    queue,
    async stop() {
      abort.abort();
      await done.catch(() => undefined);
      await queue.shutDown();
    },
  };
}
