import { describe, expect, it } from 'vitest';
import { aggregatedDiscovery } from '../../../../src/server/discovery/aggregated-discovery.js';
import { imageStreamImportResource } from '../../../../src/importer/imagestreamimport-route.js';
import type { ImportService } from '../../../../src/importer/import-service.js';
import { registerBuiltinResources } from '../../../../src/server/resources/builtin.js';
import { createServerContext } from '../../../../src/server/server-context.js';
import { logger } from '../../../../src/observability/logger.js';
import type { Store } from '../../../../src/store/store.js';
import { rolloutResources } from '../../../../src/triggers/controller/rollout-resources.js';
import { webhookTriggerResource } from '../../../../src/triggers/webhook/resources.js';

interface Entry {
  resource: string;
  singularResource?: string;
  shortNames?: string[];
  categories?: string[];
}
interface Doc {
  items: { metadata: { name?: string }; versions: { resources: Entry[] }[] }[];
}

/** Every resource entry of the aggregated discovery documents (/api and /apis), as kubectl reads them. */
function servedEntries(
  extra: (ctx: ReturnType<typeof createServerContext>) => void,
): (Entry & { group: string })[] {
  const store = {} as Store;
  const ctx = createServerContext(store, {}, logger('test'), new AbortController().signal);
  registerBuiltinResources(ctx);
  ctx.resources.add(imageStreamImportResource({} as ImportService));
  for (const def of rolloutResources(store)) ctx.resources.add(def);
  ctx.resources.add(webhookTriggerResource(store));
  extra(ctx);
  const docs = [
    aggregatedDiscovery(ctx.resources, true),
    aggregatedDiscovery(ctx.resources, false),
  ] as unknown as Doc[];
  return docs.flatMap((d) =>
    d.items.flatMap((g) =>
      g.versions.flatMap((v) => v.resources.map((r) => ({ ...r, group: g.metadata.name ?? '' }))),
    ),
  );
}

/** `kubectl get X` expands a category X before looking X up as a resource: a clash hides the resource. */
function clashes(entries: (Entry & { group: string })[]): string[] {
  const categories = new Set(entries.flatMap((e) => e.categories ?? []));
  return entries.flatMap((e) =>
    [e.resource, e.singularResource ?? '', ...(e.shortNames ?? [])]
      .filter((n) => n !== '' && categories.has(n))
      .map((n) => `category ${n} shadows ${e.group}/${e.resource}`),
  );
}

describe('discovery names', () => {
  it('has no category equal to a served resource, singular or short name', () => {
    const entries = servedEntries(() => undefined);
    expect(entries.map((e) => e.resource)).toEqual(
      expect.arrayContaining(['imagestreams', 'rollouts', 'triggerstates', 'webhooktriggers']),
    );
    expect(clashes(entries)).toEqual([]);
  });

  it('groups the trigger kinds under the category imagetriggers', () => {
    const entries = servedEntries(() => undefined);
    const inCategory = entries.filter((e) => e.categories?.includes('imagetriggers')).map((e) => e.resource);
    expect(inCategory.sort()).toEqual(['rollouts', 'triggerstates', 'webhooktriggers']);
  });

  it('finds a category that shadows a name (the check can fail)', () => {
    const entries = servedEntries((ctx) => {
      const def = ctx.resources.find('imagestreams.io', 'v1', 'rollouts')!;
      ctx.resources.add({ ...def, categories: ['is'] });
    });
    expect(clashes(entries)).toEqual(['category is shadows image.openshift.io/imagestreams']);
  });
});
