/** The resource types the fake API server serves, with what discovery reports about them. */

export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  /** Pods: only container and initContainer images may change after creation. */
  imageOnlyUpdates: boolean;
}

const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

export const RESOURCES: readonly ResourceType[] = [
  res('apps', 'v1', 'Deployment', 'deployments', ['deploy']),
  res('apps', 'v1', 'StatefulSet', 'statefulsets', ['sts']),
  res('apps', 'v1', 'DaemonSet', 'daemonsets', ['ds']),
  res('batch', 'v1', 'CronJob', 'cronjobs', ['cj']),
  { ...res('', 'v1', 'Pod', 'pods', ['po']), imageOnlyUpdates: true },
];

function res(
  group: string,
  version: string,
  kind: string,
  plural: string,
  shortNames: string[],
): ResourceType {
  return {
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced: true,
    shortNames,
    imageOnlyUpdates: false,
  };
}

export function apiVersionOf(r: Pick<ResourceType, 'group' | 'version'>): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** `deployments.apps` as Kubernetes prints it in messages. */
export function qualifiedName(r: ResourceType): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

export function findResource(group: string, version: string, plural: string): ResourceType | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural);
}

export function groupVersions(): Array<{ group: string; version: string }> {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of RESOURCES) seen.set(apiVersionOf(r), { group: r.group, version: r.version });
  return [...seen.values()];
}

/** discovery `APIResource` entries for one group version. */
export function apiResourceList(group: string, version: string): Record<string, unknown> | undefined {
  const list = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (list.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf({ group, version }),
    resources: list.map((r) => ({
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: VERBS,
      shortNames: r.shortNames,
    })),
  };
}
