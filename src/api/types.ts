/**
 * The image.openshift.io/v1 types, inferred from the zod schemas in ./schema/ (field names as in
 * openshift/api image/v1). Import types and constants of this API from here.
 */
import type { z } from 'zod';
import type {
  DockerConfigSchema,
  DockerImageSchema,
  ImageLayerSchema,
  ImageManifestSchema,
  ImageSchema,
  ImageSignatureSchema,
} from './schema/image.js';
import type {
  ImageLookupPolicySchema,
  ImageStreamSchema,
  ImageStreamSpecSchema,
  ImageStreamStatusSchema,
  NamedTagEventListSchema,
  TagEventConditionSchema,
  TagEventSchema,
  TagImportPolicySchema,
  TagReferencePolicySchema,
  TagReferenceSchema,
} from './schema/image-stream.js';
import type {
  ImageImportSpecSchema,
  ImageImportStatusSchema,
  ImageStreamImportSchema,
  ImageStreamImportSpecSchema,
  ImageStreamImportStatusSchema,
  RepositoryImportSpecSchema,
  RepositoryImportStatusSchema,
} from './schema/image-stream-import.js';
import type {
  ImageStreamImageSchema,
  ImageStreamMappingSchema,
  ImageStreamTagSchema,
  ImageTagSchema,
} from './schema/virtual.js';

export * from './constants.js';
export type { ObjectReference, LocalObjectReference } from './schema/common.js';

export type TagImportPolicy = z.output<typeof TagImportPolicySchema>;
export type TagReferencePolicy = z.output<typeof TagReferencePolicySchema>;
export type TagReference = z.output<typeof TagReferenceSchema>;
export type TagEvent = z.output<typeof TagEventSchema>;
export type TagEventCondition = z.output<typeof TagEventConditionSchema>;
export type NamedTagEventList = z.output<typeof NamedTagEventListSchema>;
export type ImageLookupPolicy = z.output<typeof ImageLookupPolicySchema>;
export type ImageStreamSpec = z.output<typeof ImageStreamSpecSchema>;
export type ImageStreamStatus = z.output<typeof ImageStreamStatusSchema>;
export type ImageStream = z.output<typeof ImageStreamSchema>;

export type DockerConfig = z.output<typeof DockerConfigSchema>;
export type DockerImage = z.output<typeof DockerImageSchema>;
export type ImageLayer = z.output<typeof ImageLayerSchema>;
export type ImageManifest = z.output<typeof ImageManifestSchema>;
export type ImageSignature = z.output<typeof ImageSignatureSchema>;
export type Image = z.output<typeof ImageSchema>;

export type ImageStreamTag = z.output<typeof ImageStreamTagSchema>;
export type ImageTag = z.output<typeof ImageTagSchema>;
export type ImageStreamImage = z.output<typeof ImageStreamImageSchema>;
export type ImageStreamMapping = z.output<typeof ImageStreamMappingSchema>;

export type ImageImportSpec = z.output<typeof ImageImportSpecSchema>;
export type RepositoryImportSpec = z.output<typeof RepositoryImportSpecSchema>;
export type ImageImportStatus = z.output<typeof ImageImportStatusSchema>;
export type RepositoryImportStatus = z.output<typeof RepositoryImportStatusSchema>;
export type ImageStreamImportSpec = z.output<typeof ImageStreamImportSpecSchema>;
export type ImageStreamImportStatus = z.output<typeof ImageStreamImportStatusSchema>;
export type ImageStreamImport = z.output<typeof ImageStreamImportSchema>;
