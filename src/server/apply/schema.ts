/**
 * What the apply algorithms need to know about a kind: how each list merges and which objects
 * are atomic, read from the one table of merge strategies (src/api/patch-meta.ts). Nothing else
 * is schema here: every object not declared atomic is merged field by field. Pure.
 */
import { declaredStrategy, type FieldStrategy } from '../../api/patch-meta.js';

export interface ApplySchema {
  /** the declared strategy of the field at `names` (field names from the root, list items stepped over) */
  at(names: readonly string[]): FieldStrategy | undefined;
}

export function schemaOf(group: string, kind: string): ApplySchema {
  const cache = new Map<string, FieldStrategy | undefined>();
  return {
    at(names) {
      const key = names.join('.');
      if (!cache.has(key)) cache.set(key, declaredStrategy(group, kind, names));
      return cache.get(key);
    },
  };
}
