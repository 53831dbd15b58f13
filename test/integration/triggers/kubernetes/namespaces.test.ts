import { afterEach, describe, expect, it } from 'vitest';
import type { V1Deployment } from '@kubernetes/client-node';
import {
  DIGEST,
  REPO,
  deployment,
  imageStream,
  triggersAnnotation,
} from '../../../support/kube-apiserver/fixtures.js';
import { seen, settle, startHarness, type Harness } from './harness.js';

const FIELD = 'spec.template.spec.containers[0].image';

describe('Kubernetes target: namespace selection', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
  });

  it('watches only the selected namespaces, with namespaced LIST and WATCH requests', async () => {
    h = await startHarness({ namespaces: ['team-a'] }, [imageStream('shared', 'app', 'latest', [])]);
    const ann = triggersAnnotation([{ stream: 'app:latest', namespace: 'shared', fieldPath: FIELD }]);
    for (const ns of ['team-a', 'team-b']) {
      await h.apps.createNamespacedDeployment({
        namespace: ns,
        body: deployment('web', ann, [{ name: 'web', image: `${REPO}:v1` }]) as V1Deployment,
      });
    }
    await seen(h, 'Deployment', 'team-a', 'web');
    await settle(h);
    await h.setStream(imageStream('shared', 'app', 'latest', [DIGEST.b]));
    const image = async (ns: string) =>
      (await h!.apps.readNamespacedDeployment({ namespace: ns, name: 'web' })).spec?.template.spec
        ?.containers[0]?.image;
    expect(await image('team-a')).toBe(`${REPO}@${DIGEST.b}`);
    expect(await image('team-b')).toBe(`${REPO}:v1`);
    const reads = h.server.requests.filter((r) => r.method === 'GET' && !r.path.includes('/web'));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((r) => r.path.includes('/namespaces/team-a/'))).toBe(true);
    expect(h.target.objects().map((o) => o.ref.namespace)).toEqual(['team-a']);
  });

  it('watches every namespace when none is selected', async () => {
    h = await startHarness({}, [imageStream('shared', 'app', 'latest', [])]);
    const ann = triggersAnnotation([{ stream: 'app:latest', namespace: 'shared', fieldPath: FIELD }]);
    for (const ns of ['team-a', 'team-b']) {
      await h.apps.createNamespacedDeployment({
        namespace: ns,
        body: deployment('web', ann, [{ name: 'web', image: `${REPO}:v1` }]) as V1Deployment,
      });
    }
    await seen(h, 'Deployment', 'team-a', 'web');
    await seen(h, 'Deployment', 'team-b', 'web');
    await h.setStream(imageStream('shared', 'app', 'latest', [DIGEST.b]));
    for (const ns of ['team-a', 'team-b']) {
      const d = await h.apps.readNamespacedDeployment({ namespace: ns, name: 'web' });
      expect(d.spec?.template.spec?.containers[0]?.image).toBe(`${REPO}@${DIGEST.b}`);
    }
    expect(
      h.server.requests.some((r) => r.path === '/apis/apps/v1/deployments' && r.query.watch === 'true'),
    ).toBe(true);
  });
});
