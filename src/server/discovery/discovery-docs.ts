/** The discovery documents (/api, /apis, group and resource lists), built from the resource registry. Pure. */
import { apiVersionOf, type ResourceDef, type ResourceRegistry } from '../resources/resource-def.js';

export interface APIResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
}

function resourceEntries(def: ResourceDef): APIResource[] {
  const main: APIResource = {
    name: def.resource,
    singularName: def.singularName,
    namespaced: def.namespaced,
    kind: def.kind,
    verbs: def.verbs,
  };
  if (def.shortNames?.length) main.shortNames = def.shortNames;
  if (def.categories?.length) main.categories = def.categories;
  const subs = (def.subresources ?? []).map((s) => ({
    name: `${def.resource}/${s.name}`,
    singularName: '',
    namespaced: def.namespaced,
    kind: def.kind,
    verbs: s.verbs,
  }));
  return [main, ...subs];
}

export function apiResourceList(registry: ResourceRegistry, group: string, version: string): unknown {
  const defs = registry.inGroupVersion(group, version).sort((a, b) => a.resource.localeCompare(b.resource));
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf({ group, version }),
    resources: defs.flatMap(resourceEntries),
  };
}

export function apiVersions(serverAddress: string): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupVersions(registry: ResourceRegistry, group: string): string[] {
  return registry
    .groupVersions()
    .filter((gv) => gv.group === group)
    .map((gv) => gv.version);
}

export function apiGroup(registry: ResourceRegistry, group: string): unknown | undefined {
  const versions = groupVersions(registry, group);
  if (versions.length === 0) return undefined;
  const entries = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: entries, preferredVersion: entries[0] };
}

export function apiGroupList(registry: ResourceRegistry): unknown {
  const groups = [...new Set(registry.groupVersions().map((gv) => gv.group))].filter((g) => g !== '').sort();
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups.map((g) => {
      const { kind: _k, apiVersion: _a, ...rest } = apiGroup(registry, g) as Record<string, unknown>;
      return rest;
    }),
  };
}
