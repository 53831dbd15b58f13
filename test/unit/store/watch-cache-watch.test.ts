import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import { gone } from '../../../src/api/status-error.js';
import { IMAGE_STREAMS } from '../../../src/store/resource-types.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store, WatchEvent, WatchOptions } from '../../../src/store/store.js';
import { CachingStore, type WatchCacheOptions } from '../../../src/store/watch-cache/caching-store.js';
import { breakableStore, type BreakableStore } from '../../support/breakable-store.js';
import { bareStream } from '../../support/image-stream.js';
import { recordingClock, type RecordingClock } from '../../support/recording-clock.js';

const stream = bareStream;

let inner: Store;
let breakable: BreakableStore;
let clock: RecordingClock;
let cached: CachingStore | undefined;
const aborts: AbortController[] = [];

beforeEach(async () => {
  inner = await openSqliteStore({ path: ':memory:' });
  breakable = breakableStore(inner);
  clock = recordingClock();
});
afterEach(async () => {
  for (const a of aborts.splice(0)) a.abort();
  cached?.stop();
  cached = undefined;
  await inner.close();
});

const open = async (options: Partial<WatchCacheOptions> = {}): Promise<CachingStore> => {
  // resourceVersion '0' means "the current objects, then changes": start the tests past it
  await inner.create(IMAGE_STREAMS, stream('seed'));
  await inner.delete(IMAGE_STREAMS, 'default', 'seed');
  const store = new CachingStore(breakable, { types: [IMAGE_STREAMS], clock, ...options });
  cached = store;
  await store.synced();
  await vi.waitFor(() => expect(store.cacheOf(IMAGE_STREAMS)?.ready).toBe(true));
  return store;
};

/** The cache applied every write so far (a consistent read waits for it). */
const applied = async (store: CachingStore): Promise<void> => {
  await store.get(IMAGE_STREAMS, 'default', 'any');
};

const watch = (store: Store, options: WatchOptions): AsyncIterator<WatchEvent> => {
  const abort = new AbortController();
  aborts.push(abort);
  return store.watch(IMAGE_STREAMS, options, abort.signal)[Symbol.asyncIterator]();
};

const take = async (it: AsyncIterator<WatchEvent>, n: number): Promise<WatchEvent[]> => {
  const out: WatchEvent[] = [];
  while (out.length < n) {
    const next = await it.next();
    if (next.done) throw new Error('watch ended');
    out.push(next.value);
  }
  return out;
};

const summary = (events: readonly WatchEvent[]): string[] =>
  events.map((e) => `${e.type} ${e.object.metadata.name} ${e.object.metadata.resourceVersion ?? ''}`);

const rv = (o: KubeObject): string => o.metadata.resourceVersion ?? '';

