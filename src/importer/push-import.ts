/**
 * Imports stream tags now, because a registry said their image moved (a push notification). The
 * tag is re-resolved from its own spec source, never from the notification's digest: the event
 * only says "look now". A tag that is not in spec but belongs to a stream following a whole
 * repository (spec.dockerImageRepository) is imported from that repository. An import that finds
 * the tag where it was, while the event named another digest, is tried again a few times
 * (NOT_YET_READABLE_RETRY_MS): the registry may not have linked the tag yet.
 */
import { systemClock, type Clock } from '../controllers/clock.js';
import { isStatusError } from '../api/status-error.js';
import type { ImageStream } from '../api/types.js';
import { logger } from '../observability/logger.js';
import { IMAGE_STREAMS } from '../store/resource-types.js';
import type { Store } from '../store/store.js';
import type { ImageImportSpec, ImageStreamImportObject } from './import-types.js';
import type { ImportService } from './import-service.js';

const log = logger('importer');

export interface PushImportRequest {
  namespace: string;
  stream: string;
  tag: string;
  expectedDigest?: string;
  source: string;
}

function imageSpecFor(stream: ImageStream, tag: string): ImageImportSpec | undefined {
  const ref = stream.spec?.tags?.find((t) => t.name === tag);
  if (ref?.from?.kind === 'DockerImage' && !ref.reference) {
    return {
      from: { kind: 'DockerImage', name: ref.from.name },
      to: { name: tag },
      ...(ref.importPolicy ? { importPolicy: ref.importPolicy } : {}),
      ...(ref.referencePolicy ? { referencePolicy: ref.referencePolicy } : {}),
    };
  }
  const repository = stream.spec?.dockerImageRepository;
  if (!ref && repository)
    return { from: { kind: 'DockerImage', name: `${repository}:${tag}` }, to: { name: tag } };
  return undefined;
}

/**
 * The registry may announce a push before the tag is readable: distribution sends its event from
 * the manifest write and links the tag right after, so an import that starts the moment the event
 * arrives can still find the previous image (or no tag at all). Such an import is tried again
 * after these delays (1.3 s in all) until the tag resolves to the notified digest or moves. The
 * link usually follows within milliseconds, hence the short first delays.
 */
const NOT_YET_READABLE_RETRY_MS: readonly number[] = [5, 10, 20, 40, 80, 160, 320, 640];

/**
 * docker-registry 2.8 (filesystem storage) answers a manifest HEAD or GET by tag with HTTP 500
 * (`invalid checksum digest format`) while it rewrites the tag's link file: its PutContent
 * truncates the file and then writes it, so a read in between finds it empty. Its notification
 * goes out before that write, so a push import meets this in about one push in ten. The registry
 * client's first retry after a 5xx waits 100 to 200 ms; a push import's waits 10 to 20 ms (then
 * the usual backoff). Other imports keep the usual backoff: a 500 there is rarely this race.
 */
const PUSH_FIRST_RETRY_DELAY_MS = 20;

export interface PushImportOptions {
  /** delays between attempts while the tag still resolves to what it was (default NOT_YET_READABLE_RETRY_MS) */
  retryDelaysMs?: readonly number[];
  /** the registry client's first retry of a 5xx or broken connection (default PUSH_FIRST_RETRY_DELAY_MS) */
  firstRetryDelayMs?: number;
  /** waits between attempts (default: the system's) */
  clock?: Pick<Clock, 'sleep'>;
}

type Attempt = { done: true } | { done: false; imported: string | undefined };

function currentImage(stream: ImageStream, tag: string): string | undefined {
  return stream.status?.tags?.find((t) => t.tag === tag)?.items?.[0]?.image;
}

async function importOne(
  service: ImportService,
  store: Store,
  request: PushImportRequest,
  options: PushImportOptions,
): Promise<Attempt> {
  const stream = (await store.get(IMAGE_STREAMS, request.namespace, request.stream)) as
    ImageStream | undefined;
  const image = stream && imageSpecFor(stream, request.tag);
  if (!stream || !image) return { done: true };
  const isi: ImageStreamImportObject = {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStreamImport',
    metadata: { name: request.stream },
    spec: { import: true, images: [image] },
  };
  const result = await service.importImages(request.namespace, isi, undefined, {
    firstRetryDelayMs: options.firstRetryDelayMs ?? PUSH_FIRST_RETRY_DELAY_MS,
  });
  const imported = result.status?.images?.[0]?.image?.metadata?.name;
  const expected = request.expectedDigest;
  // moved (to the notified digest, or to a platform image of a notified list): the push is in
  const moved = imported !== undefined && imported !== currentImage(stream, request.tag);
  return !expected || imported === expected || moved ? { done: true } : { done: false, imported };
}

async function importWhenReadable(
  service: ImportService,
  store: Store,
  request: PushImportRequest,
  options: PushImportOptions,
): Promise<void> {
  const delays = options.retryDelaysMs ?? NOT_YET_READABLE_RETRY_MS;
  const clock = options.clock ?? systemClock;
  let attempt = await importOne(service, store, request, options);
  for (const ms of delays) {
    if (attempt.done) return;
    log.debug(
      { namespace: request.namespace, stream: request.stream, tag: request.tag, retryInMs: ms },
      'the tag does not show the notified digest yet; importing again',
    );
    await clock.sleep(ms);
    attempt = await importOne(service, store, request, options);
  }
  if (!attempt.done) {
    // a replayed older event, a later push, or a forged event: the registry's answer wins
    log.info(
      {
        namespace: request.namespace,
        stream: request.stream,
        tag: request.tag,
        source: request.source,
        imported: attempt.imported,
      },
      'the registry resolved the tag to another digest than the notification named',
    );
  }
}

/**
 * Whether a failed import is worth asking again: our side failed (the store unavailable: 5xx,
 * 429, or an error that is not an API Status, i.e. a bug or a broken connection). A 4xx Status is
 * final (the stream went away, the request is invalid); the registry's failures never get here,
 * the import records them in the stream's status.
 */
export function isRetryableImportFailure(err: unknown): boolean {
  if (!isStatusError(err)) return true;
  return err.code >= 500 || err.code === 429;
}

/**
 * An ImportRequester (src/notifications) backed by the import service. Every request is tried;
 * if any failed on our side (isRetryableImportFailure) the call rejects afterwards, so that the
 * caller keeps the work and asks again. Final failures are logged and resolve.
 */
export function pushImportRequester(
  service: ImportService,
  store: Store,
  options: PushImportOptions = {},
): { importTags(requests: PushImportRequest[]): Promise<void> } {
  return {
    async importTags(requests) {
      const retryable: unknown[] = [];
      for (const request of requests) {
        try {
          await importWhenReadable(service, store, request, options);
        } catch (err) {
          log.warn(
            { err, namespace: request.namespace, stream: request.stream, tag: request.tag },
            'push import failed',
          );
          if (isRetryableImportFailure(err)) retryable.push(err);
        }
      }
      if (retryable.length > 0) {
        throw new Error(`${retryable.length} of ${requests.length} push import(s) failed on our side`, {
          cause: retryable[0],
        });
      }
    },
  };
}
