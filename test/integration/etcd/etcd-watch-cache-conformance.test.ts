/** The Store conformance suite through the watch cache (store/watch-cache) over a real etcd: same behaviour. */
import { Etcd3 } from 'etcd3';
import { afterAll } from 'vitest';
import { openEtcdStore } from '../../../src/store/etcd/etcd-store.js';
import { CachingStore } from '../../../src/store/watch-cache/caching-store.js';
import { startEtcd, type EtcdCluster } from '../../support/etcd.js';
import { describeStoreConformance, IMAGES, IMAGESTREAMS } from '../../support/store-conformance.js';

let etcd: Promise<EtcdCluster> | undefined;
let admin: Etcd3 | undefined;
let n = 0;

afterAll(async () => {
  admin?.close();
  await (await etcd)?.stop();
});

describeStoreConformance('etcd behind the watch cache', async () => {
  etcd ??= startEtcd();
  const { endpoints } = await etcd;
  admin ??= new Etcd3({ hosts: endpoints });
  const client = admin;
  const inner = await openEtcdStore({ endpoints, prefix: `/cached-${++n}`, compactionIntervalMs: 0 });
  const store = new CachingStore(inner, { types: [IMAGESTREAMS, IMAGES] });
  await store.synced();
  return {
    store,
    cleanup: () => store.close(),
    expireHistory: async () => {
      const { header } = await client.put('/scratch').value(String(n)).exec();
      await client.kv.compact({ revision: header.revision, physical: true });
    },
  };
});
