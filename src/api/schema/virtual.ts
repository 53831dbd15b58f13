/** The virtual resources that are views or verbs on streams: ImageStreamTag, ImageTag, ImageStreamImage, ImageStreamMapping. */
import { z } from 'zod';
import { int, metadata, opt, str, typeMeta } from './common.js';
import { ImageSchema } from './image.js';
import {
  ImageLookupPolicySchema,
  NamedTagEventListSchema,
  TagEventConditionSchema,
  TagReferenceSchema,
} from './image-stream.js';

/** An Image that may be absent or empty on input (clients send a zero-valued one). */
const embeddedImage = () => z.preprocess((v) => v ?? {}, ImageSchema);

export const ImageStreamTagSchema = z.object({
  ...typeMeta(),
  metadata: metadata(),
  tag: TagReferenceSchema.nullable().default(null),
  generation: z.preprocess((v) => v ?? 0, int()),
  lookupPolicy: z.preprocess((v) => v ?? {}, ImageLookupPolicySchema),
  conditions: opt(z.array(TagEventConditionSchema)),
  image: embeddedImage(),
});

export const ImageTagSchema = z.object({
  ...typeMeta(),
  metadata: metadata(),
  spec: TagReferenceSchema.nullable().default(null),
  status: NamedTagEventListSchema.nullable().default(null),
  image: ImageSchema.nullable().default(null),
});

export const ImageStreamImageSchema = z.object({
  ...typeMeta(),
  metadata: metadata(),
  image: embeddedImage(),
});

export const ImageStreamMappingSchema = z.object({
  ...typeMeta(),
  metadata: metadata(),
  image: embeddedImage(),
  tag: str(),
});
