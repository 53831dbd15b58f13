/** Small builders for the OpenAPI (JSON schema) documents of our types. */

export interface JsonSchema {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  allOf?: JsonSchema[];
  $ref?: string;
  default?: unknown;
  enum?: string[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
}

export const SCHEMA_PREFIX = '#/components/schemas/';

export const str = (description: string, format?: string): JsonSchema => ({
  type: 'string',
  description,
  ...(format ? { format } : {}),
});
export const bool = (description: string): JsonSchema => ({ type: 'boolean', description });
export const int64 = (description: string): JsonSchema => ({ type: 'integer', format: 'int64', description });
export const int32 = (description: string): JsonSchema => ({ type: 'integer', format: 'int32', description });
export const time = (description: string): JsonSchema => ({
  type: 'string',
  format: 'date-time',
  description,
});
export const stringMap = (description: string): JsonSchema => ({
  type: 'object',
  description,
  additionalProperties: { type: 'string', default: '' },
});
export const free = (description: string): JsonSchema => ({
  type: 'object',
  description,
  'x-kubernetes-preserve-unknown-fields': true,
});

/** A reference to another schema, wrapped as Kubernetes' OpenAPI v3 documents do. */
export const ref = (name: string, description?: string): JsonSchema => ({
  allOf: [{ $ref: SCHEMA_PREFIX + name }],
  ...(description ? { description } : {}),
  default: {},
});

export const arr = (items: JsonSchema, description: string, listType = 'atomic'): JsonSchema => ({
  type: 'array',
  description,
  items,
  'x-kubernetes-list-type': listType,
});

export const obj = (
  description: string,
  properties: Record<string, JsonSchema>,
  required?: string[],
): JsonSchema => ({
  type: 'object',
  description,
  properties,
  ...(required && required.length > 0 ? { required } : {}),
});

/** The apiVersion/kind/metadata header every top-level kind has. */
export function kindSchema(
  description: string,
  gvk: { group: string; version: string; kind: string },
  properties: Record<string, JsonSchema>,
  required?: string[],
): JsonSchema {
  return {
    ...obj(
      description,
      {
        apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
        kind: str('Kind is a string value representing the REST resource this object represents.'),
        metadata: ref(META + 'ObjectMeta', 'Standard object metadata.'),
        ...properties,
      },
      required,
    ),
    'x-kubernetes-group-version-kind': [gvk],
  };
}

export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
export const CORE = 'io.k8s.api.core.v1.';
export const IMAGE = 'com.github.openshift.api.image.v1.';
