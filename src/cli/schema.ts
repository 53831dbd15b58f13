/**
 * What the CLI reads from the server, modelled leniently: only the fields the CLI prints are
 * typed, everything else passes through untouched (so `-o yaml` shows the server's object as is).
 * A newer server that adds fields never breaks an older CLI. ImageStreams are not modelled here:
 * `describe is` and `import-image` read them through the API's `ImageStreamSchema`.
 */
import { z } from 'zod';

/**
 * A field servers may send as null (Go's nil for a pointer or a map without omitempty) read as
 * absent, which is what `KubeObject` says: the parsed object is a `KubeObject` without a cast.
 */
const absentWhenNull = <T extends z.ZodType>(schema: T) =>
  schema
    .nullish()
    .transform((v): z.output<T> | undefined => v ?? undefined)
    .optional();

const objectMetaSchema = z
  .object({
    name: z.string(),
    namespace: z.string().optional(),
    uid: z.string().optional(),
    resourceVersion: z.string().optional(),
    generation: z.number().optional(),
    creationTimestamp: absentWhenNull(z.string()),
    labels: absentWhenNull(z.record(z.string(), z.string())),
    annotations: absentWhenNull(z.record(z.string(), z.string())),
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
