/**
 * Schemas for trigger payloads written by users: the `image.openshift.io/triggers` annotation
 * (or Docker label). Strict like OpenShift's Go decoder about types (a string `"false"` for
 * `paused` is an error), lenient about unknown keys (the Go decoder ignores them).
 */
import { z } from 'zod';

const TriggerFromSchema = z.object({
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
  apiVersion: z.string().optional(),
});

export const TriggerEntrySchema = z.object({
  from: TriggerFromSchema,
  // Optional here so the Docker label form can omit it; the annotation parser requires it.
  fieldPath: z.string().optional(),
  paused: z.boolean().optional(),
});
export type TriggerEntrySchema = z.infer<typeof TriggerEntrySchema>;

export const TriggerListSchema = z.array(z.unknown());
