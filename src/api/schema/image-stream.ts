/** ImageStream and its parts (openshift/api image/v1 types.go). */
import { z } from 'zod';
import { CONDITION_STATUSES, IMPORT_MODES, REFERENCE_POLICY_TYPES } from '../constants.js';
import { int, metadata, ObjectReferenceSchema, opt, optEnum, str, stringMap, typeMeta } from './common.js';

export const TagImportPolicySchema = z.object({
  insecure: opt(z.boolean()),
  scheduled: opt(z.boolean()),
  importMode: optEnum(IMPORT_MODES),
});

export const TagReferencePolicySchema = z.object({
  type: z.preprocess(
    (v) => (v === '' || v === null ? undefined : v),
    z.enum(REFERENCE_POLICY_TYPES).default('Source'),
  ),
});

export const TagReferenceSchema = z.object({
  name: z.string(),
  annotations: stringMap(),
  from: opt(ObjectReferenceSchema),
  reference: opt(z.boolean()),
  /** null/absent: not set yet (the server sets it) */
  generation: int().nullish(),
  importPolicy: opt(TagImportPolicySchema),
  referencePolicy: opt(TagReferencePolicySchema),
});

export const TagEventSchema = z.object({
  created: str(),
  dockerImageReference: str(),
  image: str(),
  generation: z.preprocess((v) => v ?? 0, int()),
});

export const TagEventConditionSchema = z.object({
  type: z.literal('ImportSuccess'),
  status: z.enum(CONDITION_STATUSES),
  lastTransitionTime: opt(z.string()),
  reason: opt(z.string()),
  message: opt(z.string()),
  generation: z.preprocess((v) => v ?? 0, int()),
});

export const NamedTagEventListSchema = z.object({
  tag: z.string(),
  items: z.array(TagEventSchema).nullable().default(null),
  conditions: opt(z.array(TagEventConditionSchema)),
});

export const ImageLookupPolicySchema = z.object({ local: z.preprocess((v) => v ?? false, z.boolean()) });

export const ImageStreamSpecSchema = z.object({
  lookupPolicy: z.preprocess((v) => v ?? {}, ImageLookupPolicySchema),
  dockerImageRepository: opt(z.string()),
  tags: opt(z.array(TagReferenceSchema)),
});

export const ImageStreamStatusSchema = z.object({
  dockerImageRepository: str(),
  publicDockerImageRepository: opt(z.string()),
  tags: opt(z.array(NamedTagEventListSchema)),
});

export const ImageStreamSchema = z.object({
  ...typeMeta(),
  metadata: metadata(),
  spec: z.preprocess((v) => v ?? {}, ImageStreamSpecSchema),
  status: opt(ImageStreamStatusSchema),
});
