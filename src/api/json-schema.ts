/**
 * JSON Schemas of the image.openshift.io/v1 kinds, generated from the same zod schemas that
 * decode requests, for the server's OpenAPI document (kubectl validation and `explain`). Shaped
 * for OpenAPI: no `$schema`, open objects (Kubernetes drops unknown fields rather than failing),
 * int64 integers, and the group/version/kind extension on each top-level kind.
 */
import { z } from 'zod';
import { IMAGE_API_GROUP, type ImageKind } from './constants.js';
import { ImageSchema } from './schema/image.js';
import { ImageStreamSchema } from './schema/image-stream.js';
import { ImageStreamImportSchema } from './schema/image-stream-import.js';
import {
  ImageStreamImageSchema,
  ImageStreamMappingSchema,
  ImageStreamTagSchema,
  ImageTagSchema,
} from './schema/virtual.js';

export type JsonSchema = Record<string, unknown>;

const SCHEMAS: Record<ImageKind, z.ZodType> = {
  ImageStream: ImageStreamSchema,
  Image: ImageSchema,
  ImageStreamTag: ImageStreamTagSchema,
  ImageTag: ImageTagSchema,
  ImageStreamImage: ImageStreamImageSchema,
  ImageStreamMapping: ImageStreamMappingSchema,
  ImageStreamImport: ImageStreamImportSchema,
};

const DROPPED_KEYS = new Set([
  '$schema',
  'additionalProperties',
  'propertyNames',
  'minimum',
  'maximum',
  'default',
]);

function forOpenApi(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forOpenApi);
  if (node === null || typeof node !== 'object') return node;
  const src = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(src)) {
    if (key === 'properties' && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, forOpenApi(v)]));
    } else if (!DROPPED_KEYS.has(key)) {
      out[key] = forOpenApi(value);
    }
  }
  // string maps (labels, annotations) keep their value type
  const additional = src.additionalProperties;
  if (additional && typeof additional === 'object') out.additionalProperties = forOpenApi(additional);
  if (out.type === 'integer') out.format = 'int64';
  return out;
}

/** One schema per kind, with `x-kubernetes-group-version-kind`. */
export function imageApiJsonSchemas(): Record<ImageKind, JsonSchema> {
  const out = {} as Record<ImageKind, JsonSchema>;
  for (const [kind, schema] of Object.entries(SCHEMAS) as [ImageKind, z.ZodType][]) {
    const json = forOpenApi(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' })) as JsonSchema;
    json['x-kubernetes-group-version-kind'] = [{ group: IMAGE_API_GROUP, version: 'v1', kind }];
    out[kind] = json;
  }
  return out;
}
