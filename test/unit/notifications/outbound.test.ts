import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alwaysLeader } from '../../../src/controllers/leader-election.js';
import { startNotifications, type RunningNotifications } from '../../../src/notifications/index.js';
import { EVENTS, IMAGE_STREAMS } from '../../../src/store/resource-types.js';
import type { TagChange } from '../../../src/notifications/outbound/tag-changes.js';
import type { Store } from '../../../src/store/store.js';
import { D1, D2 } from './fixtures.js';
import { barrier, imageStream, memoryStore, moveTag, withoutBarriers } from './store-helpers.js';
import { eventually } from '../../support/until.js';

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
    await eventually(async () => (await store.list(EVENTS, { namespace: 'team' })).items.length === 1);
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
    await eventually(() => seen.length === 1);
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
    // moved while not leading: a follower would report it; the leader starts from what it lists
    await moveTag(store, 'team', 'app', 'latest', D2);
    leader.start();
    await running.ready();
    await moveTag(store, 'team', 'app', 'latest', D1);
    await barrier(store, () => seen);
    expect(withoutBarriers(seen).map((c) => [c.oldDigest, c.newDigest])).toEqual([[D2, D1]]);
    await leader.stop();
  });
});
