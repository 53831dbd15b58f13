/**
 * Rollout gates on Kubernetes workloads as `isctl serve --kubeconfig` runs them (the in-test API
 * server that follows the Kubernetes conventions is the cluster): a Deployment annotated
 * `imagestreams.io/approval: required` is patched only after its Rollout is approved; one with a
 * malformed window is never patched, gets a Warning event naming the annotation, and its Rollout
 * records the error.
 */
import type { AppsV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/api/object.js';
import type { RunningServer } from '../../../../src/server/serve.js';
import { deployment, triggersAnnotation } from '../../../support/kube-apiserver/fixtures.js';
import { deploymentComplete } from '../../../support/kube-apiserver/controller-status.js';
import type { FakeKubeApiServer } from '../../../support/kube-apiserver/index.js';
import {
  startServedKubeTarget,
  type ServedKubeTarget,
} from '../../../support/kube-apiserver/served-target.js';
import { apiCaller } from '../../../support/api-call.js';
import { until } from '../../../support/until.js';
import { pausedStateObject, withPaused } from '../../../../src/triggers/pause-request.js';
import { triggerStateName } from '../../../../src/triggers/rollout-store.js';

const G = '/apis/image.openshift.io/v1/namespaces/default';
const RO = '/apis/imagestreams.io/v1/namespaces/default/rollouts';
const digest = (c: string) => `sha256:${c.repeat(64)}`;
const field = (c: string) => `spec.template.spec.containers[?(@.name=="${c}")].image`;

let kube: FakeKubeApiServer;
let server: RunningServer;
let served: ServedKubeTarget | undefined;
let apps: AppsV1Api;

const call = apiCaller(() => server.url);

const map = (stream: string, d: string) =>
  call('POST', `${G}/imagestreammappings`, {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStreamMapping',
    metadata: { name: stream },
    image: { metadata: { name: d }, dockerImageReference: `quay.io/team/${stream}@${d}` },
    tag: 'latest',
  });

const image = async (name: string) =>
  (await apps.readNamespacedDeployment({ namespace: 'default', name })).spec?.template.spec?.containers[0]
    ?.image;

const TS = '/apis/imagestreams.io/v1/namespaces/default/triggerstates';

const rolloutOf = (name: string, phase: string, to?: string) =>
  until(
    `deployment/${name}: a ${phase} rollout`,
    async () => {
      const items = (await call('GET', RO)).json.items as KubeObject[];
      return items.find(
        (o) =>
          (o.spec as { target?: string }).target === `kubernetes:deployment/default/${name}` &&
          (o.status as { phase?: string }).phase === phase &&
          (to === undefined || (o.spec as { toDigest?: string }).toDigest === to),
      );
    },
    10_000,
    50,
  );

async function createDeployment(name: string, stream: string, gates: Record<string, string>) {
  await call('POST', `${G}/imagestreams`, {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name: stream },
  });
  await apps.createNamespacedDeployment({
    namespace: 'default',
    body: deployment(
      name,
      { ...triggersAnnotation([{ stream: `${stream}:latest`, fieldPath: field(name) }]), ...gates },
      [{ name, image: `quay.io/team/${stream}:old` }],
    ) as never,
  });
}

beforeAll(async () => {
  served = await startServedKubeTarget();
  ({ kube, server, apps } = served);
});

afterAll(() => served?.close());

describe('rollout gates on Kubernetes workloads', () => {
  it('patches a Deployment that requires approval only once its Rollout is approved', async () => {
    await createDeployment('api', 'api', { 'imagestreams.io/approval': 'required' });
    expect((await map('api', digest('a'))).status).toBe(201);
    const held = await rolloutOf('api', 'AwaitingApproval');
    expect((held.spec as { toDigest?: string }).toDigest).toBe(digest('a'));
    await new Promise((r) => setTimeout(r, 300));
    expect(await image('api')).toBe('quay.io/team/api:old');
    const put = await call('PUT', `${RO}/${held.metadata.name}`, {
      ...held,
      spec: { ...(held.spec as object), approval: 'Approved' },
    });
    expect(put.status).toBe(200);
    await until(
      'the approved patch',
      async () => (await image('api')) === `quay.io/team/api@${digest('a')}`,
      10_000,
    );
    const running = await rolloutOf('api', 'Running');
    expect(running.metadata.name).toBe(held.metadata.name);
    kube.setStatus('Deployment', 'default', 'api', deploymentComplete);
    const done = await rolloutOf('api', 'Succeeded');
    expect(done.metadata.name).toBe(held.metadata.name);
  });

  it('never patches a Deployment with a malformed window: Warning event and the Rollout name the annotation', async () => {
    await createDeployment('bad', 'bad', { 'imagestreams.io/rollout-window': 'Mon-Fri 22:00 UTC' });
    expect((await map('bad', digest('b'))).status).toBe(201);
    const held = await rolloutOf('bad', 'Waiting');
    expect(held.status).toMatchObject({ reason: 'InvalidGate' });
    expect(String((held.status as { message?: string }).message)).toContain('imagestreams.io/rollout-window');
    const warning = await until(
      'a Warning event on the Deployment',
      async () => {
        const events = (await call('GET', '/api/v1/namespaces/default/events')).json.items as Array<{
          type: string;
          reason: string;
          message: string;
          involvedObject: { name: string };
        }>;
        return events.find(
          (e) => e.type === 'Warning' && e.involvedObject.name === 'bad' && e.reason === 'InvalidTrigger',
        );
      },
      10_000,
    );
    expect(warning.message).toContain('imagestreams.io/rollout-window');
    expect(await image('bad')).toBe('quay.io/team/bad:old');
  });

  it('holds a paused Deployment (Waiting, Paused) until it is resumed, then patches the latest digest', async () => {
    await createDeployment('held', 'held', {});
    // never rolled out, so no TriggerState yet: the pause creates it under the controllers' name
    const key = {
      target: 'kubernetes:deployment/default/held',
      from: { namespace: 'default', stream: 'held', tag: 'latest' },
    };
    const name = triggerStateName(key);
    const wrong = await call('POST', TS, pausedStateObject(key, 'held-state', true));
    expect(wrong.status).toBe(422);
    expect(JSON.stringify(wrong.json)).toContain('metadata.name');
    expect((await call('POST', TS, pausedStateObject(key, name, true))).status).toBe(201);

    expect((await map('held', digest('c'))).status).toBe(201);
    const first = await rolloutOf('held', 'Waiting', digest('c'));
    expect(first.status).toMatchObject({ reason: 'Paused' });
    expect((await map('held', digest('d'))).status).toBe(201);
    await rolloutOf('held', 'Superseded', digest('c'));
    const waiting = await rolloutOf('held', 'Waiting', digest('d'));
    expect(await image('held')).toBe('quay.io/team/held:old');

    const state = (await call('GET', `${TS}/${name}`)).json as KubeObject;
    // a user's write cannot set the controllers' status
    const put = await call('PUT', `${TS}/${name}`, {
      ...withPaused(state, false),
      status: { lastTriggeredDigest: digest('f') },
    });
    expect(put.status).toBe(200);
    expect(put.json.status).toEqual({});
    await until(
      'the resumed patch',
      async () => (await image('held')) === `quay.io/team/held@${digest('d')}`,
      10_000,
    );
    const running = await rolloutOf('held', 'Running', digest('d'));
    expect(running.metadata.name).toBe(waiting.metadata.name);
  });
});
