/**
 * How each field of the patched kind merges, read from src/api/patch-meta.ts (the one table of
 * `patchStrategy` / `patchMergeKey`). Paths name fields from the object's root, list items
 * stepped over. Pure.
 */
import { declaredStrategy } from '../../../api/patch-meta.js';

export interface PatchedKind {
  group: string;
  kind: string;
}

export type ListMerge =
  /** merged item by item on the key (patchStrategy merge, patchMergeKey) */
  | { how: 'byKey'; key: string }
  /** merged as a set of scalars (patchStrategy merge on a primitive list) */
  | { how: 'set' }
  /** replaced whole (no patchStrategy: the default) */
  | { how: 'replace' };

export interface FieldMeta {
  list(path: readonly string[]): ListMerge;
  /** an object with patchStrategy replace: the patch's value replaces it whole */
  replacesObject(path: readonly string[]): boolean;
}

export function fieldMetaOf(target: PatchedKind): FieldMeta {
  return {
    list(path) {
      const s = declaredStrategy(target.group, target.kind, path);
      if (s?.type === 'map') return { how: 'byKey', key: s.keys[0] };
      if (s?.type === 'set') return { how: 'set' };
      return { how: 'replace' };
    },
    replacesObject: (path) => declaredStrategy(target.group, target.kind, path)?.type === 'atomic',
  };
}
