/**
 * The Kubernetes target as `isctl serve` feeds it from the store: when the store's watch of image
 * streams breaks (a 410 after falling behind, a store error), tag moves after the break still
 * patch the workloads. The cluster is the in-test server following the Kubernetes API conventions.
 */
import { AppsV1Api, KubeConfig, type V1Deployment } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { gone, internalError } from '../../../../src/api/status-error.js';
import type { Informer } from '../../../../src/controllers/informer.js';
import type { ImageStream } from '../../../../src/api/types.js';
import { IMAGE_STREAMS } from '../../../../src/store/resource-types.js';
import { openSqliteStore } from '../../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../../src/store/store.js';
import {
  startKubernetesTarget,
  type KubernetesTarget,
} from '../../../../src/triggers/targets/kubernetes/index.js';
import { followImageStreams } from '../../../../src/triggers/skeleton/follow-streams.js';
import { breakableStore, type BreakableStore } from '../../../support/breakable-store.js';
import {
  DIGEST,
  REPO,
  deployment,
  imageStream,
  triggersAnnotation,
} from '../../../support/kube-apiserver/fixtures.js';
import { eventually } from '../../../support/until.js';
import { startKubeApiServer, type FakeKubeApiServer } from '../../../support/kube-apiserver/index.js';
import { recordingClock, type RecordingClock } from '../../../support/recording-clock.js';

const NS = 'default';
const FIELD = 'spec.template.spec.containers[0].image';
const D3 = `sha256:${'3'.repeat(64)}`;
const D4 = `sha256:${'4'.repeat(64)}`;

interface Setup {
  kube: FakeKubeApiServer;
  inner: Store;
  store: BreakableStore;
  target: KubernetesTarget;
  follower: Informer;
  clock: RecordingClock;
  apps: AppsV1Api;
}

let s: Setup | undefined;
afterEach(async () => {
  s?.follower.stop();
  await s?.target.stop();
  await s?.kube.close();
  await s?.inner.close();
  s = undefined;
});

async function setup(storeOptions: { maxWatchBuffer?: number } = {}): Promise<Setup> {
  const kube = await startKubeApiServer();
  const inner = await openSqliteStore({ path: ':memory:', ...storeOptions });
  const store = breakableStore(inner);
  await store.create(IMAGE_STREAMS, imageStream(NS, 'app', 'latest', [DIGEST.a]));
  await store.create(IMAGE_STREAMS, imageStream(NS, 'other', 'latest', [DIGEST.a]));
  const target = await startKubernetesTarget({
    kubeconfigPath: kube.kubeconfigPath,
    kinds: ['Deployment'],
    getImageStream: async (ns, name) => (await store.get(IMAGE_STREAMS, ns, name)) as ImageStream | undefined,
  });
  const clock = recordingClock();
  const follower = followImageStreams({ store, sink: target, clock, restartDelayMs: 1000 });
  const kc = new KubeConfig();
  kc.loadFromFile(kube.kubeconfigPath);
  const apps = kc.makeApiClient(AppsV1Api);
  s = { kube, inner, store, target, follower, clock, apps };
  await apps.createNamespacedDeployment({
    namespace: NS,
    body: deployment('web', triggersAnnotation([{ stream: 'app:latest', fieldPath: FIELD }]), [
      { name: 'web', image: `${REPO}:v1` },
    ]) as V1Deployment,
  });
  await patchedTo(DIGEST.a);
  return s;
}

const image = async (): Promise<string | undefined> =>
  (await s!.apps.readNamespacedDeployment({ namespace: NS, name: 'web' })).spec?.template.spec?.containers[0]
    ?.image;

const patchedTo = (digest: string): Promise<unknown> =>
  eventually(async () => (await image()) === `${REPO}@${digest}`, 10_000, `web patched to ${digest}`);

/** moves `latest` of a stream to `digests[0]`; the SQLite write is synchronous up to its publish */
function moveTag(store: Store, name: string, digests: string[]): Promise<unknown> {
  return store.update(IMAGE_STREAMS, imageStream(NS, name, 'latest', digests));
}

describe('Kubernetes target fed by the store: a broken stream watch', () => {
  it('keeps patching after the watch ends with a 410', async () => {
    const { store, clock } = await setup();
    await eventually(() => store.liveWatches() === 1, 5000, 'the stream watch');
    store.breakWatches(gone('too old resource version'));
    await eventually(() => store.lists() === 2 && store.liveWatches() === 1, 5000, 'a relist');
    expect(clock.delays).toEqual([]);
    await moveTag(store, 'app', [DIGEST.b, DIGEST.a]);
    await patchedTo(DIGEST.b);
  });

  it('keeps patching after a store error, including a move made while the watch was down', async () => {
    const { store, clock } = await setup();
    await eventually(() => store.liveWatches() === 1, 5000, 'the stream watch');
    store.breakWatches(internalError('etcd: watch stream closed'));
    await eventually(() => clock.delays.length === 1, 5000, 'a restart scheduled');
    expect(clock.delays).toEqual([1000]);
    await moveTag(store, 'app', [DIGEST.b, DIGEST.a]);
    clock.advance(1000);
    await patchedTo(DIGEST.b);
    await eventually(() => store.liveWatches() === 1, 5000, 'the watch again');
    await moveTag(store, 'app', [D3, DIGEST.b, DIGEST.a]);
    await patchedTo(D3);
  });

  it('keeps patching after the real SQLite store closes a watcher that fell behind', async () => {
    const { store, clock } = await setup({ maxWatchBuffer: 1 });
    await eventually(() => store.liveWatches() === 1, 5000, 'the stream watch');
    // three writes before the follower takes the first: the store ends its watch with a 410
    await Promise.all([
      moveTag(store, 'other', [DIGEST.b, DIGEST.a]),
      moveTag(store, 'other', [D3, DIGEST.b, DIGEST.a]),
      moveTag(store, 'app', [DIGEST.b, DIGEST.a]),
    ]);
    await patchedTo(DIGEST.b);
    expect(store.lists()).toBeGreaterThanOrEqual(2);
    expect(clock.delays).toEqual([]);
    await eventually(() => store.liveWatches() === 1, 5000, 'the watch again');
    await moveTag(store, 'app', [D4, DIGEST.b, DIGEST.a]);
    await patchedTo(D4);
  });
});
