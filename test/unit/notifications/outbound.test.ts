import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alwaysLeader } from '../../../src/controllers/leader-election.js';
import { startNotifications, type RunningNotifications } from '../../../src/notifications/index.js';
import { EVENTS, IMAGE_STREAMS } from '../../../src/notifications/stream-view.js';
import type { TagChange } from '../../../src/notifications/outbound/tag-changes.js';
import type { Store } from '../../../src/store/store.js';
import { D1, D2 } from './fixtures.js';
import { imageStream, memoryStore, moveTag, until } from './store-helpers.js';

let store: Store;
let running: RunningNotifications | undefined;
beforeEach(async () => {
  store = await memoryStore();
});
afterEach(async () => {
  await running?.stop();
  running = undefined;
  await store.close();
});

const noImports = { importTags: async () => undefined };

describe('startNotifications without an app (outbound only)', () => {
  it('records a TagUpdated Event for every tag move', async () => {
    await store.create(IMAGE_STREAMS, imageStream('team', 'app', { latest: [D1] }));
    running = startNotifications({ store, importer: noImports, options: {} });
    await running.ready();
    await moveTag(store, 'team', 'app', 'latest', D2);
    await until(async () => (await store.list(EVENTS, { namespace: 'team' })).items.length === 1);
    const [event] = (await store.list(EVENTS, { namespace: 'team' })).items;
    expect(event).toMatchObject({
      reason: 'TagUpdated',
      involvedObject: { name: 'app', kind: 'ImageStream' },
    });
  });

  it('writes no Events when they are switched off, but still reports the changes', async () => {
    await store.create(IMAGE_STREAMS, imageStream('team', 'app', { latest: [D1] }));
    const seen: TagChange[] = [];
    running = startNotifications({
      store,
      importer: noImports,
      options: { events: false, onTagChanges: (c) => void seen.push(...c) },
    });
    await running.ready();
    await moveTag(store, 'team', 'app', 'latest', D2);
    await until(() => seen.length === 1);
    expect((await store.list(EVENTS)).items).toEqual([]);
  });

  it('follows the store only while leader', async () => {
    await store.create(IMAGE_STREAMS, imageStream('team', 'app', { latest: [D1] }));
    const leader = alwaysLeader();
    const seen: TagChange[] = [];
    running = startNotifications({
      store,
      importer: noImports,
      options: { leader, onTagChanges: (c) => void seen.push(...c) },
    });
    await moveTag(store, 'team', 'app', 'latest', D2);
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual([]);
    leader.start();
    await running.ready();
    await moveTag(store, 'team', 'app', 'latest', D1);
    await until(() => seen.length === 1);
    expect(seen[0]).toMatchObject({ oldDigest: D2, newDigest: D1 });
    await leader.stop();
  });
});
