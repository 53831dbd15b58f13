/**
 * The schemas of the list kinds (ImageStreamList, …), as kube-apiserver publishes them: kubectl
 * validates a `kind: ImageStreamList` or `kind: List` file against them (OpenAPI v2) before it
 * applies the items. Pure.
 */
import type { ResourceDef } from '../resources/resource-def.js';
import { META, SCHEMA_PREFIX, arr, ref, str, type JsonSchema } from './schema-builders.js';

function listSchema(def: ResourceDef & { schema: string }): JsonSchema {
  return {
    type: 'object',
    description: `${def.kind}List is a list of ${def.kind} objects.`,
    required: ['items'],
    properties: {
      apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
      kind: str('Kind is a string value representing the REST resource this object represents.'),
      metadata: ref(META + 'ListMeta', 'Standard list metadata.'),
      items: arr({ $ref: SCHEMA_PREFIX + def.schema }, `Items is a list of ${def.kind} objects.`),
    },
    'x-kubernetes-group-version-kind': [{ group: def.group, version: def.version, kind: `${def.kind}List` }],
  };
}

/** The list schema's name for a resource that can be listed and has a schema. */
export function listSchemaName(def: ResourceDef): string | undefined {
  return def.schema && def.verbs.includes('list') ? `${def.schema}List` : undefined;
}

export function listSchemas(defs: readonly ResourceDef[]): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const def of defs) {
    const name = listSchemaName(def);
    if (name && def.schema) out[name] = listSchema({ ...def, schema: def.schema });
  }
  return out;
}
