/** The push-to-tag latency measurement when the store's watch breaks mid-run: a 410, then a store error. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gone, internalError } from '../../../src/api/status-error.js';
import { measurePushToTagLatency } from '../../../src/integrated-registry/latency.js';
import { IMAGE_STREAMS } from '../../../src/store/resource-types.js';
import type { Store } from '../../../src/store/store.js';
import { breakableStore, type BreakableStore } from '../../support/breakable-store.js';
import { recordingClock, type RecordingClock } from '../../support/recording-clock.js';
import { imageStream, memoryStore, moveTag } from '../notifications/store-helpers.js';
import { eventually } from '../../support/until.js';

const digest = (i: number): string => `sha256:${String(i).repeat(64).slice(0, 64)}`;

let inner: Store;
let store: BreakableStore;
let clock: RecordingClock;

beforeEach(async () => {
  inner = await memoryStore();
  store = breakableStore(inner);
  clock = recordingClock();
  await store.create(IMAGE_STREAMS, imageStream('team', 'app', { latest: [digest(9)] }));
  // another stream of the namespace: not followed
  await store.create(IMAGE_STREAMS, imageStream('team', 'other', { latest: [digest(9)] }));
});
afterEach(async () => {
  await inner.close();
});

describe('push-to-tag latency over a breaking watch', () => {
  it('times every push although the watch broke with a 410 and with a store error', async () => {
    const summary = await measurePushToTagLatency({
      store,
      namespace: 'team',
      stream: 'app',
      tag: 'latest',
      count: 4,
      clock,
      timeoutMs: 5000,
      async prepare(i) {
        await eventually(() => store.liveWatches() === 1);
        if (i === 1) store.breakWatches(gone('too old resource version'));
        if (i === 2) {
          store.breakWatches(internalError('etcd: watch stream closed'));
          await eventually(() => clock.delays.length === 1);
        }
        return {
          digest: digest(i + 1),
          async commit() {
            await moveTag(store, 'team', 'other', 'latest', digest(i + 1));
            await moveTag(store, 'team', 'app', 'latest', digest(i + 1));
            // the tag moved while the watch was down: seen by the relist once the backoff passed
            if (i === 2) clock.advance(1000);
          },
        };
      },
    });
    expect(summary.count).toBe(4);
    expect(summary.samplesMs.every((ms) => ms >= 0 && ms < 5000)).toBe(true);
    expect(clock.delays).toEqual([1000]);
    // the first list, the relist after the 410 and the one after the store error; each scoped to the stream
    expect(store.lists()).toBe(3);
  });
});
