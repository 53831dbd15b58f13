/**
 * A trigger controller fed by the store's image streams through the shared informer: a broken
 * watch (a 410, a store error) is followed by a relist, and a tag moved before or after the break
 * still wakes its followers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gone, internalError } from '../../../../src/api/status-error.js';
import type { Informer } from '../../../../src/controllers/informer.js';
import { IMAGE_STREAMS } from '../../../../src/store/resource-types.js';
import type { Store } from '../../../../src/store/store.js';
import { followImageStreams } from '../../../../src/triggers/skeleton/follow-streams.js';
import {
  createTriggerController,
  type TriggerController,
} from '../../../../src/triggers/skeleton/trigger-controller.js';
import { breakableStore, type BreakableStore } from '../../../support/breakable-store.js';
import { recordingClock, type RecordingClock } from '../../../support/recording-clock.js';
import { eventually } from '../../../support/until.js';
import { memoryStore, stream, V1, V2, V3 } from '../controller/fixtures.js';

let inner: Store;
let store: BreakableStore;
let clock: RecordingClock;
let controller: TriggerController<string>;
let follower: Informer;
let reconciled: string[];

beforeEach(async () => {
  inner = await memoryStore();
  store = breakableStore(inner);
  clock = recordingClock();
  reconciled = [];
  await store.create(IMAGE_STREAMS, stream('app', [V1]));
  controller = createTriggerController<string>({
    source: {
      name: 'test',
      follows: (s) => [{ namespace: 'default', stream: s, tag: 'latest' }],
      reconcile: async (key) => {
        const image = await controller.resolve({ namespace: 'default', stream: 'app', tag: 'latest' });
        reconciled.push(`${key}@${image?.digest ?? 'none'}`);
      },
    },
    clock,
  });
  controller.upsert('web', 'app', { wake: false });
  follower = followImageStreams({ store, sink: controller, clock, restartDelayMs: 1000 });
  await follower.synced();
  await eventually(() => store.liveWatches() === 1, 5000, 'the stream watch');
  await controller.idle();
  expect(reconciled).toEqual([`web@${V1}`]);
});

afterEach(async () => {
  follower.stop();
  await controller.stop();
  await inner.close();
});

async function moveTag(digests: string[]): Promise<void> {
  const current = await store.get(IMAGE_STREAMS, 'default', 'app');
  await store.update(IMAGE_STREAMS, { ...stream('app', digests), metadata: current!.metadata });
}

const reconciledTo = (digest: string) =>
  eventually(() => reconciled.at(-1) === `web@${digest}`, 5000, `web reconciled to ${digest}`);

describe('followImageStreams', () => {
  it('relists at once after a 410, and a later tag move wakes the follower', async () => {
    store.breakWatches(gone('too old resource version'));
    await eventually(() => store.lists() === 2 && store.liveWatches() === 1, 5000, 'a relist');
    expect(clock.delays).toEqual([]);
    await moveTag([V2, V1]);
    await reconciledTo(V2);
  });

  it('restarts after a store error with backoff; a move made while the watch was down is not lost', async () => {
    store.breakWatches(internalError('etcd: watch stream closed'));
    await eventually(() => clock.delays.length === 1, 5000, 'a restart scheduled');
    expect(clock.delays).toEqual([1000]);
    await moveTag([V2, V1]);
    expect(reconciled).toEqual([`web@${V1}`]);
    clock.advance(1000);
    await reconciledTo(V2);
    await eventually(() => store.liveWatches() === 1, 5000, 'the watch again');
    await moveTag([V3, V2, V1]);
    await reconciledTo(V3);
  });

  it('forgets a deleted stream: its tag no longer resolves', async () => {
    await store.delete(IMAGE_STREAMS, 'default', 'app');
    await eventually(
      async () =>
        (await controller.resolve({ namespace: 'default', stream: 'app', tag: 'latest' })) === undefined,
      5000,
      'the stream forgotten',
    );
  });
});
