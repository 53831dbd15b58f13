/**
 * OpenAPI v3 documents per group-version, enough for `kubectl explain` (schemas carrying
 * x-kubernetes-group-version-kind) and for `kubectl apply`: its PATCH operations declare the
 * `fieldValidation` parameter, so kubectl leaves unknown-field validation to the server, and they
 * accept a strategic merge patch, so kubectl computes one from the schemas' patch strategies
 * (patch-extensions.ts) and keeps list items other writers added. Pure.
 */
import { createHash } from 'node:crypto';
import { apiVersionOf, type ResourceDef, type ResourceRegistry } from '../resources/resource-def.js';
import { listSchemaName } from './list-schemas.js';
import { publishedSchemas } from './published-schemas.js';
import { SCHEMA_PREFIX } from './schema-builders.js';

type Operation = Record<string, unknown>;

const param = (name: string, where: 'path' | 'query', description: string) => ({
  name,
  in: where,
  description,
  ...(where === 'path' ? { required: true } : {}),
  schema: { type: 'string', uniqueItems: true },
});

const QUERY_WRITE = [
  param(
    'dryRun',
    'query',
    'When present, indicates that modifications should not be persisted. Valid value: All',
  ),
  param(
    'fieldManager',
    'query',
    'fieldManager is a name associated with the actor or entity that is making these changes.',
  ),
  param(
    'fieldValidation',
    'query',
    'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields: Ignore, Warn (default) or Strict.',
  ),
];

const FORCE = param(
  'force',
  'query',
  'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.',
);

const QUERY_LIST = [
  'labelSelector',
  'fieldSelector',
  'limit',
  'continue',
  'resourceVersion',
  'watch',
  'allowWatchBookmarks',
  'timeoutSeconds',
].map((n) => param(n, 'query', `the ${n} of a list or watch`));

function response(schemaName: string | undefined): Record<string, unknown> {
  const schema = schemaName ? { $ref: SCHEMA_PREFIX + schemaName } : { type: 'object' };
  return { '200': { description: 'OK', content: { 'application/json': { schema } } } };
}

function op(def: ResourceDef, action: string, extra: Operation = {}): Operation {
  return {
    description: `${action} ${def.kind}`,
    operationId: `${action}${def.kind}`,
    responses: response(
      action === 'list' || action === 'deletecollection' ? listSchemaName(def) : def.schema,
    ),
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: def.group, version: def.version, kind: def.kind },
    ...extra,
  };
}

function body(def: ResourceDef, types: string[]): Operation {
  const schema = def.schema ? { $ref: SCHEMA_PREFIX + def.schema } : { type: 'object' };
  return { requestBody: { content: Object.fromEntries(types.map((t) => [t, { schema }])), required: true } };
}

function itemPath(def: ResourceDef): Record<string, Operation> {
  const ops: Record<string, Operation> = {};
  if (def.verbs.includes('get')) ops.get = op(def, 'get');
  if (def.verbs.includes('update'))
    ops.put = op(def, 'put', { ...body(def, ['application/json']), parameters: QUERY_WRITE });
  if (def.verbs.includes('patch')) {
    const apply = def.handler.apply !== undefined; // server-side apply: stored kinds only
    ops.patch = op(def, 'patch', {
      ...body(def, [
        'application/json-patch+json',
        'application/merge-patch+json',
        'application/strategic-merge-patch+json',
        ...(apply ? ['application/apply-patch+yaml'] : []),
      ]),
      parameters: apply ? [...QUERY_WRITE, FORCE] : QUERY_WRITE,
    });
  }
  if (def.verbs.includes('delete')) ops.delete = op(def, 'delete', { parameters: [QUERY_WRITE[0]] });
  return ops;
}

function collectionPath(def: ResourceDef): Record<string, Operation> {
  const ops: Record<string, Operation> = {};
  if (def.verbs.includes('list')) ops.get = op(def, 'list', { parameters: QUERY_LIST });
  if (def.verbs.includes('create'))
    ops.post = op(def, 'post', { ...body(def, ['application/json']), parameters: QUERY_WRITE });
  if (def.verbs.includes('deletecollection'))
    ops.delete = op(def, 'deletecollection', { parameters: [QUERY_WRITE[0], ...QUERY_LIST.slice(0, 2)] });
  return ops;
}

function paths(def: ResourceDef): Record<string, unknown> {
  const root = def.group ? `/apis/${def.group}/${def.version}` : `/api/${def.version}`;
  const base = def.namespaced ? `${root}/namespaces/{namespace}/${def.resource}` : `${root}/${def.resource}`;
  const common = [
    param('name', 'path', `name of the ${def.kind}`),
    ...(def.namespaced ? [param('namespace', 'path', 'object name and auth scope')] : []),
  ];
  const out: Record<string, unknown> = {
    [base]: { ...collectionPath(def), parameters: common.slice(1) },
    [`${base}/{name}`]: { ...itemPath(def), parameters: common },
  };
  for (const sub of def.subresources ?? []) {
    out[`${base}/{name}/${sub.name}`] = { ...itemPath({ ...def, verbs: sub.verbs }), parameters: common };
  }
  return out;
}

export function openApiDocument(
  registry: ResourceRegistry,
  group: string,
  version: string,
): Record<string, unknown> | undefined {
  const defs = registry.inGroupVersion(group, version);
  if (defs.length === 0) return undefined;
  return {
    openapi: '3.0.0',
    info: { title: 'imagestreams', version: apiVersionOf({ group, version }) },
    paths: Object.assign({}, ...defs.map(paths)),
    components: { schemas: publishedSchemas(registry) },
  };
}

function documentHash(doc: unknown): string {
  return createHash('sha512').update(JSON.stringify(doc)).digest('hex').slice(0, 128).toUpperCase();
}

export function openApiRoot(registry: ResourceRegistry): {
  paths: Record<string, { serverRelativeURL: string }>;
} {
  const out: Record<string, { serverRelativeURL: string }> = {};
  for (const { group, version } of registry.groupVersions()) {
    const key = group ? `apis/${group}/${version}` : `api/${version}`;
    const doc = openApiDocument(registry, group, version);
    out[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${documentHash(doc)}` };
  }
  return { paths: out };
}
