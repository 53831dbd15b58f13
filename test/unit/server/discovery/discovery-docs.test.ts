import { describe, expect, it } from 'vitest';
import { apiGroupList, apiResourceList } from '../../../../src/server/discovery/discovery-docs.js';
import { registerBuiltinResources } from '../../../../src/server/resources/builtin.js';
import { createServerContext } from '../../../../src/server/server-context.js';
import { logger } from '../../../../src/observability/logger.js';
import type { Store } from '../../../../src/store/store.js';

describe('discovery documents', () => {
  const ctx = createServerContext({} as Store, {}, logger('test'), new AbortController().signal);
  registerBuiltinResources(ctx);

  it('lists image.openshift.io/v1 as the preferred version (and the empty CRD group kubectl reads)', () => {
    expect(apiGroupList(ctx.resources)).toEqual({
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [
        {
          name: 'apiextensions.k8s.io',
          versions: [{ groupVersion: 'apiextensions.k8s.io/v1', version: 'v1' }],
          preferredVersion: { groupVersion: 'apiextensions.k8s.io/v1', version: 'v1' },
        },
        {
          name: 'authorization.k8s.io',
          versions: [{ groupVersion: 'authorization.k8s.io/v1', version: 'v1' }],
          preferredVersion: { groupVersion: 'authorization.k8s.io/v1', version: 'v1' },
        },
        {
          name: 'image.openshift.io',
          versions: [{ groupVersion: 'image.openshift.io/v1', version: 'v1' }],
          preferredVersion: { groupVersion: 'image.openshift.io/v1', version: 'v1' },
        },
      ],
    });
  });

  it('lists resources with their subresources, and resources added later', () => {
    const names = () =>
      (
        apiResourceList(ctx.resources, 'image.openshift.io', 'v1') as { resources: { name: string }[] }
      ).resources.map((r) => r.name);
    expect(names()).toEqual([
      'images',
      'imagestreamimages',
      'imagestreammappings',
      'imagestreams',
      'imagestreams/status',
      'imagestreamtags',
      'imagetags',
    ]);
    ctx.resources.add({
      group: 'image.openshift.io',
      version: 'v1',
      resource: 'imagestreamimports',
      singularName: 'imagestreamimport',
      kind: 'ImageStreamImport',
      namespaced: true,
      verbs: ['create'],
      handler: {},
    });
    expect(names()).toContain('imagestreamimports');
  });
});
