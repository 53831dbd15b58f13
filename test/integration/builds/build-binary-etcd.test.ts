/**
 * The largest binary upload instantiatebinary takes fits one etcd value (etcd's default request
 * limit, 1.5 MiB): stored, read back byte for byte, deleted.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  deleteBinary,
  MAX_BINARY_BYTES,
  readBinary,
  writeBinary,
} from '../../../src/builds/binary/stored-binary.js';
import { openEtcdStore } from '../../../src/store/etcd/etcd-store.js';
import type { Store } from '../../../src/store/store.js';
import { startEtcd, type EtcdCluster } from '../../support/etcd.js';

let etcd: EtcdCluster | undefined;
let store: Store | undefined;

afterAll(async () => {
  await store?.close();
  await etcd?.stop();
}, 30_000);

describe('binary uploads in etcd', () => {
  it('keeps an upload of MAX_BINARY_BYTES in one etcd value', async () => {
    etcd = await startEtcd();
    store = await openEtcdStore({ endpoints: etcd.endpoints, prefix: '/binary', compactionIntervalMs: 0 });
    const data = randomBytes(MAX_BINARY_BYTES);
    await writeBinary(store, 'ns', 'app-1', { asFile: 'app.jar', data });
    const back = await readBinary(store, 'ns', 'app-1');
    expect(back?.asFile).toBe('app.jar');
    expect(back?.data.equals(data)).toBe(true);
    await deleteBinary(store, 'ns', 'app-1');
    expect(await readBinary(store, 'ns', 'app-1')).toBeUndefined();
  }, 60_000);
});
