/**
 * An ImageStream from the few fields a test cares about, decoded by the API's own schema: absent
 * fields get the server's defaults (lookupPolicy, reference policy Source, empty strings), so a
 * test states only what it checks and still hands the code a real ImageStream.
 */
import { ImageStreamSchema } from '../../src/api/schema/image-stream.js';
import type { KubeObject } from '../../src/api/object.js';
import type { Image, ImageStream } from '../../src/api/types.js';
import { IMAGE_STREAMS, IMAGES } from '../../src/store/resource-types.js';
import type { Store } from '../../src/store/store.js';

export function decodeImageStream(fields: Record<string, unknown>): ImageStream {
  return ImageStreamSchema.parse({
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { namespace: 'default', name: 'app' },
    ...fields,
  });
}

/** A stream with no tags as a client would send it (no defaults filled in): the store tests' object. */
export const bareStream = (
  name: string,
  namespace = 'default',
  labels?: Record<string, string>,
): KubeObject => ({
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: { namespace, name, ...(labels ? { labels } : {}) },
  spec: { tags: [] },
});

/** The stored stream, as the store types it; a missing one fails the test, naming it. */
export async function storedStream(store: Store, namespace: string, name: string): Promise<ImageStream> {
  const stream = await store.get(IMAGE_STREAMS, namespace, name);
  if (!stream) throw new Error(`no image stream ${namespace}/${name} in the store`);
  return stream;
}

/** The stored Image, as the store types it; a missing one fails the test, naming it. */
export async function storedImage(store: Store, name: string): Promise<Image> {
  const image = await store.get(IMAGES, undefined, name);
  if (!image) throw new Error(`no image ${name} in the store`);
  return image;
}
