/**
 * The kinds whose images the lookup rewrites (OpenShift's ImagePolicy covered resources, less
 * DeploymentConfigs and Builds, which Kubernetes has not) and where each keeps its pod spec.
 */

export interface WorkloadShape {
  /** path from the object to its pod spec */
  podSpec: readonly string[];
  /** path to the pod template's metadata (whose annotations may ask for resolve-names) */
  templateMeta?: readonly string[];
  /** OpenShift leaves Jobs alone on update: their pod template is immutable */
  rewriteOnUpdate: boolean;
}

const TEMPLATE: WorkloadShape = {
  podSpec: ['spec', 'template', 'spec'],
  templateMeta: ['spec', 'template', 'metadata'],
  rewriteOnUpdate: true,
};

const SHAPES: Readonly<Record<string, WorkloadShape>> = {
  '/Pod': { podSpec: ['spec'], rewriteOnUpdate: true },
  '/ReplicationController': TEMPLATE,
  'apps/Deployment': TEMPLATE,
  'apps/StatefulSet': TEMPLATE,
  'apps/DaemonSet': TEMPLATE,
  'apps/ReplicaSet': TEMPLATE,
  'batch/Job': { ...TEMPLATE, rewriteOnUpdate: false },
  'batch/CronJob': {
    podSpec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    templateMeta: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
    rewriteOnUpdate: true,
  },
};

/** Every `group/Kind` the lookup rewrites (the shipped webhook configurations' rules cover these). */
export const WORKLOAD_KINDS: readonly string[] = Object.keys(SHAPES);

/** The shape of `group/kind`, or undefined for a kind the lookup does not cover. */
export function workloadShape(group: string, kind: string): WorkloadShape | undefined {
  return Object.hasOwn(SHAPES, `${group}/${kind}`) ? SHAPES[`${group}/${kind}`] : undefined;
}

/** The value at `path` inside `obj`, or undefined. */
export function valueAt(obj: unknown, path: readonly string[]): unknown {
  let cur = obj;
  for (const seg of path) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = Object.hasOwn(cur, seg) ? (cur as Record<string, unknown>)[seg] : undefined;
  }
  return cur;
}

/** `['spec','template']` -> `/spec/template` (segments here never need RFC 6901 escaping). */
export function pointer(path: readonly (string | number)[]): string {
  return `/${path.join('/')}`;
}
