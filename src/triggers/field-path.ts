/**
 * The `fieldPath` of a trigger: which container's image it sets. OpenShift accepts
 * `<pod spec prefix>containers[INDEX].image` or `...containers[?(@.name=="x")].image`
 * (and the same with `initContainers`); the prefix depends on the kind of the object.
 */

export const ContainerList = { containers: 'containers', initContainers: 'initContainers' } as const;
export type ContainerList = (typeof ContainerList)[keyof typeof ContainerList];

export type ContainerSelector = { index: number } | { name: string };

export interface ContainerFieldPath {
  /** The pod spec prefix as written, e.g. `spec.template.spec.` (empty for Docker labels). */
  prefix: string;
  list: ContainerList;
  selector: ContainerSelector;
}

/** The pod spec prefix each supported object kind uses; `Docker` is a container label. */
const POD_SPEC_PREFIX: Readonly<Record<string, string>> = {
  Deployment: 'spec.template.spec.',
  StatefulSet: 'spec.template.spec.',
  DaemonSet: 'spec.template.spec.',
  ReplicaSet: 'spec.template.spec.',
  ReplicationController: 'spec.template.spec.',
  Job: 'spec.template.spec.',
  CronJob: 'spec.jobTemplate.spec.template.spec.',
  Pod: 'spec.',
  Docker: '',
};

const FIELD_PATH =
  /^(?<prefix>(?:[A-Za-z]+\.)*)(?<list>containers|initContainers)\[(?:(?<index>\d+)|\?\(@\.name==(?<q>["']?)(?<name>[^"'\]]+)\k<q>\))\]\.image$/;

/** Parses a fieldPath; `undefined` when it does not have the container image shape. */
export function parseFieldPath(fieldPath: string): ContainerFieldPath | undefined {
  const m = FIELD_PATH.exec(fieldPath.trim());
  const g = m?.groups;
  if (!g) return undefined;
  const list = g.list === 'initContainers' ? ContainerList.initContainers : ContainerList.containers;
  const selector: ContainerSelector =
    g.index !== undefined ? { index: Number(g.index) } : { name: g.name ?? '' };
  return { prefix: g.prefix ?? '', list, selector };
}

/**
 * Why a parsed fieldPath does not fit an object of `kind`, or `undefined` when it does.
 * Unknown kinds accept any prefix (the caller knows better than this table).
 */
export function fieldPathMismatch(path: ContainerFieldPath, kind: string | undefined): string | undefined {
  if (kind === undefined) return undefined;
  const expected = POD_SPEC_PREFIX[kind];
  if (expected === undefined || path.prefix === expected) return undefined;
  return `a ${kind} container is addressed as "${expected}${path.list}[...].image", not "${path.prefix}${path.list}[...].image"`;
}

/** The canonical fieldPath for a container by name (what `set triggers` writes). */
export function fieldPathForContainer(
  kind: string | undefined,
  name: string,
  list: ContainerList = 'containers',
): string {
  const prefix = (kind && POD_SPEC_PREFIX[kind]) ?? 'spec.template.spec.';
  return `${prefix}${list}[?(@.name=="${name}")].image`;
}

/** True when two fieldPaths address the same container slot (quote style and spaces aside). */
export function sameContainer(a: ContainerFieldPath, b: ContainerFieldPath): boolean {
  if (a.prefix !== b.prefix || a.list !== b.list) return false;
  if ('index' in a.selector && 'index' in b.selector) return a.selector.index === b.selector.index;
  if ('name' in a.selector && 'name' in b.selector) return a.selector.name === b.selector.name;
  return false;
}
