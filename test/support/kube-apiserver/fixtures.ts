/** Small inline fixtures for trigger tests: workloads with the annotation, and image streams. */
import type { ImageStream } from '../../../src/api/types.js';
import { TRIGGERS_ANNOTATION } from '../../../src/triggers/index.js';

export const DIGEST = {
  a: `sha256:${'a'.repeat(64)}`,
  b: `sha256:${'b'.repeat(64)}`,
  c: `sha256:${'c'.repeat(64)}`,
} as const;

export const REPO = 'registry.example:5000/team/app';

export interface TriggerSpec {
  stream: string;
  fieldPath: string;
  namespace?: string;
  paused?: boolean;
}

export function triggersAnnotation(triggers: readonly TriggerSpec[]): Record<string, string> {
  return {
    [TRIGGERS_ANNOTATION]: JSON.stringify(
      triggers.map((t) => ({
        from: { kind: 'ImageStreamTag', name: t.stream, ...(t.namespace ? { namespace: t.namespace } : {}) },
        fieldPath: t.fieldPath,
        ...(t.paused !== undefined ? { paused: t.paused } : {}),
      })),
    ),
  };
}

export interface ContainerSpec {
  name: string;
  image: string;
}

function podTemplate(containers: ContainerSpec[], initContainers: ContainerSpec[] = []) {
  return {
    metadata: { labels: { app: 'web' } },
    spec: { containers, ...(initContainers.length ? { initContainers } : {}) },
  };
}

export function deployment(
  name: string,
  annotations: Record<string, string>,
  containers: ContainerSpec[],
  initContainers: ContainerSpec[] = [],
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, annotations },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: podTemplate(containers, initContainers),
    },
  };
}

export function statefulSet(name: string, annotations: Record<string, string>, containers: ContainerSpec[]) {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, annotations },
    spec: { serviceName: name, selector: { matchLabels: { app: 'web' } }, template: podTemplate(containers) },
  };
}

export function daemonSet(name: string, annotations: Record<string, string>, containers: ContainerSpec[]) {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, annotations },
    spec: { selector: { matchLabels: { app: 'web' } }, template: podTemplate(containers) },
  };
}

export function cronJob(name: string, annotations: Record<string, string>, containers: ContainerSpec[]) {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, annotations },
    spec: {
      schedule: '*/5 * * * *',
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers } } } },
    },
  };
}

export function pod(name: string, annotations: Record<string, string>, containers: ContainerSpec[]) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, annotations }, spec: { containers } };
}

/** An image stream whose `tag` history starts with `digests[0]` (item 0: the newest). */
export function imageStream(
  namespace: string,
  name: string,
  tag: string,
  digests: readonly string[],
  referencePolicy: 'Source' | 'Local' = 'Source',
): ImageStream {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { namespace, name },
    spec: {
      lookupPolicy: { local: false },
      tags: [{ name: tag, referencePolicy: { type: referencePolicy } }],
    },
    status: {
      dockerImageRepository: `imagestreams.local/${namespace}/${name}`,
      tags: [
        {
          tag,
          items: digests.map((d, i) => ({
            created: new Date(Date.UTC(2026, 0, 1, 0, digests.length - i)).toISOString(),
            dockerImageReference: `${REPO}@${d}`,
            image: d,
            generation: digests.length - i,
          })),
        },
      ],
    },
  };
}
