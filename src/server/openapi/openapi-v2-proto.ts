/**
 * The protobuf form of /openapi/v2 (`application/com.github.proto-openapi.spec.v2@v1.0+protobuf`):
 * gnostic's openapi.v2.Document, the only form client-go's OpenAPISchema() decodes. The messages
 * below are the part of gnostic's OpenAPIv2.proto (github.com/google/gnostic, same names and field
 * numbers) that our documents use; vendor extensions and defaults are `Any` values carried as YAML
 * text (JSON is YAML), as kube-openapi writes them. Pure.
 */
import protobuf from 'protobufjs';

export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

const PROTO = `
syntax = "proto3";
package openapi.v2;
message Any { string yaml = 2; }
message NamedAny { string name = 1; Any value = 2; }
message Info { string title = 1; string version = 2; string description = 3; }
message Document {
  string swagger = 1; Info info = 2; repeated string consumes = 6; repeated string produces = 7;
  Paths paths = 8; Definitions definitions = 9; repeated NamedAny vendor_extension = 16;
}
message Paths { repeated NamedAny vendor_extension = 1; repeated NamedPathItem path = 2; }
message NamedPathItem { string name = 1; PathItem value = 2; }
message PathItem {
  string _ref = 1; Operation get = 2; Operation put = 3; Operation post = 4; Operation delete = 5;
  Operation options = 6; Operation head = 7; Operation patch = 8;
  repeated ParametersItem parameters = 9; repeated NamedAny vendor_extension = 10;
}
message Operation {
  repeated string tags = 1; string summary = 2; string description = 3; string operation_id = 5;
  repeated string produces = 6; repeated string consumes = 7; repeated ParametersItem parameters = 8;
  Responses responses = 9; repeated string schemes = 10; bool deprecated = 11;
  repeated NamedAny vendor_extension = 13;
}
message ParametersItem { oneof oneof { Parameter parameter = 1; JsonReference json_reference = 2; } }
message JsonReference { string _ref = 1; string description = 2; }
message Parameter { oneof oneof { BodyParameter body_parameter = 1; NonBodyParameter non_body_parameter = 2; } }
message BodyParameter {
  string description = 1; string name = 2; string in = 3; bool required = 4; Schema schema = 5;
  repeated NamedAny vendor_extension = 6;
}
message NonBodyParameter {
  oneof oneof {
    QueryParameterSubSchema query_parameter_sub_schema = 3;
    PathParameterSubSchema path_parameter_sub_schema = 4;
  }
}
message QueryParameterSubSchema {
  bool required = 1; string in = 2; string description = 3; string name = 4; string type = 6;
  bool unique_items = 20; repeated NamedAny vendor_extension = 23;
}
message PathParameterSubSchema {
  bool required = 1; string in = 2; string description = 3; string name = 4; string type = 5;
  bool unique_items = 19; repeated NamedAny vendor_extension = 22;
}
message Responses { repeated NamedResponseValue response_code = 1; repeated NamedAny vendor_extension = 2; }
message NamedResponseValue { string name = 1; ResponseValue value = 2; }
message ResponseValue { oneof oneof { Response response = 1; JsonReference json_reference = 2; } }
message Response { string description = 1; SchemaItem schema = 2; repeated NamedAny vendor_extension = 5; }
message SchemaItem { oneof oneof { Schema schema = 1; } }
message Definitions { repeated NamedSchema additional_properties = 1; }
message NamedSchema { string name = 1; Schema value = 2; }
message Properties { repeated NamedSchema additional_properties = 1; }
message AdditionalPropertiesItem { oneof oneof { Schema schema = 1; bool boolean = 2; } }
message TypeItem { repeated string value = 1; }
message ItemsItem { repeated Schema schema = 1; }
message Schema {
  string _ref = 1; string format = 2; string title = 3; string description = 4; Any default = 5;
  repeated string required = 19; repeated Any enum = 20;
  AdditionalPropertiesItem additional_properties = 21; TypeItem type = 22; ItemsItem items = 23;
  repeated Schema all_of = 24; Properties properties = 25; bool read_only = 27;
  repeated NamedAny vendor_extension = 31;
}
`;

