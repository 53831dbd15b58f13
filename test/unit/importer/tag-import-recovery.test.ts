/** The tag import controller when the store's watch breaks: a 410, then store errors (backoff on a manual clock). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import { gone, internalError } from '../../../src/api/status-error.js';
import { createImportService, IMAGE_STREAMS } from '../../../src/importer/import-service.js';
import {
  startTagImportController,
  type TagImportController,
} from '../../../src/importer/tag-import-controller.js';
import type { Store } from '../../../src/store/store.js';
import { breakableStore, type BreakableStore } from '../../support/breakable-store.js';
import { recordingClock, type RecordingClock } from '../../support/recording-clock.js';
import { memoryStore } from '../notifications/store-helpers.js';
import { eventually } from '../../support/until.js';
import { FakeRegistry } from './support/fake-registry.js';

const REPO = 'reg.test:5000/team/app';

let inner: Store;
let store: BreakableStore;
let clock: RecordingClock;
let registry: FakeRegistry;
let controller: TagImportController | undefined;

function stream(name: string, tag: string): KubeObject {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name, namespace: 'ns', generation: 1 },
    spec: { tags: [{ name: tag, from: { kind: 'DockerImage', name: `${REPO}:${tag}` }, generation: 1 }] },
  } as KubeObject;
}

async function imported(name: string): Promise<string | undefined> {
  const s = (await store.get(IMAGE_STREAMS, 'ns', name)) as unknown as {
    status?: { tags?: { items: { image: string }[] }[] };
  };
  return s?.status?.tags?.[0]?.items?.[0]?.image;
}

beforeEach(async () => {
  inner = await memoryStore();
  store = breakableStore(inner);
  clock = recordingClock();
  registry = new FakeRegistry();
  controller = startTagImportController({
    store,
    importer: createImportService({ client: registry, store }),
    clock,
  });
  await eventually(() => store.liveWatches() === 1);
});
afterEach(async () => {
  await controller?.stop();
  controller = undefined;
  await inner.close();
});

describe('tag import controller over a breaking watch', () => {
  it('relists at once after a 410 and imports a stream created while the watch was down', async () => {
    const d1 = registry.pushImage(REPO, '1.0', { seed: 'a' });
    store.breakWatches(gone('too old resource version'));
    await store.create(IMAGE_STREAMS, stream('app', '1.0'));
    await eventually(async () => (await imported('app')) === d1);
    await eventually(() => store.lists() >= 2 && store.liveWatches() === 1);
    expect(clock.delays).toEqual([]);

    const d2 = registry.pushImage(REPO, '2.0', { seed: 'b' });
    await store.create(IMAGE_STREAMS, stream('other', '2.0'));
    await eventually(async () => (await imported('other')) === d2);
  });

  it('restarts after store errors with a doubling delay and keeps importing', async () => {
    store.breakWatches(internalError('etcd: watch stream closed'));
    await eventually(() => clock.delays.length === 1);
    clock.advance(1000);
    await eventually(() => store.lists() === 2 && store.liveWatches() === 1);

    // broken again before any event: the delay doubles
    store.breakWatches(internalError('etcd: watch stream closed'));
    await eventually(() => clock.delays.length === 2);
    expect(clock.delays).toEqual([1000, 2000]);
    const d1 = registry.pushImage(REPO, '1.0', { seed: 'a' });
    await store.create(IMAGE_STREAMS, stream('app', '1.0'));
    clock.advance(1999);
    expect(store.lists()).toBe(2);
    expect(await imported('app')).toBeUndefined();
    clock.advance(1);
    await eventually(async () => (await imported('app')) === d1);
    await eventually(() => store.liveWatches() === 1);

    const d2 = registry.pushImage(REPO, '2.0', { seed: 'b' });
    await store.create(IMAGE_STREAMS, stream('other', '2.0'));
    await eventually(async () => (await imported('other')) === d2);
  });
});
