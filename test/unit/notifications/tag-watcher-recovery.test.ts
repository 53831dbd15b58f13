/** The tag watcher when the store's watch breaks: a 410, then store errors (backoff on a manual clock). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gone, internalError } from '../../../src/api/status-error.js';
import type { TagChange } from '../../../src/notifications/outbound/tag-changes.js';
import { startTagWatcher, type TagWatcher } from '../../../src/notifications/outbound/tag-watcher.js';
import { IMAGE_STREAMS } from '../../../src/store/resource-types.js';
import type { Store } from '../../../src/store/store.js';
import { breakableStore, type BreakableStore } from '../../support/breakable-store.js';
import { recordingClock, type RecordingClock } from '../../support/recording-clock.js';
import { D1, D2 } from './fixtures.js';
import { imageStream, memoryStore, moveTag } from './store-helpers.js';
import { eventually } from '../../support/until.js';

const D3 = `sha256:${'c'.repeat(64)}`;
const D4 = `sha256:${'d'.repeat(64)}`;

let inner: Store;
let store: BreakableStore;
let clock: RecordingClock;
let watcher: TagWatcher | undefined;
let changes: TagChange[];

beforeEach(async () => {
  inner = await memoryStore();
  store = breakableStore(inner);
  clock = recordingClock();
  changes = [];
  await store.create(IMAGE_STREAMS, imageStream('team', 'app', { latest: [D1] }));
  watcher = startTagWatcher({
    store,
    onChanges: (c) => void changes.push(...c),
    clock,
  });
  await watcher.ready;
  await eventually(() => store.liveWatches() === 1);
});
afterEach(async () => {
  await watcher?.stop();
  watcher = undefined;
  await inner.close();
});

const moves = (): string[][] => changes.map((c) => [c.stream, c.tag, c.oldDigest ?? '', c.newDigest]);

describe('tag watcher over a breaking watch', () => {
  it('relists at once after a 410 and reports a move made while it was down, once', async () => {
    store.breakWatches(gone('too old resource version'));
    await moveTag(store, 'team', 'app', 'latest', D2);
    await eventually(() => store.lists() >= 2 && store.liveWatches() === 1);
    await eventually(() => changes.length >= 1);
    await moveTag(store, 'team', 'app', 'latest', D3);
    await eventually(() => changes.length >= 2);
    expect(moves()).toEqual([
      ['app', 'latest', D1, D2],
      ['app', 'latest', D2, D3],
    ]);
    expect(clock.delays).toEqual([]);
  });

  it('restarts after store errors with a doubling delay and keeps reporting', async () => {
    store.breakWatches(internalError('etcd: watch stream closed'));
    await eventually(() => clock.delays.length === 1);
    await moveTag(store, 'team', 'app', 'latest', D2);
    await store.create(IMAGE_STREAMS, imageStream('team', 'new', { v1: [D3] }));
    clock.advance(999);
    expect(store.lists()).toBe(1);
    clock.advance(1);
    await eventually(() => store.liveWatches() === 1 && changes.length >= 2);

    store.breakWatches(internalError('etcd: watch stream closed'));
    await eventually(() => clock.delays.length === 2);
    expect(clock.delays).toEqual([1000, 2000]);
    clock.advance(2000);
    await eventually(() => store.liveWatches() === 1);
    await moveTag(store, 'team', 'app', 'latest', D4);
    await eventually(() => changes.length >= 3);
    expect(moves().sort()).toEqual(
      [
        ['app', 'latest', D1, D2],
        ['new', 'v1', '', D3],
        ['app', 'latest', D2, D4],
      ].sort(),
    );
  });
});
