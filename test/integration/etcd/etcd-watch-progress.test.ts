/**
 * Watch progress requests on a real etcd: a watch asked for progress answers with a BOOKMARK at
 * the store's revision, so that the watch cache serves a consistent GET after a write to another
 * type. Debian's etcd (3.4.23) is older than the versions whose notifications are trusted
 * (etcd-progress.ts): the store leaves progress off there unless told (the second test); the
 * first turns it on to test the mechanism.
 */
import { Etcd3 } from 'etcd3';
import { afterAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import { progressNotifyTrusted } from '../../../src/store/etcd/etcd-progress.js';
import { openEtcdStore } from '../../../src/store/etcd/etcd-store.js';
import { IMAGE_STREAMS, IMAGES } from '../../../src/store/resource-types.js';
import type { Store } from '../../../src/store/store.js';
import { CachingStore } from '../../../src/store/watch-cache/caching-store.js';
import { startEtcd, type EtcdCluster } from '../../support/etcd.js';

let etcd: Promise<EtcdCluster> | undefined;
let n = 0;
afterAll(async () => (await etcd)?.stop());

const stream = (name: string): KubeObject => ({
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: { name, namespace: 'default' },
  spec: {},
});
const image = (name: string): KubeObject => ({
  apiVersion: 'image.openshift.io/v1',
  kind: 'Image',
  metadata: { name },
  dockerImageReference: `registry.test/x@${name}`,
});

async function cachedStore(progressNotify?: boolean): Promise<{ inner: Store; cached: CachingStore }> {
  etcd ??= startEtcd();
  const { endpoints } = await etcd;
  const inner = await openEtcdStore({
    endpoints,
    prefix: `/progress-${++n}`,
    compactionIntervalMs: 0,
    ...(progressNotify !== undefined ? { progressNotify } : {}),
  });
  const cached = new CachingStore(inner, { types: [IMAGE_STREAMS, IMAGES], consistentWaitMs: 2000 });
  await cached.synced();
  return { inner, cached };
}

describe('etcd watch progress requests', () => {
  it('bring a cache whose type was not written last up to the store revision: the GET is a hit', async () => {
    const { cached } = await cachedStore(true);
    try {
      const created = await cached.create(IMAGE_STREAMS, stream('a'));
      await cached.create(IMAGES, image('sha256:1'));
      const hits = cached.counts.hits;
      expect(await cached.get(IMAGE_STREAMS, 'default', 'a')).toEqual(created);
      expect(cached.counts.hits - hits).toBe(1);
      // and the cache still sees a later change of its own type
      const updated = await cached.update(IMAGE_STREAMS, { ...created, spec: { x: 1 } });
      await cached.create(IMAGES, image('sha256:2'));
      expect(await cached.get(IMAGE_STREAMS, 'default', 'a')).toEqual(updated);
      expect(cached.counts.hits - hits).toBe(2);
    } finally {
      await cached.close();
    }
  });

  it('follow the etcd version unless asked for: off before 3.4.31, and such a GET reads etcd', async () => {
    const { cached } = await cachedStore();
    const admin = new Etcd3({ hosts: (await etcd!).endpoints });
    try {
      const trusted = progressNotifyTrusted((await admin.maintenance.status()).version);
      const created = await cached.create(IMAGE_STREAMS, stream('a'));
      await cached.create(IMAGES, image('sha256:1'));
      const { hits, misses } = cached.counts;
      expect(await cached.get(IMAGE_STREAMS, 'default', 'a')).toEqual(created);
      expect({ hits: cached.counts.hits - hits, misses: cached.counts.misses - misses }).toEqual(
        trusted ? { hits: 1, misses: 0 } : { hits: 0, misses: 1 },
      );
    } finally {
      admin.close();
      await cached.close();
    }
  });
});
