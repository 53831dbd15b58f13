/**
 * A core-group body (Namespace, Event) decoded into a `KubeObject`: Kubernetes' ObjectMeta is
 * checked field by field (a wrong type is a 422 naming the field), everything else is kept as
 * sent, as these kinds are stored without a schema of their own.
 */
import { z } from 'zod';
import { toPlainJson, zodCauses } from '../../api/decode.js';
import type { KubeObject } from '../../api/object.js';
import { ObjectMetaSchema } from '../../api/schema/common.js';
import { badRequest, invalid } from '../../api/status-error.js';
import { isPlainObject } from './input.js';

const CoreObjectSchema = z
  .object({ apiVersion: z.string(), kind: z.string(), metadata: ObjectMetaSchema.loose() })
  .loose();

export function decodeCoreObject(kind: string, input: unknown): KubeObject {
  if (!isPlainObject(input) || !isPlainObject(input.metadata))
    throw badRequest(`a ${kind} must be a JSON object with metadata`);
  const result = CoreObjectSchema.safeParse(input, { reportInput: true });
  if (!result.success) {
    const name = input.metadata.name;
    throw invalid(
      { group: '', kind, resource: `${kind.toLowerCase()}s`, ...(typeof name === 'string' ? { name } : {}) },
      zodCauses(result.error),
    );
  }
  return toPlainJson(result.data);
}
