/**
 * The Kubernetes target as `isctl serve --kubeconfig` wires it: the API server's own image
 * streams drive patches of workloads in a cluster. The cluster is the in-test server that
 * follows the Kubernetes API conventions (no real cluster runs here).
 */
import type { AppsV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../src/server/serve.js';
import { kubernetesExtensionFromSettings } from '../../../../src/triggers/targets/kubernetes/serve-extension.js';
import { deploymentComplete } from '../../../support/kube-apiserver/controller-status.js';
import { deployment, triggersAnnotation } from '../../../support/kube-apiserver/fixtures.js';
import { eventually } from '../../../support/until.js';
import type { FakeKubeApiServer } from '../../../support/kube-apiserver/index.js';
import {
  startServedKubeTarget,
  type ServedKubeTarget,
} from '../../../support/kube-apiserver/served-target.js';

const G = '/apis/image.openshift.io/v1/namespaces/default';
const digest = (c: string) => `sha256:${c.repeat(64)}`;
const FIELD = 'spec.template.spec.containers[?(@.name=="web")].image';

describe('isctl serve --kubeconfig', () => {
  let kube: FakeKubeApiServer;
  let server: RunningServer;
  let served: ServedKubeTarget | undefined;
  let apps: AppsV1Api;

  const post = (p: string, body: object) =>
    fetch(`${server.url}${G}/${p}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const map = (d: string) =>
    post('imagestreammappings', {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamMapping',
      metadata: { name: 'app' },
      image: { metadata: { name: d }, dockerImageReference: `quay.io/team/app@${d}` },
      tag: 'latest',
    });
  const image = async () =>
    (await apps.readNamespacedDeployment({ namespace: 'default', name: 'web' })).spec?.template.spec
      ?.containers[0]?.image;

  beforeAll(async () => {
    served = await startServedKubeTarget();
    ({ kube, server, apps } = served);
  });

  afterAll(() => served?.close());

  it('is off without --kubeconfig or --in-cluster', async () => {
    expect(await kubernetesExtensionFromSettings({})).toBeUndefined();
  });

  it('patches a triggered Deployment when the stream tag moves, and records an event', async () => {
    expect(
      (
        await post('imagestreams', {
          apiVersion: 'image.openshift.io/v1',
          kind: 'ImageStream',
          metadata: { name: 'app' },
          spec: {},
        })
      ).status,
    ).toBe(201);
    expect((await map(digest('a'))).status).toBe(201);
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: deployment('web', triggersAnnotation([{ stream: 'app:latest', fieldPath: FIELD }]), [
        { name: 'web', image: 'quay.io/team/app:old' },
      ]) as never,
    });
    await eventually(
      async () => (await image()) === `quay.io/team/app@${digest('a')}`,
      10_000,
      'the first patch',
    );
    expect((await map(digest('b'))).status).toBe(201);
    await eventually(
      async () => (await image()) === `quay.io/team/app@${digest('b')}`,
      10_000,
      'the second patch',
    );
    kube.setStatus('Deployment', 'default', 'web', deploymentComplete);
    const events = await eventually(
      async () => {
        const list = (await (await fetch(`${server.url}/api/v1/namespaces/default/events`)).json()) as {
          items: { reason: string; involvedObject: { name: string; kind: string } }[];
        };
        return list.items.some((e) => e.reason === 'ImageTriggered') && list;
      },
      10_000,
      'the ImageTriggered event',
    );
    const superseded = events.items.find((e) => e.reason === 'ImageTriggerFailed');
    // digest a was still rolling out when b came: its Rollout ended as superseded
    expect(superseded?.involvedObject).toMatchObject({ kind: 'Deployment', name: 'web' });
    expect(
      events.items.some((e) => e.reason === 'RolloutSucceeded' && e.involvedObject.kind === 'Rollout'),
    ).toBe(true);
    const rollouts = (await (
      await fetch(`${server.url}/apis/imagestreams.io/v1/namespaces/default/rollouts`)
    ).json()) as { items: { spec: { toDigest: string }; status: { phase: string } }[] };
    expect(
      rollouts.items.map((r) => [r.spec.toDigest, r.status.phase]).sort(([a], [b]) => a!.localeCompare(b!)),
    ).toEqual([
      [digest('a'), 'Failed'],
      [digest('b'), 'Succeeded'],
    ]);
    expect(events.items.some((e) => e.reason === 'ImageTriggered' && e.involvedObject.name === 'web')).toBe(
      true,
    );
    const ready = (await (await fetch(`${server.url}/readyz?verbose`)).text()) as string;
    expect(ready).toContain('kubernetes-target');
  });
});
