/**
 * What kube-apiserver sends a mutating webhook (`admission.k8s.io/v1` AdmissionReview) and the
 * parts of a workload the image lookup reads. Strict with the envelope (a body that is not an
 * AdmissionReview is the caller's fault: 400), lenient with the object (any kind of workload may
 * come; only the pod spec's images are read, everything else is left as it is).
 */
import { z } from 'zod';

export const ADMISSION_API_VERSION = 'admission.k8s.io/v1';

const GroupVersionKindSchema = z.object({
  group: z.string(),
  version: z.string(),
  kind: z.string(),
});

export const AdmissionRequestSchema = z.looseObject({
  uid: z.string().min(1),
  kind: GroupVersionKindSchema,
  subResource: z.string().optional(),
  namespace: z.string().optional(),
  operation: z.string(),
  object: z.unknown().optional(),
});
export type AdmissionRequestSchema = z.infer<typeof AdmissionRequestSchema>;

export const AdmissionReviewSchema = z.looseObject({
  apiVersion: z.literal(ADMISSION_API_VERSION),
  kind: z.literal('AdmissionReview'),
  request: AdmissionRequestSchema,
});
export type AdmissionReviewSchema = z.infer<typeof AdmissionReviewSchema>;

const ContainerSchema = z.looseObject({ image: z.string().optional() });

export const PodSpecSchema = z.looseObject({
  containers: z.array(ContainerSchema).optional(),
  initContainers: z.array(ContainerSchema).optional(),
  ephemeralContainers: z.array(ContainerSchema).optional(),
});
export type PodSpecSchema = z.infer<typeof PodSpecSchema>;

export const ObjectMetaSchema = z.looseObject({
  namespace: z.string().optional(),
  annotations: z.record(z.string(), z.string()).nullish(),
});
export type ObjectMetaSchema = z.infer<typeof ObjectMetaSchema>;

/** A response: allowed always (the lookup never refuses), with a JSONPatch when images change. */
export interface AdmissionResponse {
  uid: string;
  allowed: true;
  patchType?: 'JSONPatch';
  /** base64 of the JSON array of operations */
  patch?: string;
  warnings?: string[];
}

export interface AdmissionReviewResponse {
  apiVersion: typeof ADMISSION_API_VERSION;
  kind: 'AdmissionReview';
  response: AdmissionResponse;
}
