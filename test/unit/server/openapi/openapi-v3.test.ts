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

  it('accepts no strategic merge patch, so kubectl apply sends a JSON merge patch', () => {
    const patch = doc.paths['/apis/image.openshift.io/v1/namespaces/{namespace}/imagestreams/{name}']?.patch;
    expect(Object.keys(patch?.requestBody?.content ?? {})).not.toContain(
      'application/strategic-merge-patch+json',
    );
    expect(JSON.stringify(doc)).not.toContain('x-kubernetes-patch-merge-key');
  });

  it('carries the kinds for kubectl explain, and lists every group-version in the index', () => {
    expect(
      doc.components.schemas['com.github.openshift.api.image.v1.ImageStream']?.[
        'x-kubernetes-group-version-kind'
      ],
    ).toEqual([{ group: 'image.openshift.io', version: 'v1', kind: 'ImageStream' }]);
    expect(Object.keys(openApiRoot(registry()).paths).sort()).toEqual([
      'api/v1',
      'apis/image.openshift.io/v1',
    ]);
  });
});
