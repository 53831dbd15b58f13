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

/** The status fields `kubectl rollout status` reads, for the three kinds that roll out. */
export const RolloutStatusSchema = z.looseObject({
  observedGeneration: z.number().nullish(),
  replicas: z.number().nullish(),
  updatedReplicas: z.number().nullish(),
  availableReplicas: z.number().nullish(),
  readyReplicas: z.number().nullish(),
  currentRevision: z.string().nullish(),
  updateRevision: z.string().nullish(),
  desiredNumberScheduled: z.number().nullish(),
  updatedNumberScheduled: z.number().nullish(),
  numberAvailable: z.number().nullish(),
  conditions: z
    .array(z.looseObject({ type: z.string(), reason: z.string().nullish(), message: z.string().nullish() }))
    .nullish(),
});
export type RolloutStatusSchema = z.infer<typeof RolloutStatusSchema>;

/** The spec fields the rollout decision reads. */
export const RolloutSpecSchema = z.looseObject({
  replicas: z.number().nullish(),
  updateStrategy: z
    .looseObject({
      type: z.string().nullish(),
      rollingUpdate: z.looseObject({ partition: z.number().nullish() }).nullish(),
    })
    .nullish(),
});
export type RolloutSpecSchema = z.infer<typeof RolloutSpecSchema>;

/**
 * `imagestreams.io/rollout-in-progress`: the rollouts this target started on the object and
 * follows until the workload's controller reports them complete (written in the image patch).
 */
export const InFlightEntrySchema = z.object({
  id: z.string(),
  /** The Rollout record is a gate's held record (its gate is told the result). */
  gated: z.boolean().optional(),
  started: z.string(),
  fieldPath: z.string(),
  container: z.string(),
  /** JSON pointer to the container. */
  pointer: z.string(),
  /** The image before the patch (restored when the rollout fails); absent: the field was unset. */
  previous: z.string().optional(),
  fromDigest: z.string().optional(),
  reference: z.string(),
  digest: z.string(),
  from: z.object({ namespace: z.string(), stream: z.string(), tag: z.string() }),
});
export type InFlightEntrySchema = z.infer<typeof InFlightEntrySchema>;
export const InFlightSchema = z.array(InFlightEntrySchema);
