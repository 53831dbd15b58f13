/**
 * Paged LISTs from the watch cache: the same pages, tokens and counts as the store's; every page
 * at the first page's resourceVersion while the type changes; tokens move between the cache and
 * the store in both directions; a token whose state neither keeps any more is 410 Expired.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import { IMAGE_STREAMS, NAMESPACES } from '../../../src/store/resource-types.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { ListOptions, ListResult, Store } from '../../../src/store/store.js';
import { CachingStore } from '../../../src/store/watch-cache/caching-store.js';
import { TypeCache } from '../../../src/store/watch-cache/type-cache.js';
import { breakableStore, type BreakableStore } from '../../support/breakable-store.js';
import { bareStream } from '../../support/image-stream.js';
import { recordingClock, type RecordingClock } from '../../support/recording-clock.js';

const stream = bareStream;

const names = (items: readonly KubeObject[]): string[] =>
  items.map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`);

let inner: Store;
let breakable: BreakableStore;
let clock: RecordingClock;
let cached: CachingStore;

const open = async (eventHistory = 10_000): Promise<CachingStore> => {
  inner = await openSqliteStore({ path: ':memory:', eventHistory });
  breakable = breakableStore(inner);
  cached = new CachingStore(breakable, {
    types: [IMAGE_STREAMS, NAMESPACES],
    clock,
    snapshots: { ttlMs: 10_000, max: 4 },
  });
  await cached.synced();
  await vi.waitFor(() => expect(cached.cacheOf(IMAGE_STREAMS)?.ready).toBe(true));
  return cached;
};

beforeEach(() => {
  clock = recordingClock();
});
afterEach(async () => {
  cached.stop();
  await inner.close();
});

/** Every page of a list, following continue tokens. */
async function walk(store: Store, options: ListOptions): Promise<ListResult[]> {
  const pages: ListResult[] = [];
  let token: string | undefined;
  do {
    const page = await store.list(IMAGE_STREAMS, { ...options, ...(token ? { continue: token } : {}) });
    pages.push(page);
    token = page.continue;
  } while (token);
  return pages;
}

async function seed(store: Store): Promise<void> {
  await store.create(IMAGE_STREAMS, stream('b', 'ns1', { app: 'web' }));
  await store.create(IMAGE_STREAMS, stream('a', 'ns2', { app: 'web' }));
  await store.create(IMAGE_STREAMS, stream('a', 'ns1'));
  await store.create(IMAGE_STREAMS, stream('c', 'ns1', { app: 'web' }));
  await store.create(IMAGE_STREAMS, stream('d', 'ns1', { app: 'api' }));
  await store.create(IMAGE_STREAMS, stream('b', 'ns2'));
}

