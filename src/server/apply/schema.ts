/**
 * What the apply algorithms need to know about a kind: how each list merges and which objects
 * are atomic, read from the one table of merge strategies (src/api/patch-meta.ts). Nothing else
 * is schema here: every object not declared atomic is merged field by field. Pure.
 */
import { declaredStrategy, type FieldStrategy } from '../../api/patch-meta.js';

/** field names from the root joined by dots, list items stepped over (`spec.tags.from`); '' the root */
export type FieldPath = string;

export const childPath = (parent: FieldPath, name: string): FieldPath =>
  parent ? `${parent}.${name}` : name;

export interface ApplySchema {
  /** the declared strategy of the field at `path` */
  at(path: FieldPath): FieldStrategy | undefined;
}

const SCHEMAS = new Map<string, ApplySchema>();

/** One per kind, kept: the table does not change while the server runs. */
export function schemaOf(group: string, kind: string): ApplySchema {
  const key = `${group}/${kind}`;
  let schema = SCHEMAS.get(key);
  if (!schema) {
    schema = buildSchema(group, kind);
    SCHEMAS.set(key, schema);
  }
  return schema;
}

function buildSchema(group: string, kind: string): ApplySchema {
  const cache = new Map<FieldPath, FieldStrategy | undefined>();
  return {
    at(path) {
      if (!cache.has(path))
        cache.set(path, path === '' ? undefined : declaredStrategy(group, kind, path.split('.')));
      return cache.get(path);
    },
  };
}
