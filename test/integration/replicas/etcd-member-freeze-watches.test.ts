/**
 * A store's watch keeps following when one member of its three-member etcd freezes (SIGSTOP: the
 * process keeps its sockets open and answers nothing, like a member behind a network partition).
 * Nothing closes the frozen member's connections, so only the client's gRPC keepalive
 * (etcd-client.ts) notices that a stream on it went silent; the watch then resumes on another
 * member and delivers a write made after the freeze.
 *
 * Each of STORES stores has its own etcd client, whose watch stream etcd3 opens on a random
 * member; the member frozen is the one serving the most watchers (etcd's metrics say), so some
 * watches must resume. Without the keepalive they never saw the write.
 */
import { setMaxListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import { KEEPALIVE_TIME_MS, KEEPALIVE_TIMEOUT_MS } from '../../../src/store/etcd/etcd-client.js';
import { openEtcdStore } from '../../../src/store/etcd/etcd-store.js';
import type { ResourceType, Store, WatchEvent } from '../../../src/store/store.js';
import { startEtcd, type EtcdCluster } from '../../support/etcd.js';
import { until } from '../../support/until.js';

const STORES = 12;
/** a silent connection is closed KEEPALIVE_TIME + KEEPALIVE_TIMEOUT after its last answer, then the watch resumes */
const FOLLOW_MS = KEEPALIVE_TIME_MS + KEEPALIVE_TIMEOUT_MS + 3_000;
const PREFIX = '/member-freeze';
const A: ResourceType = { group: 'image.openshift.io', resource: 'imagestreams', namespaced: true };

const stream = (name: string): KubeObject => ({
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: { name, namespace: 'default' },
});

/** When each object a watch delivered arrived, read in the background. */
class Followed {
  private readonly arrived = new Map<string, number>();
  ended: unknown;

  constructor(watch: AsyncIterable<WatchEvent>) {
    void (async () => {
      try {
        for await (const event of watch) {
          if (event.type !== 'BOOKMARK') this.arrived.set(event.object.metadata.name ?? '', Date.now());
        }
        this.ended = 'the watch ended';
      } catch (err) {
        this.ended = err;
      }
    })();
  }

  /** when the object named `name` arrived */
  saw(name: string): number | undefined {
    return this.arrived.get(name);
  }
}

/** How many watchers a member serves (its etcd_debugging_mvcc_watcher_total gauge). */
async function watchersOn(endpoint: string): Promise<number> {
  const text = await (await fetch(`${endpoint}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('etcd_debugging_mvcc_watcher_total '));
  if (!line) throw new Error(`no watcher gauge in ${endpoint}/metrics`);
  return Number(line.split(' ')[1]);
}

describe('watches of a store whose etcd has one of three members frozen', () => {
  let etcd: EtcdCluster;
  let writer: Store;
  let awakeWriter: Store | undefined;
  let frozenMember: number | undefined;
  const stores: Store[] = [];
  const controller = new AbortController();

  beforeAll(async () => {
    setMaxListeners(2 * STORES, controller.signal);
    etcd = await startEtcd({ members: 3 });
    writer = await openEtcdStore({ endpoints: etcd.endpoints, prefix: PREFIX, compactionIntervalMs: 0 });
  });
  afterAll(async () => {
    // always wake the member first: closing clients whose streams hang on it would wait
    if (frozenMember !== undefined) etcd?.thaw(frozenMember);
    controller.abort();
    await Promise.all(stores.map((s) => s.close()));
    await writer?.close();
    await awakeWriter?.close();
    await etcd?.stop();
  });

  it(`resume on another member within ${FOLLOW_MS} ms and see a write made after the freeze`, async () => {
    const from = (await writer.create(A, stream('before'))).metadata.resourceVersion!;
    const watches: Followed[] = [];
    for (let i = 0; i < STORES; i++) {
      const store = await openEtcdStore({
        endpoints: etcd.endpoints,
        prefix: PREFIX,
        compactionIntervalMs: 0,
      });
      stores.push(store);
      watches.push(new Followed(store.watch(A, { resourceVersion: from }, controller.signal)));
    }
    await writer.create(A, stream('warm'));
    await until(
      'every watch to see the write before the freeze',
      () => watches.every((w) => w.saw('warm')),
      10_000,
    );

    // freeze the member serving the most watches (some of the test's, whatever etcd3's random picks)
    const watchers = await Promise.all(etcd.endpoints.map(watchersOn));
    const member = watchers.indexOf(Math.max(...watchers));
    // the write after the freeze goes to members that stay awake: the test is about the watchers
    const awake = await openEtcdStore({
      endpoints: etcd.endpoints.filter((_, i) => i !== member),
      prefix: PREFIX,
      compactionIntervalMs: 0,
    });
    awakeWriter = awake;
    frozenMember = member;
    etcd.freeze(member);
    const frozen = Date.now();
    await awake.create(A, stream('after'));
    const written = Date.now();
    await until(
      'every watch to see the write after the freeze',
      () => watches.every((w) => w.saw('after')),
      FOLLOW_MS,
    ).catch((err: unknown) => {
      const behind = watches.flatMap((w, i) =>
        w.saw('after') ? [] : [`${i}: ${String(w.ended ?? 'behind')}`],
      );
      throw new Error(`${err instanceof Error ? err.message : String(err)}; behind: ${behind.join(', ')}`);
    });
    const slowest = Math.max(...watches.map((w) => w.saw('after')!));
    // a watch on an awake member has the write at once: the late ones were on the frozen member
    const late = watches.filter((w) => w.saw('after')! - written > 1000).length;
    console.log(
      `the write after the freeze took ${written - frozen} ms; every watch of ${STORES} stores had it ${slowest - frozen} ms after the freeze (${late} resumed from the frozen member)`,
    );
    expect(late, `watchers per member before the freeze: ${watchers.join(', ')}`).toBeGreaterThan(0);
    expect(watches.every((w) => w.ended === undefined)).toBe(true);
  }, 60_000);
});
