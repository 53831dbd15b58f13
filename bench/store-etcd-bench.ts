/**
 * The etcd Store in one process, without HTTP, against a real etcd: sequential and concurrent
 * creates/s, updates/s, gets/s, a full list, the time from a write to its event at one watcher of
 * another replica (a second store on the same etcd), and to the last of 100 watchers.
 * Starts its own single-member etcd (fsync on, as in production) unless given endpoints.
 * Run: npm run build && node dist/bench/store-etcd-bench.js [count] [host:port,...]
 */
import { pathToFileURL } from 'node:url';
import type { KubeObject } from '../src/api/object.js';
import { openEtcdStore } from '../src/store/etcd/etcd-store.js';
import type { ResourceType, Store } from '../src/store/store.js';
import { startEtcd } from '../test/support/etcd.js';

const TYPE: ResourceType = { group: 'image.openshift.io', resource: 'imagestreams', namespaced: true };
const CONCURRENCY = 16;

export interface EtcdStoreBenchResult {
  count: number;
  createsPerSecond: number;
  /** creates with CONCURRENCY requests in flight: etcd batches them into fewer fsyncs */
  concurrentCreatesPerSecond: number;
  updatesPerSecond: number;
  getsPerSecond: number;
  listAllMs: number;
  /** write on one replica -> event on another replica's watch: median and worst */
  replicaWatchMedianMs: number;
  replicaWatchMaxMs: number;
  /** write -> event at the last of 100 watchers (100 etcd watch streams): median and worst */
  fanOut100MedianMs: number;
  fanOut100MaxMs: number;
  /** etcd's database size */
  bytesOnDisk: number;
}

/** An image stream of five tags, the size the API benchmark uses. */
function imageStream(i: number, prefix = 'app'): KubeObject {
  const tags = Array.from({ length: 5 }, (_, t) => ({
    name: `v${t}`,
    from: { kind: 'DockerImage', name: `registry.example.com/team/${prefix}-${i}:v${t}` },
    importPolicy: { scheduled: false, importMode: 'Legacy' },
    referencePolicy: { type: 'Source' },
  }));
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name: `${prefix}-${i}`, namespace: `ns-${i % 10}`, labels: { team: `t${i % 7}` } },
    spec: { lookupPolicy: { local: false }, tags },
  };
}

const elapsedMs = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

async function timed(n: number, op: (i: number) => Promise<unknown>, concurrency = 1): Promise<number> {
  const start = process.hrtime.bigint();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) await op(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return n / (elapsedMs(start) / 1000);
}

/** ms from each write on `writer` until every one of `watchers` watches on `reader` has its event. */
async function watchLatency(
  writer: Store,
  reader: Store,
  watchers: number,
  rounds: number,
): Promise<number[]> {
  const controllers = Array.from({ length: watchers }, () => new AbortController());
  const from = await reader.currentResourceVersion();
  const iterators = controllers.map((c) =>
    reader.watch(TYPE, { resourceVersion: from }, c.signal)[Symbol.asyncIterator](),
  );
  const latencies: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    await writer.create(TYPE, imageStream(r, `w${watchers}`));
    await Promise.all(iterators.map((it) => it.next()));
    latencies.push(elapsedMs(start));
  }
  for (const c of controllers) c.abort();
  return latencies.sort((a, b) => a - b);
}

const median = (xs: number[]): number => Number((xs[Math.floor(xs.length / 2)] ?? 0).toFixed(2));
const worst = (xs: number[]): number => Number((xs.at(-1) ?? 0).toFixed(2));

export async function runEtcdStoreBench(count = 2_000, endpoints?: string[]): Promise<EtcdStoreBenchResult> {
  const etcd = endpoints ? undefined : await startEtcd();
  const hosts = endpoints ?? etcd!.endpoints;
  const prefix = `/bench-${Date.now()}`;
  const store = await openEtcdStore({ endpoints: hosts, prefix, compactionIntervalMs: 0 });
  const replica = await openEtcdStore({ endpoints: hosts, prefix, compactionIntervalMs: 0 });
  try {
    const createsPerSecond = await timed(count, (i) => store.create(TYPE, imageStream(i)));
    const concurrentCreatesPerSecond = await timed(
      count,
      (i) => store.create(TYPE, imageStream(i, 'par')),
      CONCURRENCY,
    );
    const objects = (await store.list(TYPE)).items;
    const updatesPerSecond = await timed(count, (i) => {
      const o = objects[i % objects.length]!;
      return store.update(TYPE, {
        ...o,
        metadata: { ...o.metadata, resourceVersion: undefined, annotations: { n: String(i) } },
      });
    });
    const getsPerSecond = await timed(count, (i) => store.get(TYPE, `ns-${i % 10}`, `app-${i}`));
    const listStart = process.hrtime.bigint();
    await store.list(TYPE);
    const listAllMs = elapsedMs(listStart);
    const replicaWatch = await watchLatency(store, replica, 1, 50);
    const fanOut = await watchLatency(store, store, 100, 50);
    const stats = await store.stats();
    return {
      count,
      createsPerSecond: Math.round(createsPerSecond),
      concurrentCreatesPerSecond: Math.round(concurrentCreatesPerSecond),
      updatesPerSecond: Math.round(updatesPerSecond),
      getsPerSecond: Math.round(getsPerSecond),
      listAllMs: Math.round(listAllMs),
      replicaWatchMedianMs: median(replicaWatch),
      replicaWatchMaxMs: worst(replicaWatch),
      fanOut100MedianMs: median(fanOut),
      fanOut100MaxMs: worst(fanOut),
      bytesOnDisk: stats.bytes ?? 0,
    };
  } finally {
    await replica.close();
    await store.close();
    await etcd?.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const count = Number(process.argv[2] ?? 2_000);
  const endpoints = process.argv[3]?.split(',');
  console.log(JSON.stringify(await runEtcdStoreBench(count, endpoints)));
}
