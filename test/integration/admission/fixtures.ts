/** AdmissionReviews and image streams for the image-lookup webhook tests. */
import fastJsonPatch, { type Operation } from 'fast-json-patch';
import { expect } from 'vitest';
import { IMAGE_STREAMS } from '../../../src/store/resource-types.js';
import type { Store } from '../../../src/store/store.js';

export const D0 = `sha256:${'0'.repeat(64)}`;
export const D1 = `sha256:${'1'.repeat(64)}`;
export const D2 = `sha256:${'2'.repeat(64)}`;
export const D3 = `sha256:${'3'.repeat(64)}`;
export const D4 = `sha256:${'4'.repeat(64)}`;
export const REGISTRY_HOST = 'registry.local:5000';

interface TagFixture {
  name: string;
  local?: boolean;
  /** newest first: [digest, source repository] */
  items: [string, string][];
}

function stream(namespace: string, name: string, lookupLocal: boolean, tags: TagFixture[]) {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name, namespace },
    spec: {
      lookupPolicy: { local: lookupLocal },
      tags: tags.map((t) => ({
        name: t.name,
        from: { kind: 'DockerImage', name: `${t.items[0]![1]}:${t.name}` },
        referencePolicy: { type: t.local ? 'Local' : 'Source' },
        generation: 1,
        importPolicy: {},
      })),
    },
    status: {
      dockerImageRepository: '',
      tags: tags.map((t) => ({
        tag: t.name,
        items: t.items.map(([digest, repo]) => ({
          created: '2026-01-01T00:00:00Z',
          dockerImageReference: `${repo}@${digest}`,
          image: digest,
          generation: 1,
        })),
      })),
    },
  };
}

/**
 * team/ruby (lookupPolicy.local): 3.3 -> D1 (Source), latest -> D2 (Local), D0 in 3.3's history;
 * team/plain (no lookup): 1 -> D3; other/hidden (lookupPolicy.local): latest -> D4.
 */
export async function createStreams(store: Store): Promise<void> {
  const fixtures = [
    stream('team', 'ruby', true, [
      {
        name: '3.3',
        items: [
          [D1, 'quay.io/lib/ruby'],
          [D0, 'quay.io/lib/ruby'],
        ],
      },
      { name: 'latest', local: true, items: [[D2, 'quay.io/lib/ruby']] },
    ]),
    stream('team', 'plain', false, [{ name: '1', items: [[D3, 'docker.io/library/plain']] }]),
    stream('other', 'hidden', true, [{ name: 'latest', items: [[D4, 'quay.io/other/hidden']] }]),
  ];
  for (const s of fixtures) await store.create(IMAGE_STREAMS, s as never);
}

export interface Containers {
  containers: string[];
  initContainers?: string[];
  ephemeralContainers?: string[];
}

export function podSpec(c: Containers): Record<string, unknown> {
  const list = (images: string[], prefix: string) =>
    images.map((image, i) => ({ name: `${prefix}${i}`, image }));
  return {
    containers: list(c.containers, 'c'),
    ...(c.initContainers ? { initContainers: list(c.initContainers, 'i') } : {}),
    ...(c.ephemeralContainers ? { ephemeralContainers: list(c.ephemeralContainers, 'e') } : {}),
  };
}

export interface Kind {
  group: string;
  version: string;
  kind: string;
  resource: string;
}

export const KINDS: Record<string, Kind> = {
  Pod: { group: '', version: 'v1', kind: 'Pod', resource: 'pods' },
  ReplicationController: {
    group: '',
    version: 'v1',
    kind: 'ReplicationController',
    resource: 'replicationcontrollers',
  },
  Deployment: { group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments' },
  StatefulSet: { group: 'apps', version: 'v1', kind: 'StatefulSet', resource: 'statefulsets' },
  DaemonSet: { group: 'apps', version: 'v1', kind: 'DaemonSet', resource: 'daemonsets' },
  ReplicaSet: { group: 'apps', version: 'v1', kind: 'ReplicaSet', resource: 'replicasets' },
  Job: { group: 'batch', version: 'v1', kind: 'Job', resource: 'jobs' },
  CronJob: { group: 'batch', version: 'v1', kind: 'CronJob', resource: 'cronjobs' },
};

export interface WorkloadOptions {
  annotations?: Record<string, string>;
  templateAnnotations?: Record<string, string>;
  namespace?: string;
}

/** A workload of `kind` whose pod spec is `spec`. */
export function workload(
  kind: Kind,
  spec: Record<string, unknown>,
  o: WorkloadOptions = {},
): Record<string, unknown> {
  const metadata = {
    name: 'w',
    namespace: o.namespace ?? 'team',
    ...(o.annotations ? { annotations: o.annotations } : {}),
  };
  const apiVersion = kind.group ? `${kind.group}/${kind.version}` : kind.version;
  if (kind.kind === 'Pod') return { apiVersion, kind: kind.kind, metadata, spec };
  const template = {
    metadata: {
      labels: { app: 'w' },
      ...(o.templateAnnotations ? { annotations: o.templateAnnotations } : {}),
    },
    spec,
  };
  if (kind.kind === 'CronJob')
    return {
      apiVersion,
      kind: kind.kind,
      metadata,
      spec: { schedule: '@daily', jobTemplate: { spec: { template } } },
    };
  return {
    apiVersion,
    kind: kind.kind,
    metadata,
    spec: { selector: { matchLabels: { app: 'w' } }, template },
  };
}

let uid = 0;

export function admissionReview(
  kind: Kind,
  object: Record<string, unknown>,
  o: { operation?: string; namespace?: string; subResource?: string } = {},
): { apiVersion: string; kind: string; request: Record<string, unknown> } {
  uid++;
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: `00000000-0000-0000-0000-${String(uid).padStart(12, '0')}`,
      kind: { group: kind.group, version: kind.version, kind: kind.kind },
      resource: { group: kind.group, version: kind.version, resource: kind.resource },
      requestKind: { group: kind.group, version: kind.version, kind: kind.kind },
      ...(o.subResource ? { subResource: o.subResource } : {}),
      name: 'w',
      namespace: o.namespace ?? 'team',
      operation: o.operation ?? 'CREATE',
      userInfo: { username: 'alice', groups: ['system:authenticated'] },
      object,
      oldObject: o.operation === 'UPDATE' ? object : null,
      dryRun: false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
    },
  };
}

export interface ReviewAnswer {
  apiVersion: string;
  kind: string;
  response: { uid: string; allowed: boolean; patchType?: string; patch?: string; warnings?: string[] };
}

/** The operations of an answer's patch ([] without one). */
export function operationsOf(answer: ReviewAnswer): Operation[] {
  if (answer.response.patch === undefined) return [];
  expect(answer.response.patchType).toBe('JSONPatch');
  return JSON.parse(Buffer.from(answer.response.patch, 'base64').toString('utf8')) as Operation[];
}

/** `object` with the answer's patch applied by fast-json-patch (validating each operation). */
export function patched(object: Record<string, unknown>, answer: ReviewAnswer): Record<string, unknown> {
  const doc = structuredClone(object);
  return fastJsonPatch.applyPatch(doc, operationsOf(answer), true, false).newDocument;
}

/** `object` with the images at the given JSON pointers replaced. */
export function withImages(
  object: Record<string, unknown>,
  images: Record<string, string>,
): Record<string, unknown> {
  const doc = structuredClone(object);
  const ops: Operation[] = Object.entries(images).map(([path, value]) => ({ op: 'replace', path, value }));
  return fastJsonPatch.applyPatch(doc, ops, true, false).newDocument;
}
