/**
 * Store throughput, in one process, without HTTP: creates/s, updates/s, gets/s, a full list, and the
 * time from a write to its arrival at the last of 100 in-process watchers. Informs the API benchmark.
 * Run: npm run build && node dist/bench/store-bench.js [count]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { KubeObject } from '../src/api/object.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { ResourceType, Store } from '../src/store/store.js';

const TYPE: ResourceType = { group: 'image.openshift.io', resource: 'imagestreams', namespaced: true };

export interface StoreBenchResult {
  durability: 'full' | 'normal';
  count: number;
  createsPerSecond: number;
  updatesPerSecond: number;
  getsPerSecond: number;
  listAllMs: number;
  /** median and worst time from a write to its event at the last of 100 watchers */
  fanOut100MedianMs: number;
  fanOut100MaxMs: number;
  bytesOnDisk: number;
}

/** An image stream of five tags, the size the API benchmark uses. */
function imageStream(i: number): KubeObject {
  const tags = Array.from({ length: 5 }, (_, t) => ({
    name: `v${t}`,
    from: { kind: 'DockerImage', name: `registry.example.com/team/app-${i}:v${t}` },
    importPolicy: { scheduled: false, importMode: 'Legacy' },
    referencePolicy: { type: 'Source' },
  }));
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name: `app-${i}`, namespace: `ns-${i % 10}`, labels: { team: `t${i % 7}` } },
    spec: { lookupPolicy: { local: false }, tags },
  };
}

async function timed(n: number, op: (i: number) => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await op(i);
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function fanOut(store: Store, rounds: number): Promise<number[]> {
  const controllers = Array.from({ length: 100 }, () => new AbortController());
  const from = await store.currentResourceVersion();
  const iterators = controllers.map((c) =>
    store.watch(TYPE, { resourceVersion: from }, c.signal)[Symbol.asyncIterator](),
  );
  const latencies: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    await store.create(TYPE, { ...imageStream(1_000_000 + r) });
    await Promise.all(iterators.map((it) => it.next()));
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  for (const c of controllers) c.abort();
  return latencies.sort((a, b) => a - b);
}

export async function runStoreBench(
  count = 2_000,
  durability: 'full' | 'normal' = 'full',
): Promise<StoreBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'imagestreams-store-bench-'));
  const store = await openSqliteStore({ path: join(dir, 'bench.db'), durability });
  try {
    const createsPerSecond = await timed(count, (i) => store.create(TYPE, imageStream(i)));
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
    const listAllMs = Number(process.hrtime.bigint() - listStart) / 1e6;
    const latencies = await fanOut(store, 50);
    const stats = await store.stats();
    return {
      durability,
      count,
      createsPerSecond: Math.round(createsPerSecond),
      updatesPerSecond: Math.round(updatesPerSecond),
      getsPerSecond: Math.round(getsPerSecond),
      listAllMs: Math.round(listAllMs),
      fanOut100MedianMs: Number((latencies[Math.floor(latencies.length / 2)] ?? 0).toFixed(2)),
      fanOut100MaxMs: Number((latencies.at(-1) ?? 0).toFixed(2)),
      bytesOnDisk: stats.bytes ?? 0,
    };
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const count = Number(process.argv[2] ?? 2_000);
  for (const durability of ['full', 'normal'] as const) {
    console.log(JSON.stringify(await runStoreBench(count, durability)));
  }
}
