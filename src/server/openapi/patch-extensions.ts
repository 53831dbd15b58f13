/**
 * Publishes the merge table of src/api/patch-meta.ts in the OpenAPI schemas, as kube-apiserver
 * does from the Go tags: `x-kubernetes-patch-strategy` / `x-kubernetes-patch-merge-key` (what
 * kubectl's client-side apply reads to compute a strategic merge patch) and
 * `x-kubernetes-list-type` / `x-kubernetes-list-map-keys` (what server-side apply reads). Pure:
 * the published schemas are a copy.
 */
import { declaredFields, type FieldStrategy } from '../../api/patch-meta.js';
import { SCHEMA_PREFIX, type JsonSchema } from './schema-builders.js';

type Schemas = Record<string, JsonSchema>;

function extensions(strategy: FieldStrategy, property: JsonSchema): Partial<JsonSchema> {
  switch (strategy.type) {
    case 'map':
      return {
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': [...strategy.keys],
        'x-kubernetes-patch-strategy': 'merge',
        'x-kubernetes-patch-merge-key': strategy.keys[0],
      };
    case 'set':
      return { 'x-kubernetes-list-type': 'set', 'x-kubernetes-patch-strategy': 'merge' };
    case 'atomic':
      if (property.type === 'array') return { 'x-kubernetes-list-type': 'atomic' };
      return { 'x-kubernetes-patch-strategy': 'replace', 'x-kubernetes-map-type': 'atomic' };
  }
}

/** The schema a property or list item stands for: its `allOf` reference resolved, or itself. */
function target(schema: JsonSchema, schemas: Schemas): JsonSchema {
  const ref = schema.$ref ?? schema.allOf?.[0]?.$ref;
  if (ref === undefined) return schema;
  return schemas[ref.slice(SCHEMA_PREFIX.length)] ?? schema;
}

/** The property schema at `path` from `root` (list items stepped over), if the schemas spell it out. */
function propertyAt(root: JsonSchema, path: readonly string[], schemas: Schemas): JsonSchema | undefined {
  let current: JsonSchema = root;
  let property: JsonSchema | undefined;
  for (const field of path) {
    const object = target(current, schemas);
    const withItems = object.type === 'array' && object.items ? target(object.items, schemas) : object;
    property = withItems.properties?.[field];
    if (!property) return undefined;
    current = property;
  }
  return property;
}

/** A copy of `schemas` whose kinds carry their fields' patch strategies. */
export function withPatchExtensions(schemas: Schemas): Schemas {
  const out = structuredClone(schemas);
  for (const schema of Object.values(out)) {
    for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
      for (const [dotted, strategy] of declaredFields(gvk.group, gvk.kind)) {
        const property = propertyAt(schema, dotted.split('.'), out);
        if (property) Object.assign(property, extensions(strategy, property));
      }
    }
  }
  return out;
}
