import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { V1CronJob, V1DaemonSet, V1Deployment, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import {
  DIGEST,
  REPO,
  cronJob,
  daemonSet,
  deployment,
  imageStream,
  pod,
  statefulSet,
  triggersAnnotation,
} from '../../../support/kube-apiserver/fixtures.js';
import { eventually } from '../../../support/until.js';
import { seen, settle, startHarness, type Harness } from './harness.js';

const NS = 'default';
const v1 = `${REPO}:v1`;
const at = (d: string) => `${REPO}@${d}`;

describe('Kubernetes target: every kind and fieldPath form', () => {
  let h: Harness;
  beforeEach(async () => {
    // Streams with no history yet: objects are tracked but nothing fires until the tag moves.
    h = await startHarness({}, [imageStream(NS, 'app', 'latest', []), imageStream(NS, 'init', 'latest', [])]);
  });
  afterEach(async () => {
    await h.close();
  });

  it('patches a StatefulSet container selected by name', async () => {
    const ann = triggersAnnotation([
      { stream: 'app:latest', fieldPath: 'spec.template.spec.containers[?(@.name=="db")].image' },
    ]);
    await h.apps.createNamespacedStatefulSet({
      namespace: NS,
      body: statefulSet('db', ann, [
        { name: 'sidecar', image: 'busybox' },
        { name: 'db', image: v1 },
      ]) as V1StatefulSet,
    });
    await seen(h, 'StatefulSet', NS, 'db');
    await h.setStream(imageStream(NS, 'app', 'latest', [DIGEST.b]));
    const s = await h.apps.readNamespacedStatefulSet({ namespace: NS, name: 'db' });
    expect(s.spec?.template.spec?.containers.map((c) => c.image)).toEqual(['busybox', at(DIGEST.b)]);
    expect(s.metadata?.generation).toBe(2);
  });

  it('patches a DaemonSet container selected by index', async () => {
    const ann = triggersAnnotation([
      { stream: 'app:latest', fieldPath: 'spec.template.spec.containers[1].image' },
    ]);
    await h.apps.createNamespacedDaemonSet({
      namespace: NS,
      body: daemonSet('agent', ann, [
        { name: 'a', image: 'busybox' },
        { name: 'b', image: v1 },
      ]) as V1DaemonSet,
    });
    await seen(h, 'DaemonSet', NS, 'agent');
    await h.setStream(imageStream(NS, 'app', 'latest', [DIGEST.b]));
    const d = await h.apps.readNamespacedDaemonSet({ namespace: NS, name: 'agent' });
    expect(d.spec?.template.spec?.containers.map((c) => c.image)).toEqual(['busybox', at(DIGEST.b)]);
  });

  it('patches a CronJob through its job template path', async () => {
    const ann = triggersAnnotation([
      {
        stream: 'app:latest',
        fieldPath: 'spec.jobTemplate.spec.template.spec.containers[?(@.name=="job")].image',
      },
    ]);
    await h.batch.createNamespacedCronJob({
      namespace: NS,
      body: cronJob('nightly', ann, [{ name: 'job', image: v1 }]) as V1CronJob,
    });
    await seen(h, 'CronJob', NS, 'nightly');
    await h.setStream(imageStream(NS, 'app', 'latest', [DIGEST.b]));
    const c = await h.batch.readNamespacedCronJob({ namespace: NS, name: 'nightly' });
    expect(c.spec?.jobTemplate.spec?.template.spec?.containers[0]?.image).toBe(at(DIGEST.b));
  });

  it('patches only the image of a standalone Pod', async () => {
    const ann = triggersAnnotation([
      { stream: 'app:latest', fieldPath: 'spec.containers[?(@.name=="web")].image' },
    ]);
    await h.core.createNamespacedPod({
      namespace: NS,
      body: pod('solo', ann, [{ name: 'web', image: v1 }]) as V1Pod,
    });
    await seen(h, 'Pod', NS, 'solo');
    await h.setStream(imageStream(NS, 'app', 'latest', [DIGEST.b]));
    const p = await h.core.readNamespacedPod({ namespace: NS, name: 'solo' });
    expect(p.spec?.containers[0]?.image).toBe(at(DIGEST.b));
  });

  it('leaves a Pod owned by a controller to its controller', async () => {
    const ann = triggersAnnotation([{ stream: 'app:latest', fieldPath: 'spec.containers[0].image' }]);
    const owned = pod('web-abc12', ann, [{ name: 'web', image: v1 }]);
    Object.assign(owned.metadata, {
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'u1', controller: true },
      ],
    });
    await h.core.createNamespacedPod({ namespace: NS, body: owned as V1Pod });
    await settle(h);
    await h.setStream(imageStream(NS, 'app', 'latest', [DIGEST.b]));
    expect(
      (await h.core.readNamespacedPod({ namespace: NS, name: 'web-abc12' })).spec?.containers[0]?.image,
    ).toBe(v1);
  });

  it('patches an initContainer and a container of one Deployment from two streams', async () => {
    const ann = triggersAnnotation([
      { stream: 'app:latest', fieldPath: 'spec.template.spec.containers[?(@.name=="web")].image' },
      { stream: 'init:latest', fieldPath: 'spec.template.spec.initContainers[0].image' },
    ]);
    await h.apps.createNamespacedDeployment({
      namespace: NS,
      body: deployment(
        'web',
        ann,
        [{ name: 'web', image: v1 }],
        [{ name: 'migrate', image: v1 }],
      ) as V1Deployment,
    });
    await seen(h, 'Deployment', NS, 'web');
    await h.setStream(imageStream(NS, 'init', 'latest', [DIGEST.c]));
    let d = await h.apps.readNamespacedDeployment({ namespace: NS, name: 'web' });
    expect(d.spec?.template.spec?.initContainers?.[0]?.image).toBe(at(DIGEST.c));
    expect(d.spec?.template.spec?.containers[0]?.image).toBe(v1);
    await h.setStream(imageStream(NS, 'app', 'latest', [DIGEST.b]));
    d = await h.apps.readNamespacedDeployment({ namespace: NS, name: 'web' });
    expect(d.spec?.template.spec?.containers[0]?.image).toBe(at(DIGEST.b));
    expect(d.spec?.template.spec?.initContainers?.[0]?.image).toBe(at(DIGEST.c));
    expect(h.target.describe({ kind: 'Deployment', namespace: NS, name: 'web' })?.lastTriggered).toEqual({
      'spec.template.spec.containers[?(@.name=="web")].image': at(DIGEST.b),
      'spec.template.spec.initContainers[0].image': at(DIGEST.c),
    });
  });

  it('follows a stream in another namespace and resolves a Local reference policy', async () => {
    const ann = triggersAnnotation([
      { stream: 'base:stable', namespace: 'shared', fieldPath: 'spec.template.spec.containers[0].image' },
    ]);
    await h.apps.createNamespacedDeployment({
      namespace: NS,
      body: deployment('web', ann, [{ name: 'web', image: v1 }]) as V1Deployment,
    });
    await seen(h, 'Deployment', NS, 'web');
    await h.setStream(imageStream('shared', 'base', 'stable', [DIGEST.a], 'Local'));
    const d = await eventually(async () => {
      const x = await h.apps.readNamespacedDeployment({ namespace: NS, name: 'web' });
      return x.spec?.template.spec?.containers[0]?.image !== v1 && x;
    });
    expect(d.spec?.template.spec?.containers[0]?.image).toBe(`imagestreams.local/shared/base@${DIGEST.a}`);
  });
});
