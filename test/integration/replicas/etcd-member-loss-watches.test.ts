/**
 * A server's watches keep following when one member of its three-member etcd dies: the store's
 * watch, a watch served from the watch cache, and a watch asking for progress (the store's
 * prefix watch, etcd-progress-tracker.ts, which answers progress on an etcd whose own
 * notifications are not trusted) all see a write made after the kill within seconds, and the
 * watch cache answers a consistent read again.
 *
 * Each of SERVERS stores has its own etcd client, whose streams etcd3 spreads over the members at
 * random: with eight, some progress watch runs on the killed member in all but (2/3)^8 = 4 % of
 * runs. Before its progress watch resumed after a break, such a store answered no progress
 * request (and its cache sent every consistent read to etcd after waiting for it) until one of
 * its caches listed again, which nothing made happen.
 */
import { setMaxListeners } from 'node:events';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import { openEtcdStore } from '../../../src/store/etcd/etcd-store.js';
import type { ResourceType, Store, WatchEvent, WatchProgress } from '../../../src/store/store.js';
import { CachingStore } from '../../../src/store/watch-cache/caching-store.js';
import { startEtcd, type EtcdCluster } from '../../support/etcd.js';
import { until } from '../../support/until.js';

const SERVERS = 8;
/** how soon after the write every watch must have seen it */
const FOLLOW_MS = 10_000;
const PREFIX = '/member-loss';
const A: ResourceType = { group: 'image.openshift.io', resource: 'imagestreams', namespaced: true };
const B: ResourceType = { group: 'image.openshift.io', resource: 'images', namespaced: false };

const objectOf = (type: ResourceType, name: string): KubeObject => ({
  apiVersion: 'image.openshift.io/v1',
  kind: type === A ? 'ImageStream' : 'Image',
  metadata: type.namespaced ? { name, namespace: 'default' } : { name },
});

/** Everything a watch delivers, with when it arrived, read in the background. */
class Followed {
  readonly events: { at: number; event: WatchEvent }[] = [];
  ended: unknown;

  constructor(watch: AsyncIterable<WatchEvent>) {
    void (async () => {
      try {
        for await (const event of watch) this.events.push({ at: Date.now(), event });
        this.ended = 'the watch ended';
      } catch (err) {
        this.ended = err;
      }
    })();
  }

  /** when an event named `name` (of any type but BOOKMARK) arrived */
  sawObject(name: string): number | undefined {
    return this.events.find((e) => e.event.type !== 'BOOKMARK' && e.event.object.metadata.name === name)?.at;
  }

  /** when a BOOKMARK at `revision` or later arrived */
  sawBookmark(revision: number): number | undefined {
    return this.events.find(
      (e) => e.event.type === 'BOOKMARK' && Number(e.event.object.metadata.resourceVersion) >= revision,
    )?.at;
  }
}

interface Server {
  cache: CachingStore;
  storeWatch: Followed;
  cacheWatch: Followed;
  progressWatch: Followed;
  progress: WatchProgress;
}

describe('watches of a store whose etcd loses one of three members', () => {
  let etcd: EtcdCluster;
  let writer: Store;
  const servers: Server[] = [];
  const controller = new AbortController();

  beforeAll(async () => {
    // three watches per store on one signal
    setMaxListeners(4 * SERVERS, controller.signal);
    etcd = await startEtcd({ members: 3 });
    writer = await openEtcdStore({ endpoints: etcd.endpoints, prefix: PREFIX, compactionIntervalMs: 0 });
  });
  afterAll(async () => {
    controller.abort();
    await Promise.all(servers.map((s) => s.cache.close()));
    await writer?.close();
    await etcd?.stop();
  });

  it('follow again within seconds: store watch, watch-cache watch, progress and consistent reads', async () => {
    const from = (await writer.create(A, objectOf(A, 'before'))).metadata.resourceVersion!;
    for (let i = 0; i < SERVERS; i++) {
      const store = await openEtcdStore({
        endpoints: etcd.endpoints,
        prefix: PREFIX,
        compactionIntervalMs: 0,
        // progress from the store's prefix watch, whatever etcd's version (3.4.23 here needs it anyway)
        progressNotify: false,
      });
      const cache = new CachingStore(store, { types: [A, B], consistentWaitMs: 1000 });
      await cache.synced();
      const progress: WatchProgress = {};
      servers.push({
        cache,
        storeWatch: new Followed(store.watch(A, { resourceVersion: from }, controller.signal)),
        cacheWatch: new Followed(cache.watch(A, { resourceVersion: from }, controller.signal)),
        progressWatch: new Followed(store.watch(B, { resourceVersion: from, progress }, controller.signal)),
        progress,
      });
    }
    // every watch runs (its stream was created) before the kill
    await writer.create(A, objectOf(A, 'warm'));
    await writer.create(B, objectOf(B, 'warm'));
    await until(
      'every watch to see the writes before the kill',
      () =>
        servers.every(
          (s) =>
            s.storeWatch.sawObject('warm') &&
            s.cacheWatch.sawObject('warm') &&
            s.progressWatch.sawObject('warm'),
        ),
      10_000,
    );

    await etcd.kill(0);
    const killed = Date.now();
    // the first write may wait for etcd to elect a new raft leader (seconds)
    const after = Number((await writer.create(A, objectOf(A, 'after'))).metadata.resourceVersion);
    const written = Date.now();

    const readsFromCache = servers.map(() => false);
    const followed = (s: Server, i: number): boolean =>
      s.storeWatch.sawObject('after') !== undefined &&
      s.cacheWatch.sawObject('after') !== undefined &&
      s.progressWatch.sawBookmark(after) !== undefined &&
      readsFromCache[i] === true;
    await until(
      'every server to follow again',
      async () => {
        await Promise.all(
          servers.map(async (s, i) => {
            if (followed(s, i)) return;
            s.progress.request?.();
            // a consistent read of the type not written last: the cache answers once it knows it is current
            const hits = s.cache.counts.hits;
            await s.cache.get(B, undefined, 'warm');
            if (s.cache.counts.hits > hits) readsFromCache[i] = true;
          }),
        );
        return servers.every(followed);
      },
      FOLLOW_MS,
      200,
    ).catch((err: unknown) => {
      const state = servers.map((s, i) => ({
        server: i,
        storeWatch: s.storeWatch.sawObject('after') !== undefined || String(s.storeWatch.ended ?? 'behind'),
        cacheWatch: s.cacheWatch.sawObject('after') !== undefined || String(s.cacheWatch.ended ?? 'behind'),
        progress: s.progressWatch.sawBookmark(after) !== undefined || String(s.progressWatch.ended ?? 'none'),
        readFromCache: readsFromCache[i],
      }));
      throw new Error(`${err instanceof Error ? err.message : String(err)}: ${JSON.stringify(state)}`);
    });
    const slowest = Math.max(
      ...servers.flatMap((s) => [
        s.storeWatch.sawObject('after')!,
        s.cacheWatch.sawObject('after')!,
        s.progressWatch.sawBookmark(after)!,
      ]),
    );
    console.log(
      `the write after the kill took ${written - killed} ms; every watch of ${SERVERS} stores had it ${slowest - written} ms after it`,
    );
  }, 90_000);
});