describe('watch cache: paged lists', () => {
  it('answers every page from the cache with the store pages, tokens and remaining counts', async () => {
    const store = await open();
    await seed(store);
    const cases: ListOptions[] = [
      { limit: 1 },
      { limit: 2 },
      { limit: 4 },
      { limit: 2, namespace: 'ns1' },
      { limit: 1, labelSelector: 'app=web' },
      { limit: 2, namespace: 'ns2', fieldSelector: 'metadata.name!=a' },
    ];
    for (const options of cases) {
      const lists = breakable.lists();
      const { misses } = store.counts;
      const fromCache = await walk(store, options);
      expect(store.counts.misses, JSON.stringify(options)).toBe(misses);
      expect(breakable.lists(), JSON.stringify(options)).toBe(lists);
      const fromStore = await walk(inner, options);
      expect(fromCache, JSON.stringify(options)).toEqual(fromStore);
    }
  });

  it('keeps every page at the first page resourceVersion while the type changes', async () => {
    const store = await open();
    await seed(store);
    const first = await store.list(IMAGE_STREAMS, { limit: 2 });
    expect(names(first.items)).toEqual(['ns1/a', 'ns1/b']);
    await store.delete(IMAGE_STREAMS, 'ns1', 'c');
    await store.create(IMAGE_STREAMS, stream('bb', 'ns1'));
    await store.create(IMAGE_STREAMS, stream('c', 'ns2'));
    expect(await store.get(IMAGE_STREAMS, 'ns2', 'c')).toBeDefined();
    expect(cached.cacheOf(IMAGE_STREAMS)?.keptSnapshots).toBe(1);
    const lists = breakable.lists();
    const { hits } = store.counts;
    const second = await store.list(IMAGE_STREAMS, { limit: 2, continue: first.continue ?? '' });
    const third = await store.list(IMAGE_STREAMS, { limit: 2, continue: second.continue ?? '' });
    expect(names([...second.items, ...third.items])).toEqual(['ns1/c', 'ns1/d', 'ns2/a', 'ns2/b']);
    expect(third.continue).toBeUndefined();
    expect([second.resourceVersion, third.resourceVersion]).toEqual([
      first.resourceVersion,
      first.resourceVersion,
    ]);
    expect(store.counts.hits - hits).toBe(2);
    expect(breakable.lists()).toBe(lists);
    // a new list sees the changes
    expect(names((await store.list(IMAGE_STREAMS, {})).items)).toContain('ns1/bb');
  });

  it("continues a store's page from the cache, and the cache's page in the store", async () => {
    const store = await open();
    await seed(store);
    const fromStore = await inner.list(IMAGE_STREAMS, { limit: 2 });
    const { misses } = store.counts;
    const continued = await store.list(IMAGE_STREAMS, { limit: 10, continue: fromStore.continue ?? '' });
    expect(store.counts.misses).toBe(misses);
    expect(continued).toEqual(
      await inner.list(IMAGE_STREAMS, { limit: 10, continue: fromStore.continue ?? '' }),
    );

    const fromCache = await store.listEncoded(IMAGE_STREAMS, { limit: 3 });
    await store.create(IMAGE_STREAMS, stream('z', 'ns1'));
    const inStore = await inner.list(IMAGE_STREAMS, { continue: fromCache?.continue ?? '' });
    const inCache = await store.list(IMAGE_STREAMS, { continue: fromCache?.continue ?? '' });
    expect(names(inStore.items)).toEqual(['ns1/d', 'ns2/a', 'ns2/b']);
    expect(inCache).toEqual(inStore);
  });

  it('leaves a token whose state it no longer has to the store: its history, then 410 Expired', async () => {
    const store = await open(3);
    await seed(store);
    const first = await store.list(IMAGE_STREAMS, { limit: 2 });
    await store.create(IMAGE_STREAMS, stream('e', 'ns1'));
    // a consistent read: the cache has applied the change (and replaced the state of the first page)
    await store.get(IMAGE_STREAMS, 'ns1', 'e');
    expect(cached.cacheOf(IMAGE_STREAMS)?.keptSnapshots).toBe(1);
    clock.advance(10_001);
    // replaced and aged out of the cache; the store still has the history to answer it
    const lists = breakable.lists();
    const second = await store.list(IMAGE_STREAMS, { limit: 2, continue: first.continue ?? '' });
    expect(names(second.items)).toEqual(['ns1/c', 'ns1/d']);
    expect(breakable.lists()).toBe(lists + 1);
    for (const n of ['f', 'g', 'h']) await store.create(IMAGE_STREAMS, stream(n, 'ns1'));
    await expect(
      store.list(IMAGE_STREAMS, { limit: 2, continue: second.continue ?? '' }),
    ).rejects.toMatchObject({ code: 410 });
  });

  it('answers from a kept state after the store compacted it away', async () => {
    const store = await open(2);
    await seed(store);
    const first = await store.list(IMAGE_STREAMS, { limit: 2 });
    for (const n of ['e', 'f', 'g']) await store.create(IMAGE_STREAMS, stream(n, 'ns1'));
    await expect(
      inner.list(IMAGE_STREAMS, { limit: 2, continue: first.continue ?? '' }),
    ).rejects.toMatchObject({
      code: 410,
    });
    const second = await store.list(IMAGE_STREAMS, { limit: 2, continue: first.continue ?? '' });
    expect(names(second.items)).toEqual(['ns1/c', 'ns1/d']);
  });

  it('refuses a token of another namespace or one it did not issue, as the store does', async () => {
    const store = await open();
    await seed(store);
    const first = await store.list(IMAGE_STREAMS, { limit: 1, namespace: 'ns1' });
    await expect(
      store.list(IMAGE_STREAMS, { limit: 1, namespace: 'ns2', continue: first.continue ?? '' }),
    ).rejects.toMatchObject({ code: 400 });
    await expect(store.list(IMAGE_STREAMS, { limit: 1, continue: 'nonsense!' })).rejects.toMatchObject({
      code: 400,
    });
  });
});

describe('watch cache: list order', () => {
  const cacheOf = (order: 'namespace-name' | 'key-path'): TypeCache => {
    const cache = new TypeCache(IMAGE_STREAMS, { order });
    let rv = 0;
    for (const [ns, name] of [
      ['a', 'y'],
      ['a-b', 'x'],
      ['a', 'x'],
      ['b', 'x'],
    ] as const)
      cache.put({ ...stream(name, ns), metadata: { namespace: ns, name, resourceVersion: String(++rv) } });
    cache.listed(String(rv));
    return cache;
  };
  const pageNames = (cache: TypeCache, token?: string): { names: string[]; continue?: string } => {
    const options: ListOptions = { limit: 2, ...(token ? { continue: token } : {}) };
    const parsed = token ? JSON.parse(Buffer.from(token, 'base64url').toString()) : undefined;
    const page = cache.list(
      options,
      parsed ? { resourceVersion: parsed.rv, namespace: parsed.ns, name: parsed.name } : undefined,
    );
    return {
      names: (page?.items ?? []).map((o) => `${o.namespace}/${o.name}`),
      ...(page?.continue ? { continue: page.continue } : {}),
    };
  };

  it('lists and continues in the store order: by namespace then name (SQLite), or by key path (etcd)', () => {
    for (const [order, expected] of [
      ['namespace-name', ['a/x', 'a/y', 'a-b/x', 'b/x']],
      ['key-path', ['a-b/x', 'a/x', 'a/y', 'b/x']],
    ] as const) {
      const cache = cacheOf(order);
      const first = pageNames(cache);
      const rest = pageNames(cache, first.continue);
      expect([...first.names, ...rest.names], order).toEqual(expected);
      expect(rest.continue).toBeUndefined();
    }
  });
});
