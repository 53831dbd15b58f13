/**
 * A user's write of a trigger controllers' object (rollout-objects.ts), decoded into its stored
 * type: the body of the kind's zod schema, 422 Invalid with a cause per bad field otherwise.
 * Users change one spec field (a Rollout's approval, a TriggerState's pause) and never status,
 * so the schemas read no status; the rest of spec is checked so that the type holds.
 */
import { z } from 'zod';
import { toPlainJson, zodCauses } from '../api/decode.js';
import { metadata } from '../api/schema/common.js';
import { invalid } from '../api/status-error.js';
import { TRIGGERS_API_GROUP } from './rollout-store.js';

/** apiVersion, kind and metadata, as every body has them once the server checked it (input.ts). */
export const triggerObjectMeta = () => ({ apiVersion: z.string(), kind: z.string(), metadata: metadata() });

export function decodeTriggerObject<T>(
  schema: z.ZodType<T>,
  target: { resource: string; kind: string },
  input: unknown,
): T {
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw invalid({ group: TRIGGERS_API_GROUP, ...target }, zodCauses(result.error));
  return toPlainJson(result.data);
}
