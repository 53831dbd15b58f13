import { describe, expect, it } from 'vitest';
import { openApiDocument, openApiRoot } from '../../../../src/server/openapi/openapi-v3.js';
import { registerBuiltinResources } from '../../../../src/server/resources/builtin.js';
import { createServerContext } from '../../../../src/server/server-context.js';
import { logger } from '../../../../src/observability/logger.js';
import type { Store } from '../../../../src/store/store.js';

function registry() {
  // the documents only read the resource definitions: no store call happens
  const ctx = createServerContext({} as Store, {}, logger('test'), new AbortController().signal);
  registerBuiltinResources(ctx);
  return ctx.resources;
}

describe('OpenAPI v3', () => {
  const doc = openApiDocument(registry(), 'image.openshift.io', 'v1') as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: { name: string }[];
          requestBody?: { content: Record<string, unknown> };
          'x-kubernetes-group-version-kind'?: unknown;
        }
      >
    >;
    components: { schemas: Record<string, { 'x-kubernetes-group-version-kind'?: unknown }> };
  };

  it('declares fieldValidation on PATCH so kubectl leaves unknown-field checks to the server', () => {
    const patch = doc.paths['/apis/image.openshift.io/v1/namespaces/{namespace}/imagestreams/{name}']?.patch;
    expect(patch?.['x-kubernetes-group-version-kind']).toEqual({
      group: 'image.openshift.io',
      version: 'v1',
      kind: 'ImageStream',
    });
    expect(patch?.parameters?.map((p) => p.name)).toContain('fieldValidation');
  });

  it("accepts a strategic merge patch and publishes the merge keys, so kubectl apply keeps others' tags", () => {
    const patch = doc.paths['/apis/image.openshift.io/v1/namespaces/{namespace}/imagestreams/{name}']?.patch;
    expect(Object.keys(patch?.requestBody?.content ?? {})).toContain(
      'application/strategic-merge-patch+json',
    );
    const schemas = doc.components.schemas as Record<string, { properties?: Record<string, unknown> }>;
    const prefix = 'com.github.openshift.api.image.v1.';
    expect(schemas[prefix + 'ImageStreamSpec']?.properties?.tags).toMatchObject({
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
    });
    expect(schemas[prefix + 'ImageStreamStatus']?.properties?.tags).toMatchObject({
      'x-kubernetes-patch-merge-key': 'tag',
      'x-kubernetes-list-map-keys': ['tag'],
    });
    expect(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']?.properties?.finalizers).toMatchObject({
      'x-kubernetes-list-type': 'set',
      'x-kubernetes-patch-strategy': 'merge',
    });
    expect(schemas[prefix + 'Image']?.properties?.dockerImageMetadata).toMatchObject({
      'x-kubernetes-patch-strategy': 'replace',
    });
  });

  it('publishes the list kinds, and the list operation answers one', () => {
    const prefix = 'com.github.openshift.api.image.v1.';
    const schemas = doc.components.schemas as Record<string, { 'x-kubernetes-group-version-kind'?: unknown }>;
    expect(schemas[prefix + 'ImageStreamList']?.['x-kubernetes-group-version-kind']).toEqual([
      { group: 'image.openshift.io', version: 'v1', kind: 'ImageStreamList' },
    ]);
    const list = doc.paths['/apis/image.openshift.io/v1/namespaces/{namespace}/imagestreams']
      ?.get as unknown as {
      responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }>;
    };
    expect(list.responses['200']?.content['application/json']?.schema.$ref).toBe(
      '#/components/schemas/' + prefix + 'ImageStreamList',
    );
  });

  it('carries the kinds for kubectl explain, and lists every group-version in the index', () => {
    expect(
      doc.components.schemas['com.github.openshift.api.image.v1.ImageStream']?.[
        'x-kubernetes-group-version-kind'
      ],
    ).toEqual([{ group: 'image.openshift.io', version: 'v1', kind: 'ImageStream' }]);
    expect(Object.keys(openApiRoot(registry()).paths).sort()).toEqual([
      'api/v1',
      'apis/apiextensions.k8s.io/v1',
      'apis/authorization.k8s.io/v1',
      'apis/image.openshift.io/v1',
    ]);
  });
});
