/** The scheduled import controller when the store's watch breaks: a 410, then a store error (restart on a manual clock). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/api/object.js';
import { gone, internalError } from '../../../../src/api/status-error.js';
import { createImportService, IMAGE_STREAMS } from '../../../../src/importer/import-service.js';
import {
  memoryCheckpoints,
  startScheduledImportController,
  type ScheduledImportController,
} from '../../../../src/importer/schedule/index.js';
import type { Store } from '../../../../src/store/store.js';
import { breakableStore, type BreakableStore } from '../../../support/breakable-store.js';
import { recordingClock, type RecordingClock } from '../../../support/recording-clock.js';
import { memoryStore } from '../../notifications/store-helpers.js';
import { eventually } from '../../../support/until.js';
import { FakeRegistry } from '../support/fake-registry.js';

const REPO = 'reg.test:5000/team/app';
/** far longer than any test waits in real time: a restart happens only when the clock is advanced */
const REWATCH_MS = 60_000;

let inner: Store;
let store: BreakableStore;
let clock: RecordingClock;
let controller: ScheduledImportController | undefined;

function stream(name: string): KubeObject {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name, namespace: 'ns' },
    spec: {
      tags: [
        { name: 'v1', from: { kind: 'DockerImage', name: `${REPO}:v1` }, importPolicy: { scheduled: true } },
      ],
    },
  } as KubeObject;
}

const scheduled = (name: string): boolean => controller?.nextCheck(`ns/${name}:v1`) !== undefined;

beforeEach(async () => {
  inner = await memoryStore();
  store = breakableStore(inner);
  clock = recordingClock();
  const registry = new FakeRegistry();
  await store.create(IMAGE_STREAMS, stream('first'));
  await store.create(IMAGE_STREAMS, stream('doomed'));
  controller = startScheduledImportController({
    store,
    client: registry,
    importServiceFor: (client) => createImportService({ store, client, now: () => new Date(clock.now()) }),
    clock,
    intervalMs: 3_600_000,
    maxPerMinute: -1,
    checkpoints: memoryCheckpoints(),
    rewatchDelayMs: REWATCH_MS,
  });
  await controller.ready();
  await eventually(() => store.liveWatches() === 1);
  expect(scheduled('first') && scheduled('doomed')).toBe(true);
});
afterEach(async () => {
  await controller?.stop();
  controller = undefined;
  await inner.close();
});

describe('scheduled import controller over a breaking watch', () => {
  it('relists at once after a 410 and schedules a stream created while the watch was down', async () => {
    store.breakWatches(gone('too old resource version'));
    await store.create(IMAGE_STREAMS, stream('during'));
    await store.delete(IMAGE_STREAMS, 'ns', 'doomed');
    await eventually(() => store.lists() >= 2 && store.liveWatches() === 1);
    await eventually(() => scheduled('during'));
    expect(scheduled('doomed')).toBe(false);

    await store.create(IMAGE_STREAMS, stream('after'));
    await eventually(() => scheduled('after'));
    expect(controller?.stats().tags).toBe(3);
  });

  it('restarts after a store error once its delay passed, and the relist catches up', async () => {
    store.breakWatches(internalError('etcd: watch stream closed'));
    await eventually(() => clock.delays.includes(REWATCH_MS));
    await store.create(IMAGE_STREAMS, stream('during'));
    await store.delete(IMAGE_STREAMS, 'ns', 'doomed');
    clock.advance(REWATCH_MS - 1);
    expect(store.lists()).toBe(1);
    expect(scheduled('during')).toBe(false);
    clock.advance(1);
    await eventually(() => store.lists() === 2 && store.liveWatches() === 1);
    await eventually(() => scheduled('during'));
    expect(scheduled('doomed')).toBe(false);

    await store.create(IMAGE_STREAMS, stream('after'));
    await eventually(() => scheduled('after'));
    expect(controller?.stats().tags).toBe(3);
  });
});
