/**
 * The Kubernetes target follows each patched Deployment, StatefulSet and DaemonSet until its
 * controller reports the rollout complete or stuck, as `kubectl rollout status` reads the status.
 * No cluster runs here: the in-test API server is the cluster and the test plays the workload
 * controllers, writing status through `setStatus` as they would.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { V1DaemonSet, V1Deployment, V1StatefulSet } from '@kubernetes/client-node';
import {
  DIGEST,
  REPO,
  cronJob,
  daemonSet,
  deployment,
  imageStream,
  statefulSet,
  triggersAnnotation,
} from '../../../support/kube-apiserver/fixtures.js';
import { eventually } from '../../../support/until.js';
import {
  daemonSetComplete,
  daemonSetUpdating,
  deploymentComplete,
  deploymentDeadlineExceeded,
  deploymentProgressing,
  statefulSetComplete,
  statefulSetUpdating,
} from '../../../support/kube-apiserver/controller-status.js';
import { IN_FLIGHT_ANNOTATION } from '../../../../src/triggers/targets/kubernetes/in-flight.js';
import { LAST_TRIGGERED_ANNOTATION } from '../../../../src/triggers/targets/kubernetes/index.js';
import { seen, settle, startHarness, type Harness } from './harness.js';

const NS = 'default';
const WEB = 'spec.template.spec.containers[?(@.name=="web")].image';
const at = (d: string) => `${REPO}@${d}`;
const v1 = `${REPO}:v1`;
const ann = () => triggersAnnotation([{ stream: 'app:latest', fieldPath: WEB }]);

describe('Kubernetes target: rollout health', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({}, [imageStream(NS, 'app', 'latest', [])]);
  });
  afterEach(async () => {
    await h.close();
  });

  const readDeploy = (name: string) => h.apps.readNamespacedDeployment({ namespace: NS, name });
  const imageOf = async (name: string) => (await readDeploy(name)).spec?.template.spec?.containers[0]?.image;
  const finished = (target: string, toDigest: string) =>
    eventually(
      () => h.records.find((r) => r.target === target && r.toDigest === toDigest),
      5000,
      `a finished rollout of ${target} to ${toDigest}`,
    );

  async function createDeployment(name: string) {
    await h.apps.createNamespacedDeployment({
      namespace: NS,
      body: deployment(name, ann(), [{ name: 'web', image: v1 }]) as V1Deployment,
    });
    await seen(h, 'Deployment', NS, name);
  }

  it('records a Deployment rollout Succeeded only once its controller reports it complete', async () => {
    await createDeployment('web');
    await h.setStream(imageStream(NS, 'app', 'latest', [DIGEST.a]));
    expect(await imageOf('web')).toBe(at(DIGEST.a));
    expect(h.running).toMatchObject([{ target: 'kubernetes:deployment/default/web', toDigest: DIGEST.a }]);
    h.server.setStatus('Deployment', NS, 'web', deploymentProgressing);
    await settle(h);
    expect(h.records).toEqual([]);

    h.server.setStatus('Deployment', NS, 'web', deploymentComplete);
    const done = await finished('kubernetes:deployment/default/web', DIGEST.a);
    expect(done).toMatchObject({
      id: h.running[0]?.id,
      result: 'Succeeded',
      containers: ['web'],
      toReference: at(DIGEST.a),
      from: { namespace: NS, stream: 'app', tag: 'latest' },
    });
    expect(done.steps.map((s) => [s.action, s.ok])).toEqual([
      ['patch', true],
      ['health', true],
    ]);
    await settle(h);
    const d = await readDeploy('web');
    expect(d.metadata?.annotations?.[IN_FLIGHT_ANNOTATION]).toBeUndefined();
    expect(d.spec?.template.spec?.containers[0]?.image).toBe(at(DIGEST.a));
  });

  it('rejects a digest whose rollout exceeds its progress deadline, restores the image, and rolls a later digest', async () => {
    await createDeployment('api');
    await h.setStream(imageStream(NS, 'app', 'latest', [DIGEST.a]));
    h.server.setStatus('Deployment', NS, 'api', deploymentComplete);
    await finished('kubernetes:deployment/default/api', DIGEST.a);

    await h.setStream(imageStream(NS, 'app', 'latest', [DIGEST.b, DIGEST.a]));
    expect(await imageOf('api')).toBe(at(DIGEST.b));
    h.server.setStatus('Deployment', NS, 'api', deploymentDeadlineExceeded);
    const failed = await finished('kubernetes:deployment/default/api', DIGEST.b);
    expect(failed).toMatchObject({ result: 'Failed', rejectedDigest: DIGEST.b, fromDigest: DIGEST.a });
    expect(failed.reason).toContain('exceeded its progress deadline');
    expect(failed.steps.map((s) => [s.action, s.ok])).toEqual([
      ['patch', true],
      ['health', false],
      ['rollback', true],
    ]);
    await eventually(async () => (await imageOf('api')) === at(DIGEST.a), 5000, 'the previous image back');
    const restored = await readDeploy('api');
    // the memory keeps the rejected digest: the same digest is not applied again
    expect(JSON.parse(restored.metadata?.annotations?.[LAST_TRIGGERED_ANNOTATION] ?? '{}')).toEqual({
      [WEB]: at(DIGEST.b),
    });
    expect(restored.metadata?.annotations?.[IN_FLIGHT_ANNOTATION]).toBeUndefined();

    // the controller rolls back to the old ReplicaSet: nothing fires again for b
    h.server.setStatus('Deployment', NS, 'api', deploymentComplete);
    await h.target.resync();
    await settle(h);
    expect(await imageOf('api')).toBe(at(DIGEST.a));
    expect(h.running.filter((r) => r.toDigest === DIGEST.b)).toHaveLength(1);

    await h.setStream(imageStream(NS, 'app', 'latest', [DIGEST.c, DIGEST.b, DIGEST.a]));
    expect(await imageOf('api')).toBe(at(DIGEST.c));
    h.server.setStatus('Deployment', NS, 'api', deploymentComplete);
    expect(await finished('kubernetes:deployment/default/api', DIGEST.c)).toMatchObject({
      result: 'Succeeded',
      fromDigest: DIGEST.a,
    });
  });

  it('leaves a human rollback during the rollout alone and stops following it', async () => {
    await createDeployment('ui');
    await h.setStream(imageStream(NS, 'app', 'latest', [DIGEST.a]));
    const d = await readDeploy('ui');
    await h.apps.replaceNamespacedDeployment({
      namespace: NS,
      name: 'ui',
      body: {
        ...d,
        spec: {
          ...d.spec!,
          template: { ...d.spec!.template, spec: { containers: [{ name: 'web', image: v1 }] } },
        },
      },
    });
    const ended = await finished('kubernetes:deployment/default/ui', DIGEST.a);
    expect(ended).toMatchObject({ result: 'Failed' });
    expect(ended.rejectedDigest).toBeUndefined();
    expect(ended.reason).toContain('by someone else');
    h.server.setStatus('Deployment', NS, 'ui', deploymentDeadlineExceeded);
    await settle(h);
    expect(await imageOf('ui')).toBe(v1);
  });

  it('resumes following after the target restarts (a leader change) and after its watch breaks', async () => {
    await createDeployment('svc');
    await h.setStream(imageStream(NS, 'app', 'latest', [DIGEST.a]));
    await h.restartTarget();
    await seen(h, 'Deployment', NS, 'svc');
    h.server.expireWatches();
    h.server.setStatus('Deployment', NS, 'svc', deploymentComplete);
    expect(await finished('kubernetes:deployment/default/svc', DIGEST.a)).toMatchObject({
      id: h.running[0]?.id,
      result: 'Succeeded',
    });
  });

  it('follows a StatefulSet to its update revision and a DaemonSet until every node runs the update', async () => {
    await h.apps.createNamespacedStatefulSet({
      namespace: NS,
      body: statefulSet('db', ann(), [{ name: 'web', image: v1 }]) as V1StatefulSet,
    });
    await h.apps.createNamespacedDaemonSet({
      namespace: NS,
      body: daemonSet('agent', ann(), [{ name: 'web', image: v1 }]) as V1DaemonSet,
    });
    await seen(h, 'StatefulSet', NS, 'db');
    await seen(h, 'DaemonSet', NS, 'agent');
    await h.setStream(imageStream(NS, 'app', 'latest', [DIGEST.a]));
    h.server.setStatus('StatefulSet', NS, 'db', statefulSetUpdating);
    h.server.setStatus('DaemonSet', NS, 'agent', daemonSetUpdating);
    await settle(h);
    expect(h.records).toEqual([]);
    h.server.setStatus('StatefulSet', NS, 'db', (o) => statefulSetComplete(o));
    expect(await finished('kubernetes:statefulset/default/db', DIGEST.a)).toMatchObject({
      result: 'Succeeded',
    });
    await settle(h);
    expect(h.records.map((r) => r.target)).toEqual(['kubernetes:statefulset/default/db']);
    h.server.setStatus('DaemonSet', NS, 'agent', (o) => daemonSetComplete(o));
    expect(await finished('kubernetes:daemonset/default/agent', DIGEST.a)).toMatchObject({
      result: 'Succeeded',
    });
  });

  it('records a CronJob patch as done at once (nothing to follow)', async () => {
    await h.batch.createNamespacedCronJob({
      namespace: NS,
      body: cronJob(
        'nightly',
        triggersAnnotation([
          { stream: 'app:latest', fieldPath: 'spec.jobTemplate.spec.template.spec.containers[0].image' },
        ]),
        [{ name: 'job', image: v1 }],
      ) as never,
    });
    await seen(h, 'CronJob', NS, 'nightly');
    await h.setStream(imageStream(NS, 'app', 'latest', [DIGEST.a]));
    expect(h.records).toMatchObject([{ target: 'kubernetes:cronjob/default/nightly', result: 'Succeeded' }]);
    expect(h.running).toEqual([]);
  });
});
