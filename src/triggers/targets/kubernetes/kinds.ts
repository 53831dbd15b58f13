/** The workload kinds the Kubernetes target follows, and where each keeps its pod spec. */

export const WorkloadKind = {
  Deployment: 'Deployment',
  StatefulSet: 'StatefulSet',
  DaemonSet: 'DaemonSet',
  CronJob: 'CronJob',
  Pod: 'Pod',
} as const;
export type WorkloadKind = (typeof WorkloadKind)[keyof typeof WorkloadKind];

export interface KindInfo {
  kind: WorkloadKind;
  apiVersion: string;
  /** Lower-case plural, as in URLs and `kubectl get`. */
  plural: string;
  /** JSON pointer segments from the object to its pod spec. */
  podSpec: readonly string[];
}

const TEMPLATE = ['spec', 'template', 'spec'] as const;

export const KINDS: Readonly<Record<WorkloadKind, KindInfo>> = {
  Deployment: { kind: 'Deployment', apiVersion: 'apps/v1', plural: 'deployments', podSpec: TEMPLATE },
  StatefulSet: { kind: 'StatefulSet', apiVersion: 'apps/v1', plural: 'statefulsets', podSpec: TEMPLATE },
  DaemonSet: { kind: 'DaemonSet', apiVersion: 'apps/v1', plural: 'daemonsets', podSpec: TEMPLATE },
  CronJob: {
    kind: 'CronJob',
    apiVersion: 'batch/v1',
    plural: 'cronjobs',
    podSpec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  },
  Pod: { kind: 'Pod', apiVersion: 'v1', plural: 'pods', podSpec: ['spec'] },
};

export const ALL_KINDS: readonly WorkloadKind[] = Object.values(WorkloadKind);

/** One object, as events and records name it. */
export interface WorkloadRef {
  kind: WorkloadKind;
  apiVersion: string;
  namespace: string;
  name: string;
  uid?: string;
}

/** `Deployment/ns/name`: the work-queue key. */
export function refKey(ref: Pick<WorkloadRef, 'kind' | 'namespace' | 'name'>): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

export function parseRefKey(key: string): Pick<WorkloadRef, 'kind' | 'namespace' | 'name'> | undefined {
  const [kind, namespace, name, ...rest] = key.split('/');
  if (!kind || !namespace || !name || rest.length > 0 || !(kind in KINDS)) return undefined;
  return { kind: kind as WorkloadKind, namespace, name };
}
