/**
 * Aggregated discovery (apidiscovery.k8s.io/v2, what kubectl 1.30+ asks /api and /apis for
 * first): every group, version and resource in one document, saving kubectl a request per group.
 * Pure.
 */
import type { ResourceDef, ResourceRegistry } from '../resources/resource-def.js';
import { parseAccept } from '../http/negotiation.js';

export const AGGREGATED_DISCOVERY_TYPE =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Whether the client accepts aggregated discovery v2 before the classic documents. */
export function wantsAggregated(accept: string | undefined): boolean {
  for (const range of parseAccept(accept)) {
    const p = range.params;
    if (
      range.type === 'application/json' &&
      p.as === 'APIGroupDiscoveryList' &&
      p.g === 'apidiscovery.k8s.io' &&
      p.v === 'v2'
    )
      return true;
    if (range.type === 'application/json' && p.as === undefined) return false;
  }
  return false;
}

function resourceEntry(def: ResourceDef): Record<string, unknown> {
  const responseKind = { group: def.group, version: def.version, kind: def.kind };
  return {
    resource: def.resource,
    responseKind,
    scope: def.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: def.singularName,
    verbs: def.verbs,
    ...(def.shortNames?.length ? { shortNames: def.shortNames } : {}),
    ...(def.categories?.length ? { categories: def.categories } : {}),
    ...(def.subresources?.length
      ? { subresources: def.subresources.map((s) => ({ subresource: s.name, responseKind, verbs: s.verbs })) }
      : {}),
  };
}

function groupEntry(registry: ResourceRegistry, group: string): Record<string, unknown> {
  const versions = registry
    .groupVersions()
    .filter((gv) => gv.group === group)
    .map(({ version }) => ({
      version,
      resources: registry
        .inGroupVersion(group, version)
        .sort((a, b) => a.resource.localeCompare(b.resource))
        .map(resourceEntry),
      freshness: 'Current',
    }));
  return { metadata: group ? { name: group } : {}, versions };
}

/** `core` true: the document of /api (the legacy group); false: /apis (all named groups). */
export function aggregatedDiscovery(registry: ResourceRegistry, core: boolean): Record<string, unknown> {
  const groups = [...new Set(registry.groupVersions().map((gv) => gv.group))]
    .filter((g) => (core ? g === '' : g !== ''))
    .sort();
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map((g) => groupEntry(registry, g)),
  };
}
