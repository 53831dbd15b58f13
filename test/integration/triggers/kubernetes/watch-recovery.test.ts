import { afterEach, describe, expect, it } from 'vitest';
import type { V1Deployment } from '@kubernetes/client-node';
import {
  DIGEST,
  REPO,
  deployment,
  imageStream,
  triggersAnnotation,
} from '../../../support/kube-apiserver/fixtures.js';
import { eventually } from '../../../support/until.js';
import { settle, startHarness, type Harness } from './harness.js';

const NS = 'default';
const FIELD = 'spec.template.spec.containers[0].image';

describe('Kubernetes target: watch recovery', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
  });

  const lists = (x: Harness) =>
    x.server.requests.filter(
      (r) => r.path === '/apis/apps/v1/deployments' && r.method === 'GET' && r.query.watch === undefined,
    ).length;

  it('relists after a watch expires with 410 and keeps following', async () => {
    h = await startHarness({ kinds: ['Deployment'] }, [imageStream(NS, 'app', 'latest', [DIGEST.a])]);
    await eventually(() => h!.target.ready(), 5000, 'informers synced');
    expect(lists(h)).toBe(1);
    h.server.expireWatches();
    const ann = triggersAnnotation([{ stream: 'app:latest', fieldPath: FIELD }]);
    await h.apps.createNamespacedDeployment({
      namespace: NS,
      body: deployment('late', ann, [{ name: 'web', image: `${REPO}:v1` }]) as V1Deployment,
    });
    await eventually(() => lists(h!) >= 2, 5000, 'a relist');
    const image = async () =>
      (await h!.apps.readNamespacedDeployment({ namespace: NS, name: 'late' })).spec?.template.spec
        ?.containers[0]?.image;
    await eventually(
      async () => (await image()) === `${REPO}@${DIGEST.a}`,
      5000,
      'the late Deployment patched',
    );
    await h.setStream(imageStream(NS, 'app', 'latest', [DIGEST.b, DIGEST.a]));
    expect(await image()).toBe(`${REPO}@${DIGEST.b}`);
  });

  it('restarts a watch that failed with a server error', async () => {
    h = await startHarness({ kinds: ['Deployment'] }, [imageStream(NS, 'app', 'latest', [DIGEST.a])]);
    await eventually(() => h!.target.ready(), 5000, 'informers synced');
    // the next watch request fails with 500 after the current one is closed by the server
    h.server.failNext('GET', 1, 500);
    h.server.expireWatches();
    await settle(h);
    const ann = triggersAnnotation([{ stream: 'app:latest', fieldPath: FIELD }]);
    await h.apps.createNamespacedDeployment({
      namespace: NS,
      body: deployment('web', ann, [{ name: 'web', image: `${REPO}:v1` }]) as V1Deployment,
    });
    await eventually(
      async () =>
        (await h!.apps.readNamespacedDeployment({ namespace: NS, name: 'web' })).spec?.template.spec
          ?.containers[0]?.image === `${REPO}@${DIGEST.a}`,
      5000,
      'patched after the restart',
    );
    expect(h.server.requests.some((r) => r.status === 500)).toBe(true);
  });

  it('resumes a watch the server closed from its last resourceVersion, without relisting', async () => {
    h = await startHarness({ kinds: ['Deployment'] }, [imageStream(NS, 'app', 'latest', [DIGEST.a])]);
    await eventually(() => h!.target.ready(), 5000, 'informers synced');
    const watches = () => h!.server.requests.filter((r) => r.query.watch === 'true');
    const before = watches().length;
    h.server.closeWatches();
    await eventually(() => watches().length > before, 5000, 'a new watch');
    expect(Number(watches().at(-1)?.query.resourceVersion)).toBeGreaterThan(0);
    const ann = triggersAnnotation([{ stream: 'app:latest', fieldPath: FIELD }]);
    await h.apps.createNamespacedDeployment({
      namespace: NS,
      body: deployment('web', ann, [{ name: 'web', image: `${REPO}:v1` }]) as V1Deployment,
    });
    await eventually(
      async () =>
        (await h!.apps.readNamespacedDeployment({ namespace: NS, name: 'web' })).spec?.template.spec
          ?.containers[0]?.image === `${REPO}@${DIGEST.a}`,
      5000,
      'patched through the resumed watch',
    );
    expect(lists(h)).toBe(1);
  });
});
