import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import { gone } from '../../../src/api/status-error.js';
import { IMAGE_STREAMS, NAMESPACES } from '../../../src/store/resource-types.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import { CachingStore } from '../../../src/store/watch-cache/caching-store.js';
import { FreshRevision } from '../../../src/store/watch-cache/fresh-revision.js';
import { breakableStore, type BreakableStore } from '../../support/breakable-store.js';
import { bareStream } from '../../support/image-stream.js';
import { recordingClock, type RecordingClock } from '../../support/recording-clock.js';

const stream = bareStream;

let inner: Store;
let breakable: BreakableStore;
let clock: RecordingClock;
let cached: CachingStore;

const names = (items: readonly KubeObject[]): string[] =>
  items.map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`);

beforeEach(async () => {
  inner = await openSqliteStore({ path: ':memory:' });
  breakable = breakableStore(inner);
  clock = recordingClock();
});
afterEach(async () => {
  cached.stop();
  await inner.close();
});

const open = async (store: Store = breakable): Promise<CachingStore> => {
  cached = new CachingStore(store, { types: [IMAGE_STREAMS, NAMESPACES], clock });
  await cached.synced();
  await vi.waitFor(() => expect(cached.cacheOf(IMAGE_STREAMS)?.ready).toBe(true));
  return cached;
};

describe('watch cache: consistent reads', () => {
  it('a write followed at once by a GET or a LIST sees it, answered from the cache', async () => {
    const store = await open();
    const created = await store.create(IMAGE_STREAMS, stream('a'));
    const hits = store.counts.hits;
    const got = await store.get(IMAGE_STREAMS, 'default', 'a');
    expect(got?.metadata.resourceVersion).toBe(created.metadata.resourceVersion);

    const updated = await store.update(IMAGE_STREAMS, { ...created, spec: { tags: [{ name: 'x' }] } });
    const listed = await store.list(IMAGE_STREAMS, {});
    expect(listed.items.map((o) => o.metadata.resourceVersion)).toEqual([updated.metadata.resourceVersion]);
    expect(listed.resourceVersion).toBe(await inner.currentResourceVersion());

    await store.delete(IMAGE_STREAMS, 'default', 'a');
    expect(await store.get(IMAGE_STREAMS, 'default', 'a')).toBeUndefined();
    expect((await store.list(IMAGE_STREAMS, {})).items).toEqual([]);
    expect(store.counts.hits - hits).toBe(4);
  });

  it('is current after writes to another type (progress bookmarks), without reading the store', async () => {
    const store = await open();
    await store.create(IMAGE_STREAMS, stream('a'));
    await store.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
    const { misses } = store.counts;
    const list = await store.list(IMAGE_STREAMS, {});
    expect(list.resourceVersion).toBe(await inner.currentResourceVersion());
    expect(store.counts.misses).toBe(misses);
  });

  it('applies namespace, label and field selectors as the store does, in the store order', async () => {
    const store = await open();
    await store.create(IMAGE_STREAMS, stream('b', 'ns1', { app: 'web' }));
    await store.create(IMAGE_STREAMS, stream('a', 'ns2', { app: 'web', tier: 'db' }));
    await store.create(IMAGE_STREAMS, stream('a', 'ns1'));
    await store.create(IMAGE_STREAMS, stream('c', 'ns1', { app: 'api' }));
    const cases = [
      {},
      { namespace: 'ns1' },
      { labelSelector: 'app=web' },
      { labelSelector: 'app in (web,api),!tier' },
      { fieldSelector: 'metadata.name=a' },
      { namespace: 'ns1', fieldSelector: 'metadata.name!=a', labelSelector: 'app' },
    ];
    for (const options of cases) {
      const fromCache = await store.listEncoded(IMAGE_STREAMS, options);
      const fromStore = await inner.list(IMAGE_STREAMS, options);
      expect(fromCache, JSON.stringify(options)).toBeDefined();
      const items = fromCache?.items ?? [];
      expect(names(items.map((o) => o.object())), JSON.stringify(options)).toEqual(names(fromStore.items));
      expect(items.map((o) => o.json.toString())).toEqual(fromStore.items.map((o) => JSON.stringify(o)));
    }
    await expect(store.list(IMAGE_STREAMS, { labelSelector: 'a b' })).rejects.toMatchObject({ code: 400 });
    await expect(store.get(IMAGE_STREAMS, undefined, 'a')).rejects.toMatchObject({ code: 400 });
  });

  it('hands out copies from get and list, and the shared encodings from listEncoded', async () => {
    const store = await open();
    const created = await store.create(IMAGE_STREAMS, stream('a'));
    const got = await store.get(IMAGE_STREAMS, 'default', 'a');
    if (!got) throw new Error('missing');
    got.metadata.name = 'changed';
    const listed = await store.list(IMAGE_STREAMS, {});
    (listed.items[0] as KubeObject).metadata.labels = { x: 'y' };
    const encoded = await store.listEncoded(IMAGE_STREAMS, {});
    expect(encoded?.items.map((o) => o.json.toString())).toEqual([JSON.stringify(created)]);
    expect(await store.get(IMAGE_STREAMS, 'default', 'a')).toEqual(created);
  });

  it('leaves exact resourceVersions to the store; answers paged lists (watch-cache-paging.test.ts)', async () => {
    const store = await open();
    for (const n of ['a', 'b', 'c']) await store.create(IMAGE_STREAMS, stream(n));
    expect(await store.listEncoded(IMAGE_STREAMS, { limit: 2 })).toBeDefined();
    expect(await store.listEncoded(IMAGE_STREAMS, { resourceVersion: '2' })).toBeUndefined();
    const page = await store.list(IMAGE_STREAMS, { limit: 2 });
    expect(names(page.items)).toEqual(['default/a', 'default/b']);
    const rest = await store.list(IMAGE_STREAMS, { limit: 2, continue: page.continue ?? '' });
    expect(names(rest.items)).toEqual(['default/c']);
  });
});

describe('watch cache: relist and lag', () => {
  it('relists after a 410 and answers from the cache again', async () => {
    const store = await open();
    await store.create(IMAGE_STREAMS, stream('a'));
    await vi.waitFor(() => expect(breakable.liveWatches()).toBe(2));
    breakable.breakWatches(gone('too old resource version'));
    await vi.waitFor(() => expect(breakable.lists()).toBe(4));
    await vi.waitFor(() => expect(cached.cacheOf(IMAGE_STREAMS)?.ready).toBe(true));
    await inner.create(IMAGE_STREAMS, stream('b'));
    const { hits } = store.counts;
    expect(names((await store.list(IMAGE_STREAMS, {})).items)).toEqual(['default/a', 'default/b']);
    expect(store.counts.hits).toBe(hits + 1);
    // no restart backoff (a 410 relists at once); 3000 is the bounded wait of a consistent read
    expect(clock.delays.filter((ms) => ms !== 3000)).toEqual([]);
  });

  it('reads the store when the cache lags past the bounded wait; resourceVersion 0 takes the cache as it is', async () => {
    // a watch that delivers nothing after the list: the cache never catches up with a write
    let deliver = true;
    const stalling: Store = Object.create(inner) as Store;
    stalling.watch = (type, options, signal) => {
      const events = inner.watch(type, options, signal);
      return {
        async *[Symbol.asyncIterator]() {
          for await (const e of events) if (deliver) yield e;
        },
      };
    };
    const store = await open(stalling);
    await store.create(IMAGE_STREAMS, stream('a'));
    expect(names((await store.list(IMAGE_STREAMS, {})).items)).toEqual(['default/a']);
    deliver = false;
    await store.create(IMAGE_STREAMS, stream('b'));

    const { misses } = store.counts;
    const pending = store.list(IMAGE_STREAMS, {});
    await vi.waitFor(() => expect(clock.delays).toContain(3000));
    clock.advance(3000);
    expect(names((await pending).items)).toEqual(['default/a', 'default/b']);
    expect(store.counts.misses).toBe(misses + 1);

    const any = await store.list(IMAGE_STREAMS, { resourceVersion: '0' });
    expect(names(any.items)).toEqual(['default/a']);
  });
});

describe('fresh revision reads', () => {
  it('shares a read only with callers that asked before it started', async () => {
    const started: ((v: string) => void)[] = [];
    const fresh = new FreshRevision(() => new Promise<string>((resolve) => started.push(resolve)));
    const first = fresh.get();
    const second = fresh.get();
    const third = fresh.get();
    expect(started).toHaveLength(1);
    started[0]?.('1');
    expect(await first).toBe('1');
    await vi.waitFor(() => expect(started).toHaveLength(2));
    started[1]?.('2');
    expect([await second, await third]).toEqual(['2', '2']);
  });
});
