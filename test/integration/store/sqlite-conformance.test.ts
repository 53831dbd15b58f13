import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import {
  describeStoreConformance,
  stream,
  watchCached,
  type OpenedStore,
} from '../../support/store-conformance.js';

const HISTORY = 50;

async function openSqlite(): Promise<OpenedStore> {
  const dir = await mkdtemp(join(tmpdir(), 'imagestreams-store-'));
  const store = await openSqliteStore({ path: join(dir, 'store.db'), eventHistory: HISTORY });
  const scratch = { group: '', resource: 'scratch', namespaced: false };
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
    // the history holds the last HISTORY events: that many writes push everything older out
    expireHistory: async () => {
      let o = await store.create(scratch, { ...stream('scratch'), metadata: { name: 'scratch' } });
      for (let i = 1; i < HISTORY; i++) o = await store.update(scratch, { ...o, spec: { i } });
    },
  };
}

describeStoreConformance('sqlite', openSqlite);
describeStoreConformance('sqlite behind the watch cache', openSqlite, { wrap: watchCached });
