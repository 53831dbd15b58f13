/** ImageStreamImage `stream@digest` (get only): an image from the stream's history; digest prefixes of at least 12 characters allowed, 409 when ambiguous. */
import type { KubeObject } from '../../../api/object.js';
import { badRequest, conflict, notFound } from '../../../api/status-error.js';
import { parseImageStreamImageName } from '../../../api/names.js';
import { IMAGE_API_GROUP, type ImageStream } from '../../../api/types.js';
import { findImageInStream, imageIdProblem, imageStreamImageView } from '../../../api/views.js';
import type { Store } from '../../../store/store.js';
import { IMAGE } from '../../openapi/schema-builders.js';
import { IMAGE_STREAM_IMAGE_TABLE } from '../../table/image-tables.js';
import type { RequestScope, ResourceDef } from '../resource-def.js';
import { getImage, getStream } from './stream-access.js';

const RESOURCE = 'imagestreamimages';

type Decorate = (stream: ImageStream) => ImageStream;

async function get(store: Store, decorate: Decorate, scope: RequestScope): Promise<KubeObject> {
  const name = scope.info.name ?? '';
  const { stream: streamName, digest } = parseImageStreamImageName(name);
  const problem = imageIdProblem(digest);
  if (problem) throw badRequest(`ImageStreamImages must be retrieved with <name>@<id>: ${problem}`);
  const stream = decorate(await getStream(store, scope.info.namespace ?? '', streamName));
  const found = findImageInStream(stream, digest);
  if (found === 'ambiguous')
    throw conflict(
      { resource: RESOURCE, group: IMAGE_API_GROUP, name },
      `multiple images match the prefix ${JSON.stringify(digest)}: use a longer one`,
    );
  if (!found) throw notFound({ resource: RESOURCE, group: IMAGE_API_GROUP, name });
  const image = await getImage(store, found.digest);
  if (!image) throw notFound({ resource: 'images', group: IMAGE_API_GROUP, name: found.digest });
  return imageStreamImageView(stream, image, digest);
}

export function imageStreamImageResource(store: Store, decorate: Decorate): ResourceDef {
  return {
    group: IMAGE_API_GROUP,
    version: 'v1',
    resource: RESOURCE,
    singularName: 'imagestreamimage',
    kind: 'ImageStreamImage',
    namespaced: true,
    verbs: ['get'],
    shortNames: ['isimage'],
    schema: IMAGE + 'ImageStreamImage',
    table: IMAGE_STREAM_IMAGE_TABLE,
    handler: { get: (scope) => get(store, decorate, scope) },
  };
}
