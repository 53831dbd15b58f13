/**
 * A three-member etcd cluster loses a member: the store keeps serving reads and writes, and its
 * watches resume on a surviving member from the last delivered revision, losing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import { openEtcdStore } from '../../../src/store/etcd/etcd-store.js';
import type { ResourceType, Store, WatchEvent } from '../../../src/store/store.js';
import { startEtcd, type EtcdCluster } from '../../support/etcd.js';

const IS: ResourceType = { group: 'image.openshift.io', resource: 'imagestreams', namespaced: true };
const WATCHES = 8;

function stream(name: string): KubeObject {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name, namespace: 'default' },
    spec: {},
  };
}

async function collect(it: AsyncIterator<WatchEvent>, count: number, timeoutMs: number): Promise<string[]> {
  const rvs: string[] = [];
  const deadline = Date.now() + timeoutMs;
  while (rvs.length < count) {
    const left = deadline - Date.now();
    let timer: NodeJS.Timeout | undefined;
    const r = await Promise.race([
      it.next(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`only ${rvs.length} of ${count} events`)),
          Math.max(0, left),
        );
      }),
    ]).finally(() => clearTimeout(timer));
    if (r.done) throw new Error('the watch ended');
    rvs.push(r.value.object.metadata.resourceVersion!);
  }
  return rvs;
}

describe('etcd store on a three-member cluster', () => {
  let etcd: EtcdCluster;
  const stores: Store[] = [];
  const controller = new AbortController();

  beforeAll(async () => {
    etcd = await startEtcd({ members: 3 });
  });
  afterAll(async () => {
    controller.abort();
    await Promise.all(stores.map((s) => s.close()));
    await etcd?.stop();
  });

  it('keeps serving reads, writes and watches when a member is killed', async () => {
    const writer = await openEtcdStore({ endpoints: etcd.endpoints, compactionIntervalMs: 0 });
    stores.push(writer);
    // these watches spread over members 0 and 1; with 8 of them, some run on member 0 (killed below)
    const watcher = await openEtcdStore({ endpoints: etcd.endpoints.slice(0, 2), compactionIntervalMs: 0 });
    stores.push(watcher);
    const from = await writer.currentResourceVersion();
    const watches = Array.from({ length: WATCHES }, () =>
      watcher.watch(IS, { resourceVersion: from }, controller.signal)[Symbol.asyncIterator](),
    );
    const written: string[] = [];
    for (let i = 0; i < 10; i++)
      written.push((await writer.create(IS, stream(`before-${i}`))).metadata.resourceVersion!);

    await etcd.kill(0);
    const started = Date.now();
    for (let i = 0; i < 20; i++) {
      // a write reaching a follower while the killed member was the raft leader can take etcd's
      // request timeout (6 s here) before etcd3 retries it: the client deadline must exceed that
      written.push((await writer.create(IS, stream(`after-${i}`))).metadata.resourceVersion!);
    }
    const written20Ms = Date.now() - started;
    expect((await writer.list(IS)).items).toHaveLength(30);
    expect(await writer.get(IS, 'default', 'after-19')).toBeDefined();
    for (const w of watches) expect(await collect(w, written.length, 20_000)).toEqual(written);
    console.log(`after killing a member: 20 writes in ${written20Ms} ms; ${WATCHES} watches complete`);
  });
});
