/**
 * /openapi/v2: one Swagger 2.0 document with every path and definition, list kinds included, as
 * kube-apiserver serves it. kubectl reads it to validate `kind: List` / `kind: …List` files on the
 * client (v3 has no PATCH path for a list kind) and as its fallback for strategic merge patches.
 * Derived from the v3 documents, so both always agree. Pure.
 */
import type { ResourceRegistry } from '../resources/resource-def.js';
import { openApiDocument } from './openapi-v3.js';
import { publishedSchemas } from './published-schemas.js';
import { SCHEMA_PREFIX, type JsonSchema } from './schema-builders.js';

const DEFINITIONS = '#/definitions/';
type Json = Record<string, unknown>;

const v2Ref = (ref: string): string => ref.replace(SCHEMA_PREFIX, DEFINITIONS);

/** v3 schema -> v2: `#/components/schemas/` refs become `#/definitions/`, a lone `allOf` ref a `$ref`. */
function toV2Schema(schema: JsonSchema): JsonSchema {
  const { allOf, default: _default, $ref, items, additionalProperties, properties, ...rest } = schema;
  const lone = allOf?.length === 1 ? allOf[0]?.$ref : undefined;
  const ref = $ref ?? lone;
  // v2 reads nothing next to a $ref but its description and the Kubernetes extensions
  if (ref !== undefined)
    return Object.fromEntries(
      Object.entries({ $ref: v2Ref(ref), ...rest }).filter(
        ([k]) => k === '$ref' || k === 'description' || k.startsWith('x-kubernetes-'),
      ),
    ) as JsonSchema;
  const out: JsonSchema = { ...rest };
  if (allOf) out.allOf = allOf.map(toV2Schema);
  if (items) out.items = toV2Schema(items);
  if (additionalProperties !== undefined)
    out.additionalProperties =
      typeof additionalProperties === 'boolean' ? additionalProperties : toV2Schema(additionalProperties);
  if (properties)
    out.properties = Object.fromEntries(Object.entries(properties).map(([p, s]) => [p, toV2Schema(s)]));
  return out;
}

interface V3Parameter {
  name: string;
  in: string;
  description?: string;
  required?: boolean;
}

function parameter(p: V3Parameter): Json {
  return { uniqueItems: true, type: 'string', ...p };
}

function operation(op: Json): Json {
  const { requestBody, responses, parameters, ...rest } = op as Json & {
    requestBody?: { content: Record<string, { schema: JsonSchema }> };
    responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
    parameters?: V3Parameter[];
  };
  const params: Json[] = (parameters ?? []).map(parameter);
  const content = requestBody ? Object.entries(requestBody.content) : [];
  if (content[0])
    params.unshift({ name: 'body', in: 'body', required: true, schema: toV2Schema(content[0][1].schema) });
  const v2Responses = Object.fromEntries(
    Object.entries(responses).map(([code, r]) => {
      const schema = r.content?.['application/json']?.schema;
      return [code, { description: r.description, ...(schema ? { schema: toV2Schema(schema) } : {}) }];
    }),
  );
  return {
    ...rest,
    consumes: content.length ? content.map(([type]) => type) : ['*/*'],
    produces: ['application/json', 'application/yaml'],
    schemes: ['https'],
    ...(params.length ? { parameters: params } : {}),
    responses: v2Responses,
  };
}

function pathItem(item: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(item)) {
    if (k === 'parameters') out.parameters = (v as V3Parameter[]).map(parameter);
    else out[k] = operation(v as Json);
  }
  return out;
}

export function openApiV2Document(registry: ResourceRegistry): Json {
  const paths: Json = {};
  for (const { group, version } of registry.groupVersions()) {
    const doc = openApiDocument(registry, group, version);
    for (const [path, item] of Object.entries((doc?.paths ?? {}) as Record<string, Json>))
      paths[path] = pathItem(item);
  }
  const definitions = Object.fromEntries(
    Object.entries(publishedSchemas(registry)).map(([name, s]) => [name, toV2Schema(s)]),
  );
  return { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths, definitions };
}
