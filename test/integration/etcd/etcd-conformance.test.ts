/**
 * The shared Store conformance suite against a real etcd: one etcd for the file, a fresh key
 * prefix (an empty store) per test; expiring history is an etcd compaction at the current revision.
 */
import { Etcd3 } from 'etcd3';
import { afterAll } from 'vitest';
import { openEtcdStore } from '../../../src/store/etcd/etcd-store.js';
import { startEtcd, type EtcdCluster } from '../../support/etcd.js';
import { describeStoreConformance, watchCached, type OpenedStore } from '../../support/store-conformance.js';

let etcd: Promise<EtcdCluster> | undefined;
let admin: Etcd3 | undefined;
let n = 0;

afterAll(async () => {
  admin?.close();
  await (await etcd)?.stop();
});

async function openEtcd(): Promise<OpenedStore> {
  etcd ??= startEtcd();
  const { endpoints } = await etcd;
  admin ??= new Etcd3({ hosts: endpoints });
  const client = admin;
  const store = await openEtcdStore({ endpoints, prefix: `/conformance-${++n}`, compactionIntervalMs: 0 });
  return {
    store,
    cleanup: () => store.close(),
    // etcd keeps the compaction revision itself: one more write first, so that every change up to
    // the current revision is gone and a watch from any older resourceVersion must fail
    expireHistory: async () => {
      const { header } = await client.put('/scratch').value(String(n)).exec();
      await client.kv.compact({ revision: header.revision, physical: true });
    },
  };
}

describeStoreConformance('etcd', openEtcd);
describeStoreConformance('etcd behind the watch cache', openEtcd, { wrap: watchCached });
