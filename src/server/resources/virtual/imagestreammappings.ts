/**
 * ImageStreamMapping (create only): records that a tag of an existing stream now points at an
 * image, as the integrated registry does after a push. Creates the Image (an existing one is
 * fine), appends the TagEvent (tag `latest` by default) and moves the tags tracking it. Into a
 * stream under a signature policy the image must pass the importer's signature check
 * (signature-gate.ts), else the mapping is refused with 403 and nothing is written.
 */
import { invalid, isStatusError } from '../../../api/status-error.js';
import { decodeImageStreamMapping, imageStrategy } from '../../../api/strategies.js';
import { recordTagEvent } from '../../../api/tag-history.js';
import { DEFAULT_IMAGE_TAG, IMAGE_API_GROUP, IMAGE_API_VERSION, type Image } from '../../../api/types.js';
import type { Store } from '../../../store/store.js';
import type { TagMoveGate } from '../signature-gate.js';
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
    return await store.create(IMAGES, image);
  } catch (e) {
    if (isStatusError(e) && e.code === 409) return image;
    throw e;
  }
}

async function create(
  store: Store,
  gate: TagMoveGate,
  scope: RequestScope,
  body: unknown,
): Promise<ReturnType<typeof successStatus>> {
  const mapping = decodeImageStreamMapping(prepareInput(body, TARGET, scope));
  const namespace = scope.info.namespace ?? '';
  const name = mapping.metadata.name;
  const stream = await getStream(store, namespace, name);
  const tag = mapping.tag || DEFAULT_IMAGE_TAG;
  const prepared = prepareImage(mapping.image);
  await gate({ namespace, stream, tag, image: prepared });
  const image = await storeImage(store, prepared, scope.dryRun);
  const now = rfc3339(new Date());
  await writeStreamStatus(store, namespace, name, (s) => recordTagEvent(s, tag, image, now), scope.dryRun);
  return successStatus(undefined, 201);
}

export function imageStreamMappingResource(store: Store, gate: TagMoveGate): ResourceDef {
  return {
    group: IMAGE_API_GROUP,
    version: 'v1',
    resource: 'imagestreammappings',
    singularName: 'imagestreammapping',
    kind: 'ImageStreamMapping',
    namespaced: true,
    verbs: ['create'],
    schema: IMAGE + 'ImageStreamMapping',
    handler: { create: (scope, body) => create(store, gate, scope, body) },
  };
}
