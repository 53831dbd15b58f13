/** ImageStreamImport: a request to import (spec) and its per-image outcome (status). */
import { z } from 'zod';
import { LocalObjectReferenceSchema, metadata, ObjectReferenceSchema, opt, typeMeta } from './common.js';
import { ImageSchema } from './image.js';
import { ImageStreamSchema, TagImportPolicySchema, TagReferencePolicySchema } from './image-stream.js';

export const ImageImportSpecSchema = z.object({
  from: ObjectReferenceSchema,
  to: opt(LocalObjectReferenceSchema),
  importPolicy: opt(TagImportPolicySchema),
  referencePolicy: opt(TagReferencePolicySchema),
  includeManifest: opt(z.boolean()),
});

export const RepositoryImportSpecSchema = z.object({
  from: ObjectReferenceSchema,
  importPolicy: opt(TagImportPolicySchema),
  referencePolicy: opt(TagReferencePolicySchema),
  includeManifest: opt(z.boolean()),
});

/** A metav1.Status as embedded in import results; kept as sent. */
const EmbeddedStatusSchema = z.looseObject({
  status: opt(z.string()),
  message: opt(z.string()),
  reason: opt(z.string()),
  code: opt(z.number()),
});

export const ImageImportStatusSchema = z.object({
  status: EmbeddedStatusSchema,
  image: opt(ImageSchema),
  tag: opt(z.string()),
  manifests: opt(z.array(ImageSchema)),
});

export const RepositoryImportStatusSchema = z.object({
  status: EmbeddedStatusSchema,
  images: opt(z.array(ImageImportStatusSchema)),
  additionalTags: opt(z.array(z.string())),
});

export const ImageStreamImportSpecSchema = z.object({
  import: z.preprocess((v) => v ?? false, z.boolean()),
  repository: opt(RepositoryImportSpecSchema),
  images: opt(z.array(ImageImportSpecSchema)),
});

export const ImageStreamImportStatusSchema = z.object({
  import: opt(ImageStreamSchema),
  repository: opt(RepositoryImportStatusSchema),
  images: opt(z.array(ImageImportStatusSchema)),
});

export const ImageStreamImportSchema = z.object({
  ...typeMeta(),
  metadata: metadata(),
  spec: z.preprocess((v) => v ?? {}, ImageStreamImportSpecSchema),
  status: opt(ImageStreamImportStatusSchema),
});
