/** URL layout of the Kubernetes API: discovery documents and resource paths. */
import { apiResourceList, findResource, groupVersions, type ResourceType } from './resources.js';

export type Route =
  | { type: 'discovery'; body: Record<string, unknown> }
  | { type: 'collection'; resource: ResourceType; namespace: string | undefined }
  | { type: 'item'; resource: ResourceType; namespace: string; name: string }
  | { type: 'notFound' };

export function route(pathname: string, serverAddress: string): Route {
  const parts = pathname.split('/').filter((p) => p !== '');
  const discovery = discoveryDocument(parts, serverAddress);
  if (discovery) return { type: 'discovery', body: discovery };
  if (parts[0] === 'api' && parts[1] === 'v1') return resourceRoute('', 'v1', parts.slice(2));
  if (parts[0] === 'apis' && parts.length >= 4) {
    return resourceRoute(parts[1] ?? '', parts[2] ?? '', parts.slice(3));
  }
  return { type: 'notFound' };
}

function resourceRoute(group: string, version: string, rest: string[]): Route {
  const [a, b, c, d, ...extra] = rest;
  if (extra.length > 0 || a === undefined) return { type: 'notFound' };
  if (a === 'namespaces' && b !== undefined && c !== undefined) {
    const resource = findResource(group, version, c);
    if (!resource) return { type: 'notFound' };
    return d === undefined
      ? { type: 'collection', resource, namespace: b }
      : { type: 'item', resource, namespace: b, name: d };
  }
  const resource = findResource(group, version, a);
  // Only cluster-wide collections exist outside /namespaces/ for namespaced kinds.
  if (!resource || b !== undefined) return { type: 'notFound' };
  return { type: 'collection', resource, namespace: undefined };
}

function discoveryDocument(parts: string[], serverAddress: string): Record<string, unknown> | undefined {
  const [a, b, c] = parts;
  if (a === 'version' && parts.length === 1) return VERSION;
  if (a === 'api' && parts.length === 1) {
    return {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
    };
  }
  if (a === 'api' && b === 'v1' && parts.length === 2) return apiResourceList('', 'v1');
  if (a !== 'apis') return undefined;
  if (parts.length === 1) return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups().map(apiGroup) };
  if (parts.length === 2) {
    const g = groups().find((x) => x.name === b);
    return g ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g) } : undefined;
  }
  if (parts.length === 3 && b !== undefined && c !== undefined) return apiResourceList(b, c);
  return undefined;
}

const VERSION = {
  major: '1',
  minor: '31',
  gitVersion: 'v1.31.0-imagestreams-fake',
  platform: 'linux/amd64',
};

function groups(): Array<{ name: string; versions: string[] }> {
  const map = new Map<string, string[]>();
  for (const gv of groupVersions()) {
    if (gv.group === '') continue;
    map.set(gv.group, [...(map.get(gv.group) ?? []), gv.version]);
  }
  return [...map.entries()].map(([name, versions]) => ({ name, versions }));
}

function apiGroup(g: { name: string; versions: string[] }): Record<string, unknown> {
  const versions = g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v }));
  return { name: g.name, versions, preferredVersion: versions[0] };
}