const root = protobuf.parse(PROTO, { keepCase: true }).root;
const DocumentType = root.lookupType('openapi.v2.Document');

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const yaml = (v: unknown) => ({ yaml: JSON.stringify(v) });

function extensions(o: Json): Json[] {
  return Object.entries(o)
    .filter(([k]) => k.startsWith('x-'))
    .map(([name, v]) => ({ name, value: yaml(v) }));
}

function schema(s: Json): Json {
  const out: Json = { vendor_extension: extensions(s) };
  for (const key of ['format', 'title', 'description', 'required'] as const)
    if (s[key] !== undefined) out[key] = s[key];
  if (s.$ref !== undefined) out._ref = s.$ref;
  if (s.default !== undefined) out.default = yaml(s.default);
  if (Array.isArray(s.enum)) out.enum = s.enum.map(yaml);
  if (typeof s.type === 'string') out.type = { value: [s.type] };
  if (isObject(s.items)) out.items = { schema: [schema(s.items)] };
  if (Array.isArray(s.allOf)) out.all_of = (s.allOf as Json[]).map(schema);
  if (isObject(s.properties))
    out.properties = {
      additional_properties: Object.entries(s.properties).map(([name, v]) => ({
        name,
        value: schema(v as Json),
      })),
    };
  if (typeof s.additionalProperties === 'boolean')
    out.additional_properties = { boolean: s.additionalProperties };
  else if (isObject(s.additionalProperties))
    out.additional_properties = { schema: schema(s.additionalProperties) };
  return out;
}

function parameterItem(p: Json): Json {
  if (p.in === 'body') {
    const body = { name: p.name, in: p.in, required: p.required === true, schema: schema(p.schema as Json) };
    return { parameter: { body_parameter: body } };
  }
  const sub = {
    name: p.name,
    in: p.in,
    description: p.description ?? '',
    required: p.required === true,
    type: p.type ?? 'string',
    unique_items: p.uniqueItems === true,
  };
  const which = p.in === 'path' ? 'path_parameter_sub_schema' : 'query_parameter_sub_schema';
  return { parameter: { non_body_parameter: { [which]: sub } } };
}

function operation(op: Json): Json {
  const responses = Object.entries((op.responses ?? {}) as Record<string, Json>).map(([name, r]) => ({
    name,
    value: {
      response: {
        description: r.description ?? '',
        ...(isObject(r.schema) ? { schema: { schema: schema(r.schema) } } : {}),
      },
    },
  }));
  return {
    description: op.description ?? '',
    operation_id: op.operationId ?? '',
    consumes: op.consumes ?? [],
    produces: op.produces ?? [],
    schemes: op.schemes ?? [],
    parameters: ((op.parameters ?? []) as Json[]).map(parameterItem),
    responses: { response_code: responses },
    vendor_extension: extensions(op),
  };
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

function pathItem(item: Json): Json {
  const out: Json = { parameters: ((item.parameters ?? []) as Json[]).map(parameterItem) };
  for (const m of METHODS) if (isObject(item[m])) out[m] = operation(item[m]);
  return out;
}

/** The Swagger 2.0 JSON document (openapi-v2.ts) as gnostic protobuf bytes. */
export function encodeOpenApiV2(doc: Json): Uint8Array {
  const message = {
    swagger: doc.swagger,
    info: doc.info,
    paths: {
      path: Object.entries((doc.paths ?? {}) as Record<string, Json>).map(([name, v]) => ({
        name,
        value: pathItem(v),
      })),
    },
    definitions: {
      additional_properties: Object.entries((doc.definitions ?? {}) as Record<string, Json>).map(
        ([name, v]) => ({
          name,
          value: schema(v),
        }),
      ),
    },
  };
  return DocumentType.encode(DocumentType.fromObject(message)).finish();
}

/** Decodes what encodeOpenApiV2 wrote (for tests and diagnostics). */
export function decodeOpenApiV2(bytes: Uint8Array): Json {
  return DocumentType.toObject(DocumentType.decode(bytes), { defaults: false }) as Json;
}
