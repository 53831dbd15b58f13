/**
 * What the apply algorithms need to know about a kind: how each list merges and which objects
 * are atomic, read from the one table of merge strategies (src/api/patch-meta.ts). Nothing else
 * is schema here: every object not declared atomic is merged field by field. Pure.
 */
import { declaredStrategy, type FieldStrategy } from '../../api/patch-meta.js';

/** field names from the root joined by dots, list items stepped over (`spec.tags.from`); '' the root */
export type FieldPath = string;

/**
 * How many child paths are kept, made once each: every write walks the same few paths, while
 * the keys of maps (labels, annotations) are the clients' own, so the table stops growing.
 */
const MAX_KEPT_PATHS = 2048;
const CHILD_PATHS = new Map<FieldPath, Map<string, FieldPath>>();
let keptPaths = 0;

export function childPath(parent: FieldPath, name: string): FieldPath {
  if (!parent) return name;
  let byName = CHILD_PATHS.get(parent);
  const kept = byName?.get(name);
  if (kept !== undefined) return kept;
  const path = `${parent}.${name}`;
  if (keptPaths < MAX_KEPT_PATHS) {
    if (!byName) CHILD_PATHS.set(parent, (byName = new Map()));
    byName.set(name, path);
    keptPaths++;
  }
  return path;
}

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
