import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TagChange } from '../../../src/notifications/outbound/tag-changes.js';
import { startTagWatcher, type TagWatcher } from '../../../src/notifications/outbound/tag-watcher.js';
import { IMAGE_STREAMS } from '../../../src/store/resource-types.js';
import { gone } from '../../../src/api/status-error.js';
import type { Store } from '../../../src/store/store.js';
import { D1, D2 } from './fixtures.js';
import { barrier, imageStream, memoryStore, moveTag, withoutBarriers } from './store-helpers.js';
import { eventually } from '../../support/until.js';

const D3 = `sha256:${'c'.repeat(64)}`;
let store: Store;
let watcher: TagWatcher | undefined;
beforeEach(async () => {
  store = await memoryStore();
});
afterEach(async () => {
  await watcher?.stop();
  watcher = undefined;
  await store.close();
});

function collect(): { changes: TagChange[]; start: () => Promise<TagWatcher> } {
  const changes: TagChange[] = [];
  return {
    changes,
    start: async () => {
      const w = startTagWatcher({ store, onChanges: (c) => void changes.push(...c), retryDelayMs: 10 });
      await w.ready;
      return w;
    },
  };
}

describe('tag watcher', () => {
  it('reports tag moves written after it started, not the state it found', async () => {
    await store.create(IMAGE_STREAMS, imageStream('team', 'app', { latest: [D1] }));
    const { changes, start } = collect();
    watcher = await start();
    await moveTag(store, 'team', 'app', 'latest', D2);
    await eventually(() => changes.length === 1);
    expect(changes[0]).toMatchObject({
      namespace: 'team',
      stream: 'app',
      tag: 'latest',
      oldDigest: D1,
      newDigest: D2,
      dockerImageReference: `reg/app@${D2}`,
    });
  });

  it('reports the tags of a stream created with history', async () => {
    const { changes, start } = collect();
    watcher = await start();
    await store.create(IMAGE_STREAMS, imageStream('team', 'new', { v1: [D3] }));
    await eventually(() => changes.length === 1);
    expect(changes[0]).toMatchObject({ stream: 'new', tag: 'v1', newDigest: D3 });
    expect(changes[0]?.oldDigest).toBeUndefined();
  });

  it('does not re-announce old moves after a restart', async () => {
    await store.create(IMAGE_STREAMS, imageStream('team', 'app', { latest: [D1] }));
    const first = collect();
    watcher = await first.start();
    await moveTag(store, 'team', 'app', 'latest', D2);
    await eventually(() => first.changes.length === 1);
    await watcher.stop();

    const second = collect();
    watcher = await second.start();
    await moveTag(store, 'team', 'app', 'latest', D3);
    await barrier(store, () => second.changes);
    expect(withoutBarriers(second.changes).map((c) => [c.oldDigest, c.newDigest])).toEqual([[D2, D3]]);
  });

  it('forgets deleted streams, so a re-created stream is reported afresh', async () => {
    await store.create(IMAGE_STREAMS, imageStream('team', 'app', { latest: [D1] }));
    const { changes, start } = collect();
    watcher = await start();
    await store.delete(IMAGE_STREAMS, 'team', 'app');
    await store.create(IMAGE_STREAMS, imageStream('team', 'app', { latest: [D1] }));
    await eventually(() => changes.length === 1);
    expect(changes[0]?.oldDigest).toBeUndefined();
  });

  it('ignores writes that do not move a tag', async () => {
    await store.create(IMAGE_STREAMS, imageStream('team', 'app', { latest: [D1] }));
    const { changes, start } = collect();
    watcher = await start();
    const current = (await store.get(IMAGE_STREAMS, 'team', 'app'))!;
    await store.update(IMAGE_STREAMS, { ...current, metadata: { ...current.metadata, labels: { a: 'b' } } });
    await moveTag(store, 'team', 'app', 'other', D2);
    await eventually(() => changes.length === 1);
    expect(changes.map((c) => c.tag)).toEqual(['other']);
  });

  it('relists after 410 Expired and reports what moved while it was not watching, once', async () => {
    await store.create(IMAGE_STREAMS, imageStream('team', 'app', { latest: [D1] }));
    let calls = 0;
    const expiring: Store = Object.create(store) as Store;
    expiring.watch = (type, options, signal) => {
      calls++;
      if (calls > 1) return store.watch(type, options, signal);
      return (async function* () {
        // the tag moves while the watch history is already gone
        await moveTag(store, 'team', 'app', 'latest', D2);
        yield* [];
        throw gone('too old resource version');
      })();
    };
    const changes: TagChange[] = [];
    watcher = startTagWatcher({
      store: expiring,
      onChanges: (c) => void changes.push(...c),
      retryDelayMs: 10,
    });
    await eventually(() => changes.length === 1);
    await moveTag(store, 'team', 'app', 'latest', D3);
    await barrier(store, () => changes);
    expect(withoutBarriers(changes).map((c) => [c.oldDigest, c.newDigest])).toEqual([
      [D1, D2],
      [D2, D3],
    ]);
  });
});