describe('watch cache: watches from the window of recent changes', () => {
  it('replays the changes after the resourceVersion, then live ones, without watching the store', async () => {
    const store = await open();
    const a = await store.create(IMAGE_STREAMS, stream('a'));
    const b = await store.create(IMAGE_STREAMS, stream('b'));
    const a2 = await store.update(IMAGE_STREAMS, { ...a, spec: { tags: [{ name: 'x' }] } });
    const deleted = await store.delete(IMAGE_STREAMS, 'default', 'b');
    await applied(store);
    const storeWatches = breakable.liveWatches();

    const w = watch(store, { resourceVersion: rv(a) });
    const c = await store.create(IMAGE_STREAMS, stream('c'));
    const events = await take(w, 4);
    expect(summary(events)).toEqual([
      `ADDED b ${rv(b)}`,
      `MODIFIED a ${rv(a2)}`,
      `DELETED b ${rv(deleted)}`,
      `ADDED c ${rv(c)}`,
    ]);
    expect(events[1]?.object).toEqual(a2);
    expect(events[2]?.object).toEqual(deleted);
    expect(events[3]?.object).toEqual(c);
    expect(store.counts.watchesServed).toBe(1);
    expect(store.counts.watchesForwarded).toBe(0);
    expect(breakable.liveWatches()).toBe(storeWatches);
  });

  it('gives the same events as the store for namespace, label and field selectors, objects entering and leaving', async () => {
    const store = await open();
    const start = await store.currentResourceVersion();
    await applied(store);
    const cases: WatchOptions[] = [
      { namespace: 'b' },
      { labelSelector: 'app=web' },
      { labelSelector: '!app' },
      { fieldSelector: 'metadata.name=two' },
      { namespace: 'a', labelSelector: 'app in (web,db)' },
    ];
    const fromCache = cases.map((o) => watch(store, { ...o, resourceVersion: start }));
    const fromStore = cases.map((o) => watch(inner, { ...o, resourceVersion: start }));
    const one = await store.create(IMAGE_STREAMS, stream('one', 'a', { app: 'web' }));
    await store.create(IMAGE_STREAMS, stream('two', 'b'));
    const left = await store.update(IMAGE_STREAMS, {
      ...one,
      metadata: { ...one.metadata, labels: { app: 'x' } },
    });
    await store.update(IMAGE_STREAMS, { ...left, metadata: { ...left.metadata, labels: { app: 'web' } } });
    await store.delete(IMAGE_STREAMS, 'a', 'one');
    await store.delete(IMAGE_STREAMS, 'b', 'two');
    const counts = [2, 4, 2, 2, 4];
    for (const [i, options] of cases.entries()) {
      const want = await take(fromStore[i]!, counts[i]!);
      const got = await take(fromCache[i]!, want.length);
      expect(got, JSON.stringify(options)).toEqual(want);
      if (i === 1) expect(got.map((e) => e.type)).toEqual(['ADDED', 'DELETED', 'ADDED', 'DELETED']);
    }
    expect(store.counts.watchesServed).toBe(cases.length);
  });

  it('ends a watcher that falls more than maxBuffered events behind with 410', async () => {
    const store = await open({ watchWindow: { maxBuffered: 3 } });
    await applied(store);
    const slow = watch(store, { resourceVersion: await store.currentResourceVersion() });
    for (const n of ['a', 'b', 'c', 'd']) await store.create(IMAGE_STREAMS, stream(n));
    await applied(store);
    await expect(slow.next()).rejects.toMatchObject({ code: 410, reason: 'Expired' });
    expect(cached?.cacheOf(IMAGE_STREAMS)?.window.watcherCount).toBe(0);
  });

  it('leaves a resourceVersion older than the window (by count or by age) to the store', async () => {
    const store = await open({ watchWindow: { capacity: 2, maxAgeMs: 60_000 } });
    const a = await store.create(IMAGE_STREAMS, stream('a'));
    for (const n of ['b', 'c', 'd']) await store.create(IMAGE_STREAMS, stream(n));
    await applied(store);
    const old = watch(store, { resourceVersion: rv(a) });
    expect(store.counts.watchesForwarded).toBe(1);
    // the store still has the history: the same events
    expect(summary(await take(old, 3)).map((s) => s.split(' ')[1])).toEqual(['b', 'c', 'd']);

    const recent = await store.currentResourceVersion();
    await store.create(IMAGE_STREAMS, stream('e'));
    await applied(store);
    clock.advance(60_001);
    watch(store, { resourceVersion: recent });
    expect(store.counts.watchesForwarded).toBe(2);
    // the current revision is always covered, however old the last change
    watch(store, { resourceVersion: await store.currentResourceVersion() });
    expect(store.counts.watchesServed).toBe(1);
  });

  it('leaves unset and 0 resourceVersions, progress watches and malformed input to the store', async () => {
    const store = await open();
    await store.create(IMAGE_STREAMS, stream('a'));
    await applied(store);
    const current = await store.currentResourceVersion();
    const unset = watch(store, {});
    expect(summary(await take(unset, 1))[0]).toMatch(/^ADDED a /);
    watch(store, { resourceVersion: '0' });
    watch(store, { resourceVersion: current, progress: {} });
    const bad = watch(store, { resourceVersion: current, labelSelector: '=' });
    await expect(bad.next()).rejects.toMatchObject({ code: 400 });
    expect(store.counts.watchesForwarded).toBe(4);
    expect(store.counts.watchesServed).toBe(0);
  });

  it('gives every watcher its own copy of each object, never the cached one', async () => {
    const store = await open();
    await applied(store);
    const from = await store.currentResourceVersion();
    const first = watch(store, { resourceVersion: from });
    const second = watch(store, { resourceVersion: from });
    const created = await store.create(IMAGE_STREAMS, stream('a'));
    const [one] = await take(first, 1);
    one!.object.metadata.labels = { changed: 'yes' };
    one!.object.metadata.name = 'changed';
    const [two] = await take(second, 1);
    expect(two?.object).toEqual(created);
    expect(await store.get(IMAGE_STREAMS, 'default', 'a')).toEqual(created);
    const replay = watch(store, { resourceVersion: from });
    expect((await take(replay, 1))[0]?.object).toEqual(created);
  });

  it('ends its watchers with 410 when the cache loses the store watch, and serves again after the relist', async () => {
    const store = await open();
    await applied(store);
    const w = watch(store, { resourceVersion: await store.currentResourceVersion() });
    await vi.waitFor(() => expect(breakable.liveWatches()).toBe(1));
    breakable.breakWatches(gone('too old resource version'));
    await expect(w.next()).rejects.toMatchObject({ code: 410 });
    await vi.waitFor(() => expect(cached?.cacheOf(IMAGE_STREAMS)?.ready).toBe(true));
    await applied(store);
    const again = watch(store, { resourceVersion: await store.currentResourceVersion() });
    const created = await store.create(IMAGE_STREAMS, stream('b'));
    expect((await take(again, 1))[0]?.object).toEqual(created);
    expect(store.counts.watchesServed).toBe(2);
  });

  it('waits for a cache behind the resourceVersion, then serves the watch', async () => {
    const store = await open();
    const created = await inner.create(IMAGE_STREAMS, stream('a'));
    const w = watch(store, { resourceVersion: String(Number(rv(created)) - 1) });
    expect((await take(w, 1))[0]?.object).toEqual(created);
    expect(store.counts.watchesServed).toBe(1);
  });

  it('leaves a resourceVersion the cache does not reach within the bounded wait to the store; an abort ends a wait', async () => {
    const store = await open();
    const ahead = String(Number(await store.currentResourceVersion()) + 100);
    const abort = new AbortController();
    const source = store.watch(IMAGE_STREAMS, { resourceVersion: ahead }, abort.signal);
    const waiting = source[Symbol.asyncIterator]();
    const pending = waiting.next();
    await vi.waitFor(() => expect(clock.delays).toContain(3000));
    abort.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(store.counts.watchesServed + store.counts.watchesForwarded).toBe(0);

    const later = watch(store, { resourceVersion: ahead });
    const next = later.next();
    await vi.waitFor(() => expect(clock.delays.filter((ms) => ms === 3000)).toHaveLength(2));
    clock.advance(3000);
    await vi.waitFor(() => expect(store.counts.watchesForwarded).toBe(1));
    expect(store.counts.watchesServed).toBe(0);
    void next.catch(() => undefined);
  });
});
