/**
 * Imports stream tags now, because a registry said their image moved (a push notification). The
 * tag is re-resolved from its own spec source, never from the notification's digest: the event
 * only says "look now". A tag that is not in spec but belongs to a stream following a whole
 * repository (spec.dockerImageRepository) is imported from that repository.
 */
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

async function importOne(service: ImportService, store: Store, request: PushImportRequest): Promise<void> {
  const stream = (await store.get(IMAGE_STREAMS, request.namespace, request.stream)) as
    ImageStream | undefined;
  const image = stream && imageSpecFor(stream, request.tag);
  if (!stream || !image) return;
  const isi: ImageStreamImportObject = {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStreamImport',
    metadata: { name: request.stream },
    spec: { import: true, images: [image] },
  };
  const result = await service.importImages(request.namespace, isi);
  const imported = result.status?.images?.[0]?.image?.metadata?.name;
  if (request.expectedDigest && imported && imported !== request.expectedDigest) {
    // a later push, or a forged event: the registry's answer wins
    log.info(
      { namespace: request.namespace, stream: request.stream, tag: request.tag, source: request.source },
      'the registry resolved the tag to another digest than the notification named',
    );
  }
}

/** An ImportRequester (src/notifications) backed by the import service. */
export function pushImportRequester(
  service: ImportService,
  store: Store,
): { importTags(requests: PushImportRequest[]): Promise<void> } {
  return {
    async importTags(requests) {
      for (const request of requests) {
        try {
          await importOne(service, store, request);
        } catch (err) {
          log.warn(
            { err, namespace: request.namespace, stream: request.stream, tag: request.tag },
            'push import failed',
          );
        }
      }
    },
  };
}
