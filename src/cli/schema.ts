/**
 * What the CLI reads from the server, modelled leniently: only the fields the CLI prints are
 * typed, everything else passes through untouched (so `-o yaml` shows the server's object as is).
 * A newer server that adds fields never breaks an older CLI.
 */
import { z } from 'zod';

const objectMetaSchema = z
  .object({
    name: z.string(),
    namespace: z.string().optional(),
    uid: z.string().optional(),
    resourceVersion: z.string().optional(),
    generation: z.number().optional(),
    creationTimestamp: z.string().nullish(),
    labels: z.record(z.string(), z.string()).nullish(),
    annotations: z.record(z.string(), z.string()).nullish(),
  })
  .loose();

export const kubeObjectSchema = z
  .object({ apiVersion: z.string(), kind: z.string(), metadata: objectMetaSchema })
  .loose();

export const objectListSchema = z
  .object({
    apiVersion: z.string().optional(),
    kind: z.string().optional(),
    metadata: z.object({ resourceVersion: z.string().optional(), continue: z.string().optional() }).loose(),
    items: z.array(kubeObjectSchema).nullish(),
  })
  .loose();

const tagEventSchema = z
  .object({
    created: z.string().nullish(),
    dockerImageReference: z.string().nullish(),
    image: z.string().nullish(),
    generation: z.number().nullish(),
  })
  .loose();

const tagConditionSchema = z
  .object({
    type: z.string(),
    status: z.string(),
    lastTransitionTime: z.string().nullish(),
    reason: z.string().nullish(),
    message: z.string().nullish(),
    generation: z.number().nullish(),
  })
  .loose();

export const tagReferenceSchema = z
  .object({
    name: z.string(),
    annotations: z.record(z.string(), z.string()).nullish(),
    from: z.object({ kind: z.string(), name: z.string(), namespace: z.string().nullish() }).loose().nullish(),
    reference: z.boolean().nullish(),
    generation: z.number().nullish(),
    importPolicy: z
      .object({ insecure: z.boolean().nullish(), scheduled: z.boolean().nullish() })
      .loose()
      .nullish(),
    referencePolicy: z.object({ type: z.string().nullish() }).loose().nullish(),
  })
  .loose();
export type TagReferenceView = z.infer<typeof tagReferenceSchema>;

export const namedTagEventListSchema = z
  .object({
    tag: z.string(),
    items: z.array(tagEventSchema).nullish(),
    conditions: z.array(tagConditionSchema).nullish(),
  })
  .loose();
export type NamedTagEventListView = z.infer<typeof namedTagEventListSchema>;

export const imageStreamViewSchema = z
  .object({
    metadata: objectMetaSchema,
    spec: z
      .object({
        lookupPolicy: z.object({ local: z.boolean().nullish() }).loose().nullish(),
        dockerImageRepository: z.string().nullish(),
        tags: z.array(tagReferenceSchema).nullish(),
      })
      .loose()
      .nullish(),
    status: z
      .object({
        dockerImageRepository: z.string().nullish(),
        publicDockerImageRepository: z.string().nullish(),
        tags: z.array(namedTagEventListSchema).nullish(),
      })
      .loose()
      .nullish(),
  })
  .loose();
/** The fields of an ImageStream that `describe` and `get` print. */
export type ImageStreamView = z.infer<typeof imageStreamViewSchema>;

/** metav1.Status as servers send it with an error. */
export const statusSchema = z
  .object({
    kind: z.literal('Status'),
    status: z.string().optional(),
    message: z.string().optional(),
    reason: z.string().optional(),
    code: z.number().optional(),
    details: z
      .object({
        name: z.string().optional(),
        group: z.string().optional(),
        kind: z.string().optional(),
        causes: z
          .array(
            z.object({
              reason: z.string().optional(),
              message: z.string().optional(),
              field: z.string().optional(),
            }),
          )
          .optional(),
      })
      .loose()
      .optional(),
  })
  .loose();
export type StatusView = z.infer<typeof statusSchema>;
