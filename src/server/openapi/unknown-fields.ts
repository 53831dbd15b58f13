/**
 * Unknown-field detection against our OpenAPI schemas: the server side of `kubectl apply
 * --validate=strict` (`?fieldValidation=Strict|Warn|Ignore`). Returns the unknown field paths (as
 * the apiserver prints them) and the object with them pruned, as the apiserver decodes it. Pure.
 */
import { SCHEMA_PREFIX, type JsonSchema } from './schema-builders.js';

export interface UnknownFieldsResult {
  unknown: string[];
  /** `value` itself when nothing is unknown */
  pruned: unknown;
}

function resolve(schema: JsonSchema, schemas: Record<string, JsonSchema>): JsonSchema {
  let s = schema;
  for (let depth = 0; depth < 10; depth++) {
    const target = s.$ref ?? (s.allOf?.length === 1 ? s.allOf[0]?.$ref : undefined);
    if (!target) return s;
    const next = schemas[target.slice(SCHEMA_PREFIX.length)];
    if (!next) return {};
    s = next;
  }
  return s;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function walk(
  value: unknown,
  schema: JsonSchema,
  schemas: Record<string, JsonSchema>,
  path: string,
  unknown: string[],
): unknown {
  const s = resolve(schema, schemas);
  if (s['x-kubernetes-preserve-unknown-fields']) return value;
  if (Array.isArray(value)) {
    const items = s.items;
    return items ? value.map((v, i) => walk(v, items, schemas, `${path}[${i}]`, unknown)) : value;
  }
  if (!isObject(value)) return value;
  if (s.properties) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const prop = s.properties[key];
      if (prop) out[key] = walk(v, prop, schemas, join(path, key), unknown);
      else unknown.push(join(path, key));
    }
    return out;
  }
  const additional = s.additionalProperties;
  if (typeof additional === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value))
      out[key] = walk(v, additional, schemas, join(path, key), unknown);
    return out;
  }
  return value;
}

/** The same walk, for the common answer "none": no copy, no path strings. */
function hasUnknown(value: unknown, schema: JsonSchema, schemas: Record<string, JsonSchema>): boolean {
  const s = resolve(schema, schemas);
  if (s['x-kubernetes-preserve-unknown-fields']) return false;
  if (Array.isArray(value)) {
    const items = s.items;
    if (items === undefined) return false;
    for (const v of value) if (hasUnknown(v, items, schemas)) return true;
    return false;
  }
  if (!isObject(value)) return false;
  const fields = s.properties ?? (typeof s.additionalProperties === 'object' ? undefined : null);
  if (fields === null) return false;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const prop = fields ? fields[key] : s.additionalProperties;
    if (!prop || prop === true) return true;
    if (hasUnknown(value[key], prop, schemas)) return true;
  }
  return false;
}

export function findUnknownFields(
  value: unknown,
  rootSchema: string,
  schemas: Record<string, JsonSchema>,
): UnknownFieldsResult {
  const root = schemas[rootSchema];
  if (!root || !hasUnknown(value, root, schemas)) return { unknown: [], pruned: value };
  const unknown: string[] = [];
  const pruned = walk(value, root, schemas, '', unknown);
  return { unknown, pruned };
}
