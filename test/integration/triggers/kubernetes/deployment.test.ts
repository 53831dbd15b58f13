import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PatchStrategy, setHeaderOptions, type V1Deployment } from '@kubernetes/client-node';
import { LAST_TRIGGERED_ANNOTATION } from '../../../../src/triggers/targets/kubernetes/index.js';
import {
  DIGEST,
  REPO,
  deployment,
  imageStream,
  triggersAnnotation,
} from '../../../support/kube-apiserver/fixtures.js';
import { eventually } from '../../../support/until.js';
import { deploymentComplete } from '../../../support/kube-apiserver/controller-status.js';
import { seen, settle, startHarness, type Harness } from './harness.js';

const NS = 'default';
const WEB = 'spec.template.spec.containers[?(@.name=="web")].image';
const image = (d: V1Deployment) => d.spec?.template.spec?.containers[0]?.image;

describe('Kubernetes target: Deployments', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({}, [imageStream(NS, 'app', 'latest', [DIGEST.a])]);
  });
  afterEach(async () => {
    await h.close();
  });

  const read = (name = 'web') => h.apps.readNamespacedDeployment({ namespace: NS, name });
  const create = (body: object) =>
    h.apps.createNamespacedDeployment({ namespace: NS, body: body as V1Deployment });

  it('sets the image to item 0 by digest on first sight, and again when the tag moves, bumping generation', async () => {
    await create(
      deployment('web', triggersAnnotation([{ stream: 'app:latest', fieldPath: WEB }]), [
        { name: 'web', image: `${REPO}:v1` },
      ]),
    );
    const first = await eventually(async () => {
      const d = await read();
      return image(d) === `${REPO}@${DIGEST.a}` && d;
    });
    expect(first.metadata?.generation).toBe(2);

    await h.setStream(imageStream(NS, 'app', 'latest', [DIGEST.b, DIGEST.a]));
    const second = await read();
    expect(image(second)).toBe(`${REPO}@${DIGEST.b}`);
    expect(second.metadata?.generation).toBe(3);
    expect(JSON.parse(second.metadata?.annotations?.[LAST_TRIGGERED_ANNOTATION] ?? '{}')).toEqual({
      [WEB]: `${REPO}@${DIGEST.b}`,
    });
    // the Deployment controller reports the rollout complete: the record ends
    h.server.setStatus('Deployment', NS, 'web', deploymentComplete);
    const last = await eventually(() => h.records.find((r) => r.toDigest === DIGEST.b), 5000, 'the record');
    expect(last).toMatchObject({
      target: 'kubernetes:deployment/default/web',
      containers: ['web'],
      fromDigest: DIGEST.a,
      toDigest: DIGEST.b,
      toReference: `${REPO}@${DIGEST.b}`,
      result: 'Succeeded',
    });
  });

  it('leaves a paused trigger alone', async () => {
    await create(
      deployment('web', triggersAnnotation([{ stream: 'app:latest', fieldPath: WEB, paused: true }]), [
        { name: 'web', image: `${REPO}:v1` },
      ]),
    );
    await seen(h, 'Deployment', NS, 'web');
    await h.setStream(imageStream(NS, 'app', 'latest', [DIGEST.b, DIGEST.a]));
    expect(image(await read())).toBe(`${REPO}:v1`);
    expect(h.targetPatches()).toEqual([]);
    expect(h.target.describe({ kind: 'Deployment', namespace: NS, name: 'web' })?.triggers[0]?.paused).toBe(
      true,
    );
  });

  it('sends no patch when the tag has not moved', async () => {
    await create(
      deployment('web', triggersAnnotation([{ stream: 'app:latest', fieldPath: WEB }]), [
        { name: 'web', image: `${REPO}:v1` },
      ]),
    );
    await eventually(async () => image(await read()) === `${REPO}@${DIGEST.a}`);
    await settle(h);
    const patches = h.targetPatches().length;
    const same = imageStream(NS, 'app', 'latest', [DIGEST.a]);
    await h.setStream(same);
    await h.setStream(same);
    await settle(h);
    expect(h.targetPatches().length).toBe(patches);
  });

  it('does not undo a manual rollback until a newer digest arrives', async () => {
    await create(
      deployment('web', triggersAnnotation([{ stream: 'app:latest', fieldPath: WEB }]), [
        { name: 'web', image: `${REPO}:v1` },
      ]),
    );
    await eventually(async () => image(await read()) === `${REPO}@${DIGEST.a}`);
    await h.setStream(imageStream(NS, 'app', 'latest', [DIGEST.b, DIGEST.a]));
    expect(image(await read())).toBe(`${REPO}@${DIGEST.b}`);

    // a human rolls back (kubectl set image / rollout undo), with a strategic merge patch
    await h.apps.patchNamespacedDeployment(
      {
        namespace: NS,
        name: 'web',
        body: {
          spec: { template: { spec: { containers: [{ name: 'web', image: `${REPO}@${DIGEST.a}` }] } } },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    await settle(h);
    const patches = h.targetPatches().length;
    await h.setStream(imageStream(NS, 'app', 'latest', [DIGEST.b, DIGEST.a]));
    await settle(h);
    expect(image(await read())).toBe(`${REPO}@${DIGEST.a}`);
    expect(h.targetPatches().length).toBe(patches);

    await h.setStream(imageStream(NS, 'app', 'latest', [DIGEST.c, DIGEST.b, DIGEST.a]));
    expect(image(await read())).toBe(`${REPO}@${DIGEST.c}`);
  });

  it('retries a patch answered with 409 Conflict', async () => {
    await create(
      deployment('web', triggersAnnotation([{ stream: 'app:latest', fieldPath: WEB }]), [
        { name: 'web', image: `${REPO}@${DIGEST.a}` },
      ]),
    );
    // the image already is item 0: the target first records that, with a metadata-only patch
    await eventually(
      async () => (await read()).metadata?.annotations?.[LAST_TRIGGERED_ANNOTATION],
      5000,
      'the acknowledgement',
    );
    await settle(h);
    h.server.failNext('PATCH', 2, 409);
    const before = h.targetPatches().length;
    await h.setStream(imageStream(NS, 'app', 'latest', [DIGEST.b, DIGEST.a]));
    expect(image(await read())).toBe(`${REPO}@${DIGEST.b}`);
    expect(
      h
        .targetPatches()
        .slice(before)
        .map((p) => p.status),
    ).toEqual([409, 409, 200]);
  });

  it('ignores objects without the triggers annotation', async () => {
    await create(deployment('plain', {}, [{ name: 'web', image: `${REPO}:v1` }]));
    await settle(h);
    await h.setStream(imageStream(NS, 'app', 'latest', [DIGEST.b, DIGEST.a]));
    await settle(h);
    expect(image(await read('plain'))).toBe(`${REPO}:v1`);
    expect(h.targetPatches()).toEqual([]);
    expect(h.target.objects()).toEqual([]);
  });

  it('reports a broken annotation as warnings and touches nothing', async () => {
    const broken = {
      'image.openshift.io/triggers': JSON.stringify([
        { from: { kind: 'ImageStreamTag', name: 'app:latest' }, fieldPath: WEB, paused: 'false' },
      ]),
    };
    await create(deployment('web', broken, [{ name: 'web', image: `${REPO}:v1` }]));
    await create(
      deployment(
        'other',
        triggersAnnotation([
          { stream: 'app:latest', fieldPath: 'spec.template.spec.containers[?(@.name=="nope")].image' },
        ]),
        [{ name: 'web', image: `${REPO}:v1` }],
      ),
    );
    const byName = (n: string) => h.warnings.filter((w) => w.object.name === n).flatMap((w) => w.warnings);
    await eventually(() => byName('web').length > 0 && byName('other').length > 0, 5000, 'warnings');
    await settle(h);
    expect(image(await read())).toBe(`${REPO}:v1`);
    expect(image(await read('other'))).toBe(`${REPO}:v1`);
    expect(byName('web')).toContainEqual(expect.objectContaining({ field: 'paused' }));
    expect(byName('other')).toContainEqual(expect.objectContaining({ field: 'fieldPath', index: 0 }));
    expect(h.target.describe({ kind: 'Deployment', namespace: NS, name: 'other' })?.warnings).toHaveLength(1);
  });

  it('remembers what it triggered across a restart, in the annotation on the object', async () => {
    await create(
      deployment('web', triggersAnnotation([{ stream: 'app:latest', fieldPath: WEB }]), [
        { name: 'web', image: `${REPO}:v1` },
      ]),
    );
    await eventually(async () => image(await read()) === `${REPO}@${DIGEST.a}`);
    await h.apps.patchNamespacedDeployment(
      {
        namespace: NS,
        name: 'web',
        body: { spec: { template: { spec: { containers: [{ name: 'web', image: `${REPO}:v1` }] } } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    await settle(h);
    const patches = h.targetPatches().length;
    await h.restartTarget();
    await eventually(() => h.target.ready(), 5000, 'informers synced');
    await h.target.resync();
    await settle(h);
    expect(image(await read())).toBe(`${REPO}:v1`);
    expect(h.targetPatches().length).toBe(patches);
    expect(h.target.describe({ kind: 'Deployment', namespace: NS, name: 'web' })?.lastTriggered).toEqual({
      [WEB]: `${REPO}@${DIGEST.a}`,
    });
  });

  it('fires as soon as a paused trigger is resumed', async () => {
    const paused = triggersAnnotation([{ stream: 'app:latest', fieldPath: WEB, paused: true }]);
    await create(deployment('web', paused, [{ name: 'web', image: `${REPO}:v1` }]));
    await settle(h);
    expect(image(await read())).toBe(`${REPO}:v1`);
    await h.apps.patchNamespacedDeployment(
      {
        namespace: NS,
        name: 'web',
        body: { metadata: { annotations: triggersAnnotation([{ stream: 'app:latest', fieldPath: WEB }]) } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await eventually(
      async () => image(await read()) === `${REPO}@${DIGEST.a}`,
      5000,
      'the resumed trigger to fire',
    );
  });
});
