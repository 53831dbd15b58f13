/** The Store conformance suite through the watch cache (store/watch-cache) over SQLite: same behaviour. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { CachingStore } from '../../../src/store/watch-cache/caching-store.js';
import { describeStoreConformance, IMAGES, IMAGESTREAMS, stream } from '../../support/store-conformance.js';

const HISTORY = 50;

describeStoreConformance('sqlite behind the watch cache', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'imagestreams-store-'));
  const inner = await openSqliteStore({ path: join(dir, 'store.db'), eventHistory: HISTORY });
  const store = new CachingStore(inner, { types: [IMAGESTREAMS, IMAGES] });
  await store.synced();
  const scratch = { group: '', resource: 'scratch', namespaced: false };
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
    expireHistory: async () => {
      let o = await store.create(scratch, { ...stream('scratch'), metadata: { name: 'scratch' } });
      for (let i = 1; i < HISTORY; i++) o = await store.update(scratch, { ...o, spec: { i } });
    },
  };
});
