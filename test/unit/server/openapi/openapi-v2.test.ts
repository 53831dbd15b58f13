import { describe, expect, it } from 'vitest';
import { openApiV2Document } from '../../../../src/server/openapi/openapi-v2.js';
import { decodeOpenApiV2, encodeOpenApiV2 } from '../../../../src/server/openapi/openapi-v2-proto.js';
import { registerBuiltinResources } from '../../../../src/server/resources/builtin.js';
import { createServerContext } from '../../../../src/server/server-context.js';
import { logger } from '../../../../src/observability/logger.js';
import type { Store } from '../../../../src/store/store.js';

function registry() {
  const ctx = createServerContext({} as Store, {}, logger('test'), new AbortController().signal);
  registerBuiltinResources(ctx);
  return ctx.resources;
}

const IS = 'com.github.openshift.api.image.v1.ImageStream';
const ITEM_PATH = '/apis/image.openshift.io/v1/namespaces/{namespace}/imagestreams/{name}';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('OpenAPI v2 (JSON)', () => {
  const doc = openApiV2Document(registry()) as Json;

  it('is one Swagger 2.0 document with the paths of every group and #/definitions refs', () => {
    expect(doc.swagger).toBe('2.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([ITEM_PATH, '/api/v1/namespaces/{name}']));
    expect(doc.definitions[IS].properties.spec).toEqual({
      $ref: '#/definitions/com.github.openshift.api.image.v1.ImageStreamSpec',
      description: 'Spec describes the desired state of this stream',
    });
    expect(JSON.stringify(doc)).not.toContain('#/components/schemas/');
  });

  it('has the list kinds, with their group-version-kind, for kubectl to validate list files', () => {
    expect(doc.definitions[IS + 'List']).toMatchObject({
      'x-kubernetes-group-version-kind': [
        { group: 'image.openshift.io', version: 'v1', kind: 'ImageStreamList' },
      ],
      properties: { items: { items: { $ref: `#/definitions/${IS}` } } },
    });
    expect(doc.definitions['io.k8s.api.core.v1.NamespaceList']).toBeDefined();
  });

  it('declares the PATCH body types, fieldValidation and the merge keys', () => {
    const patch = doc.paths[ITEM_PATH].patch;
    expect(patch.consumes).toContain('application/strategic-merge-patch+json');
    expect(patch.consumes).toContain('application/apply-patch+yaml');
    expect(patch.parameters.map((p: Json) => p.name)).toEqual([
      'body',
      'dryRun',
      'fieldManager',
      'fieldValidation',
      'force',
    ]);
    expect(patch['x-kubernetes-group-version-kind']).toEqual({
      group: 'image.openshift.io',
      version: 'v1',
      kind: 'ImageStream',
    });
    expect(
      doc.definitions['com.github.openshift.api.image.v1.ImageStreamSpec'].properties.tags,
    ).toMatchObject({
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
    });
  });
});

describe('OpenAPI v2 (gnostic protobuf, what client-go decodes)', () => {
  const doc = openApiV2Document(registry()) as Json;
  const decoded = decodeOpenApiV2(encodeOpenApiV2(doc)) as Json;

  it('round-trips the paths, operations and parameters', () => {
    const item = decoded.paths.path.find((p: Json) => p.name === ITEM_PATH).value;
    const query = item.patch.parameters.map(
      (p: Json) =>
        p.parameter.non_body_parameter?.query_parameter_sub_schema?.name ?? p.parameter.body_parameter?.name,
    );
    expect(query).toEqual(['body', 'dryRun', 'fieldManager', 'fieldValidation', 'force']);
    expect(
      item.parameters.map((p: Json) => p.parameter.non_body_parameter.path_parameter_sub_schema.name),
    ).toEqual(['name', 'namespace']);
  });

  it('carries vendor extensions as YAML (JSON) text, as kube-openapi reads them', () => {
    const item = decoded.paths.path.find((p: Json) => p.name === ITEM_PATH).value;
    const gvk = item.patch.vendor_extension.find((e: Json) => e.name === 'x-kubernetes-group-version-kind');
    expect(JSON.parse(gvk.value.yaml)).toEqual({
      group: 'image.openshift.io',
      version: 'v1',
      kind: 'ImageStream',
    });
  });

  it('round-trips the definitions: refs, types, properties, items and extensions', () => {
    const def = (name: string) =>
      decoded.definitions.additional_properties.find((d: Json) => d.name === name).value;
    const spec = def('com.github.openshift.api.image.v1.ImageStreamSpec');
    const tags = spec.properties.additional_properties.find((p: Json) => p.name === 'tags').value;
    expect(tags.type.value).toEqual(['array']);
    expect(tags.items.schema[0]._ref).toBe('#/definitions/com.github.openshift.api.image.v1.TagReference');
    const ext = Object.fromEntries(
      tags.vendor_extension.map((e: Json) => [e.name, JSON.parse(e.value.yaml)]),
    );
    expect(ext).toMatchObject({
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-list-map-keys': ['name'],
    });
    const labels = def(
      'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
    ).properties.additional_properties.find((p: Json) => p.name === 'labels').value;
    expect(labels.additional_properties.schema.type.value).toEqual(['string']);
  });
});
