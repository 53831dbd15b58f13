/**
 * Storing an Image the server derived from the registry (api/image-trust.ts): it is created, or
 * it replaces a stored Image of the same digest that the server did not derive (one made through
 * imagestreammappings or the images API, whose metadata nobody verified). A stored verified Image
 * is kept: the same digest is the same content.
 */
import type { KubeObject } from '../api/object.js';
import { isVerifiedImage, markVerified } from '../api/image-trust.js';
import { isStatusError } from '../api/status-error.js';
import type { Image } from '../api/types.js';
import { logger } from '../observability/logger.js';
import { IMAGES } from '../store/resource-types.js';
import type { Store } from '../store/store.js';

const log = logger('importer');

export const ImageWrite = { Created: 'created', Replaced: 'replaced', Kept: 'kept' } as const;
export type ImageWrite = (typeof ImageWrite)[keyof typeof ImageWrite];

const ATTEMPTS = 3;

/** The derived Image under the stored one's identity (uid, resourceVersion, creation time). */
function replacing(image: Image, stored: KubeObject): KubeObject {
  const next = markVerified(image);
  const { uid, resourceVersion, creationTimestamp } = stored.metadata;
  return { ...next, metadata: { ...next.metadata, uid, resourceVersion, creationTimestamp } };
}

async function writeOnce(store: Store, image: Image): Promise<ImageWrite> {
  const stored = await store.get(IMAGES, undefined, image.metadata.name);
  if (stored && isVerifiedImage(stored)) return ImageWrite.Kept;
  if (!stored) {
    await store.create(IMAGES, markVerified(image));
    return ImageWrite.Created;
  }
  await store.update(IMAGES, replacing(image, stored));
  log.info({ image: image.metadata.name }, 'replaced an Image the server had not derived from the registry');
  return ImageWrite.Replaced;
}

/** Creates or replaces; `image` must come from the registry (buildImage / buildManifestListImage). */
export async function storeVerifiedImage(store: Store, image: Image): Promise<ImageWrite> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await writeOnce(store, image);
    } catch (e) {
      // another writer won (AlreadyExists / Conflict): read again and decide again
      if (!(isStatusError(e) && e.code === 409) || attempt >= ATTEMPTS) throw e;
    }
  }
}
