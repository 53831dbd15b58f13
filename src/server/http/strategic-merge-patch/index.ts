/**
 * Strategic merge patch (`application/strategic-merge-patch+json`) for our kinds, with the merge
 * keys and strategies of src/api/patch-meta.ts. See docs/adr/0007-strategic-merge-patch.md. Pure.
 */
import { badRequest } from '../../../api/status-error.js';
import { isObject } from './directives.js';
import { fieldMetaOf, type PatchedKind } from './field-meta.js';
import { StrategicMerger } from './merge-object.js';

export type { PatchedKind } from './field-meta.js';

/** The patched document; `target` is not changed. A malformed patch is a 400 (422 for retainKeys). */
export function strategicMergePatch(target: unknown, patch: unknown, kind: PatchedKind): unknown {
  if (!isObject(patch)) throw badRequest('a strategic merge patch must be a JSON object');
  const original = isObject(target) ? structuredClone(target) : {};
  return new StrategicMerger(fieldMetaOf(kind)).mergeObject(original, structuredClone(patch), []);
}
