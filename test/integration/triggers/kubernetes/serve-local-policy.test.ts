/**
 * The Kubernetes target as `isctl serve --kubeconfig` wires it, with the Local reference policy:
 * the stored stream has no status.dockerImageRepository (it is computed on read), so the target
 * must compute it as the API does, or it would patch in the source reference. The cluster is the
 * in-test server that follows the Kubernetes API conventions (no real cluster runs here).
 */
import type { AppsV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../src/server/serve.js';
import { deployment, triggersAnnotation } from '../../../support/kube-apiserver/fixtures.js';
import { eventually } from '../../../support/until.js';
import {
  startServedKubeTarget,
  type ServedKubeTarget,
} from '../../../support/kube-apiserver/served-target.js';

const G = '/apis/image.openshift.io/v1/namespaces/default';
const D = `sha256:${'d'.repeat(64)}`;
const FIELD = 'spec.template.spec.containers[?(@.name=="web")].image';
const HOST = 'registry.local:5000';

describe('isctl serve --kubeconfig with a Local reference policy tag', () => {
  let server: RunningServer;
  let served: ServedKubeTarget | undefined;
  let apps: AppsV1Api;

  const post = (p: string, body: object) =>
    fetch(`${server.url}${G}/${p}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    served = await startServedKubeTarget({ dockerImageRepositoryHost: HOST });
    ({ server, apps } = served);
  });

  afterAll(() => served?.close());

  it('patches in the stream repository by digest, as the API resolves the tag', async () => {
    const created = await post('imagestreams', {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 'app' },
      spec: { tags: [{ name: 'latest', referencePolicy: { type: 'Local' } }] },
    });
    expect(created.status).toBe(201);
    const mapped = await post('imagestreammappings', {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamMapping',
      metadata: { name: 'app' },
      image: { metadata: { name: D }, dockerImageReference: `quay.io/team/app@${D}` },
      tag: 'latest',
    });
    expect(mapped.status).toBe(201);
    const istag = (await (await fetch(`${server.url}${G}/imagestreamtags/app:latest`)).json()) as {
      image: { dockerImageReference: string };
    };
    expect(istag.image.dockerImageReference).toBe(`${HOST}/default/app@${D}`);
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: deployment('web', triggersAnnotation([{ stream: 'app:latest', fieldPath: FIELD }]), [
        { name: 'web', image: 'quay.io/team/app:old' },
      ]) as never,
    });
    const image = async () =>
      (await apps.readNamespacedDeployment({ namespace: 'default', name: 'web' })).spec?.template.spec
        ?.containers[0]?.image;
    await eventually(async () => (await image()) === istag.image.dockerImageReference, 10_000, 'the patch');
  });
});
