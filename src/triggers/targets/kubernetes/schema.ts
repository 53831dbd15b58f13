/**
 * What the target reads of a workload object from the API server: lenient (only the fields used;
 * everything else passes through untouched because patches address fields, not whole objects).
 */
import { z } from 'zod';

const ContainerSchema = z.looseObject({
  name: z.string(),
  image: z.string().optional(),
});
type ContainerSchema = z.infer<typeof ContainerSchema>;

export const PodSpecSchema = z.looseObject({
  containers: z.array(ContainerSchema).optional(),
  initContainers: z.array(ContainerSchema).nullish(),
});
export type PodSpecSchema = z.infer<typeof PodSpecSchema>;

const OwnerReferenceSchema = z.looseObject({
  kind: z.string().optional(),
  name: z.string().optional(),
  controller: z.boolean().nullish(),
});

const WorkloadMetaSchema = z.looseObject({
  name: z.string(),
  namespace: z.string(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  generation: z.number().optional(),
  annotations: z.record(z.string(), z.string()).nullish(),
  ownerReferences: z.array(OwnerReferenceSchema).nullish(),
});

export const WorkloadSchema = z.looseObject({
  metadata: WorkloadMetaSchema,
  spec: z.unknown().optional(),
});
export type WorkloadSchema = z.infer<typeof WorkloadSchema>;

/** `imagestreams.io/last-triggered-image`: fieldPath -> the `REPO@sha256:…` last set there by us. */
export const LastTriggeredSchema = z.record(z.string(), z.string());
export type LastTriggeredSchema = z.infer<typeof LastTriggeredSchema>;
