/**
 * ImageStreamMapping (create only): records that a tag of an existing stream now points at an
 * image, as the integrated registry does after a push. Creates the Image (an existing one is
 * fine), appends the TagEvent (tag `latest` by default) and moves the tags tracking it. Into a
 * stream under a signature policy the image must pass the importer's signature check
 * (`ServerSettings.verifyTagMove`), else the mapping is refused with 403 and nothing is written.
 */
import type { KubeObject } from '../../../api/object.js';
import { invalid, isStatusError } from '../../../api/status-error.js';
import { decodeImageStreamMapping, imageStrategy } from '../../../api/strategies.js';
import { recordTagEvent } from '../../../api/tag-history.js';
import { DEFAULT_IMAGE_TAG, IMAGE_API_GROUP, IMAGE_API_VERSION, type Image } from '../../../api/types.js';
import type { Store } from '../../../store/store.js';
import type { ServerSettings } from '../../server-context.js';
import { StatusError } from '../../../api/status-error.js';
import { VERIFY_COSIGN_REPOSITORY_ANNOTATION } from '../../../api/cosign-repository.js';
import type { ImageStream } from '../../../api/types.js';
import { rfc3339 } from '../../../api/rfc3339.js';
import { successStatus } from '../../http/status-response.js';
import { IMAGE } from '../../openapi/schema-builders.js';
import { IMAGES } from '../image-resources.js';
import { prepareInput } from '../input.js';
import type { RequestScope, ResourceDef } from '../resource-def.js';
import { getStream, writeStreamStatus } from './stream-access.js';

const TARGET = {
  apiVersion: IMAGE_API_VERSION,
  kind: 'ImageStreamMapping',
  namespaced: true,
  schema: IMAGE + 'ImageStreamMapping',
};

const POLICY_ANNOTATION_PREFIX = 'imagestreams.io/verify-cosign-';

/** Whether the stream itself requires signatures (its key or keyless signer annotations). */
function streamHasPolicy(stream: ImageStream): boolean {
  return Object.keys(stream.metadata.annotations ?? {}).some(
    (k) => k.startsWith(POLICY_ANNOTATION_PREFIX) && k !== VERIFY_COSIGN_REPOSITORY_ANNOTATION,
  );
}

async function verifyMove(
  settings: ServerSettings,
  move: { namespace: string; stream: ImageStream; tag: string; image: Image },
): Promise<void> {
  if (settings.verifyTagMove) return settings.verifyTagMove(move);
  if (streamHasPolicy(move.stream))
    throw new StatusError(
      403,
      'SignatureMissing',
      `image stream ${move.namespace}/${move.stream.metadata.name} requires signatures and no importer runs on this server to verify them`,
    );
}

function prepareImage(input: Image): Image {
  const image = imageStrategy.prepareForCreate(
    imageStrategy.decode({ ...input, apiVersion: IMAGE_API_VERSION, kind: 'Image' }),
  );
  const causes = imageStrategy.validate(image);
  if (causes.length > 0) {
    throw invalid(
      {
        resource: 'imagestreammappings',
        group: IMAGE_API_GROUP,
        kind: 'ImageStreamMapping',
        name: image.metadata.name,
      },
      causes.map((c) => ({ ...c, field: c.field ? `image.${c.field}` : 'image' })),
    );
  }
  return image;
}

async function storeImage(store: Store, image: Image, dryRun: boolean): Promise<Image> {
  if (dryRun) return image;
  try {
    return (await store.create(IMAGES, image as unknown as KubeObject)) as unknown as Image;
  } catch (e) {
    if (isStatusError(e) && e.code === 409) return image;
    throw e;
  }
}

async function create(
  store: Store,
  settings: ServerSettings,
  scope: RequestScope,
  body: unknown,
): Promise<ReturnType<typeof successStatus>> {
  const mapping = decodeImageStreamMapping(prepareInput(body, TARGET, scope));
  const namespace = scope.info.namespace ?? '';
  const name = mapping.metadata.name;
  const stream = await getStream(store, namespace, name);
  const tag = mapping.tag || DEFAULT_IMAGE_TAG;
  const prepared = prepareImage(mapping.image);
  await verifyMove(settings, { namespace, stream, tag, image: prepared });
  const image = await storeImage(store, prepared, scope.dryRun);
  const now = rfc3339(new Date());
  await writeStreamStatus(store, namespace, name, (s) => recordTagEvent(s, tag, image, now), scope.dryRun);
  return successStatus(undefined, 201);
}

export function imageStreamMappingResource(store: Store, settings: ServerSettings = {}): ResourceDef {
  return {
    group: IMAGE_API_GROUP,
    version: 'v1',
    resource: 'imagestreammappings',
    singularName: 'imagestreammapping',
    kind: 'ImageStreamMapping',
    namespaced: true,
    verbs: ['create'],
    schema: IMAGE + 'ImageStreamMapping',
    handler: { create: (scope, body) => create(store, settings, scope, body) },
  };
}
