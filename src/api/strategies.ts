/**
 * The Strategy (see strategy.ts) of each stored kind: ImageStream and Image. The virtual kinds'
 * decoders are re-exported here so the server finds every entry point in one module.
 */
import { rfc3339 } from './rfc3339.js';
import { IMAGE_API_GROUP, ImageResource } from './constants.js';
import { decodeWith } from './decode.js';
import { defaultImageStream } from './defaults.js';
import {
  prepareImageStreamForCreate,
  prepareImageStreamForStatusUpdate,
  prepareImageStreamForUpdate,
} from './image-stream-prepare.js';
import { verificationFromServer } from './image-trust.js';
import { ImageSchema } from './schema/image.js';
import { ImageStreamSchema } from './schema/image-stream.js';
import type { Strategy } from './strategy.js';
import type { Image, ImageStream } from './types.js';
import { validateImage, validateImageUpdate } from './validation/image.js';
import { validateImageStream, validateImageStreamUpdate } from './validation/image-stream.js';

export {
  decodeImageStreamImport,
  decodeImageStreamMapping,
  decodeImageStreamTag,
  decodeImageTag,
} from './decoders.js';

export const imageStreamStrategy: Strategy<ImageStream> = {
  kind: 'ImageStream',
  group: IMAGE_API_GROUP,
  decode(input) {
    const stream = decodeWith(
      ImageStreamSchema,
      { kind: 'ImageStream', group: IMAGE_API_GROUP, resource: ImageResource.ImageStream },
      input,
    );
    return defaultImageStream(stream);
  },
  prepareForCreate: (object) => prepareImageStreamForCreate(object, rfc3339(new Date())),
  prepareForUpdate: (object, old) => prepareImageStreamForUpdate(object, old, rfc3339(new Date())),
  prepareForStatusUpdate: (object, old) => prepareImageStreamForStatusUpdate(object, old),
  validate: (object) => validateImageStream(object),
  validateUpdate: (object, old) => validateImageStreamUpdate(object, old),
};

/** The content of an Image never changes after creation (OpenShift's image strategy). */
const IMMUTABLE_IMAGE_FIELDS = [
  'dockerImageReference',
  'dockerImageMetadata',
  'dockerImageMetadataVersion',
  'dockerImageManifest',
  'dockerImageManifestMediaType',
  'dockerImageConfig',
  'dockerImageLayers',
  'dockerImageManifests',
] as const;

function keepImageContent(object: Image, old: Image): Image {
  const next: Image = { ...object };
  for (const field of IMMUTABLE_IMAGE_FIELDS) {
    if (old[field] === undefined) delete next[field];
    else (next as Record<string, unknown>)[field] = structuredClone(old[field]);
  }
  return next;
}

export const imageStrategy: Strategy<Image> = {
  kind: 'Image',
  group: IMAGE_API_GROUP,
  decode: (input) =>
    decodeWith(ImageSchema, { kind: 'Image', group: IMAGE_API_GROUP, resource: ImageResource.Image }, input),
  prepareForCreate: (object) => verificationFromServer(object),
  prepareForUpdate: (object, old) => verificationFromServer(keepImageContent(object, old), old),
  prepareForStatusUpdate: (object, old) => verificationFromServer(keepImageContent(object, old), old),
  validate: (object) => validateImage(object),
  validateUpdate: (object, old) => validateImageUpdate(object, old),
};
