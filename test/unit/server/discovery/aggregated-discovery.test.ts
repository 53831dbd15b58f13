import { describe, expect, it } from 'vitest';
import {
  aggregatedDiscovery,
  wantsAggregated,
} from '../../../../src/server/discovery/aggregated-discovery.js';
import { registerBuiltinResources } from '../../../../src/server/resources/builtin.js';
import { createServerContext } from '../../../../src/server/server-context.js';
import { logger } from '../../../../src/observability/logger.js';
import type { Store } from '../../../../src/store/store.js';

const KUBECTL_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

describe('aggregated discovery', () => {
  it('is answered only to clients that prefer it', () => {
    expect(wantsAggregated(KUBECTL_ACCEPT)).toBe(true);
    expect(wantsAggregated('application/json')).toBe(false);
    expect(wantsAggregated(undefined)).toBe(false);
    expect(wantsAggregated('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList')).toBe(
      false,
    );
  });

  it('describes every resource of the image group with scope, kinds and subresources', () => {
    const ctx = createServerContext({} as Store, {}, logger('test'), new AbortController().signal);
    registerBuiltinResources(ctx);
    const doc = aggregatedDiscovery(ctx.resources, false) as {
      items: {
        metadata: { name?: string };
        versions: { version: string; resources: Record<string, unknown>[] }[];
      }[];
    };
    expect(doc.items.map((i) => i.metadata.name)).toEqual([
      'apiextensions.k8s.io',
      'authorization.k8s.io',
      'image.openshift.io',
    ]);
    const is = doc.items[2]?.versions[0]?.resources.find((r) => r.resource === 'imagestreams');
    expect(is).toMatchObject({
      scope: 'Namespaced',
      singularResource: 'imagestream',
      shortNames: ['is'],
      responseKind: { group: 'image.openshift.io', version: 'v1', kind: 'ImageStream' },
      subresources: [{ subresource: 'status', verbs: ['get', 'patch', 'update'] }],
    });
    const core = aggregatedDiscovery(ctx.resources, true) as {
      items: { metadata: object; versions: { resources: { resource: string }[] }[] }[];
    };
    expect(core.items[0]?.versions[0]?.resources.map((r) => r.resource)).toEqual([
      'events',
      'namespaces',
      'secrets',
    ]);
  });
});
