/**
 * The API benchmark (issue 2, and issue 6 side by side): the real server in its own process on
 * SQLite or on a real etcd; create N image streams of five tags over HTTP, then GET, LIST and
 * watch fan-out, and the server's peak RSS.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEtcd, type EtcdCluster } from '../../test/support/etcd.js';
import type { Pool } from 'undici';
import { round, type TimedRun } from '../support/measure.js';
import { childPidsNamed, processMemory, type ProcessMemory } from '../support/process-memory.js';
import {
  apiPool,
  createStreams,
  getRandom,
  listThroughput,
  type CreateResult,
  type ListResult,
} from './api-load.js';
import type { HeapUsage } from './server-child.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { watchFanOut, type FanOutResult } from './watch-fanout.js';

export interface ApiBenchOptions {
  store: 'sqlite' | 'etcd';
  /** the server's --watch-cache (default true) */
  watchCache?: boolean;
  streams: number;
  concurrency: number;
  /** duration of each GET / LIST phase */
  phaseMs: number;
  watchers: number;
  watchWrites: number;
}

export const DEFAULT_API_OPTIONS: Omit<ApiBenchOptions, 'store'> = {
  streams: 10_000,
  concurrency: 32,
  phaseMs: 10_000,
  watchers: 100,
  watchWrites: 50,
};

export interface ApiBenchResult {
  options: ApiBenchOptions;
  create: CreateResult & { serverCpuSeconds: number | undefined };
  get: TimedRun & { serverCpuSeconds: number | undefined };
  list: ListResult;
  watch: FanOutResult;
  /** the server's RSS after each phase; `end.peakRssMiB` is the peak over the whole run */
  serverMemory: Partial<Record<'idle' | 'afterCreate' | 'afterGet' | 'afterList' | 'end', ProcessMemory>>;
  /** the server's JavaScript heap and Buffers after each phase (process.memoryUsage) */
  serverHeap: Partial<Record<'afterCreate' | 'afterGet' | 'afterList' | 'end', HeapUsage>>;
  /** etcd's own memory (its process, not ours), when the store is etcd */
  etcdMemory?: ProcessMemory;
  /** image stream GETs and LISTs over the whole run answered by the watch cache, and left to the store */
  watchCache: { hits: number; misses: number };
}

const streamName = (i: number): string => `app-${i}`;

/** The server's watch cache counters for image streams, from its /metrics. */
async function watchCacheReads(pool: Pool): Promise<{ hits: number; misses: number }> {
  const res = await pool.request({ method: 'GET', path: '/metrics' });
  const text = await res.body.text();
  const read = (result: string): number => {
    const line = text
      .split('\n')
      .find((l) =>
        l.startsWith(
          `imagestreams_apiserver_watch_cache_reads_total{resource="imagestreams",result="${result}"}`,
        ),
      );
    return line ? Number(line.split(' ').pop()) : 0;
  };
  return { hits: read('hit'), misses: read('miss') };
}

async function cpuDelta<T>(server: ServerProcess, run: () => Promise<T>): Promise<[T, number | undefined]> {
  const before = await server.cpuSeconds();
  const value = await run();
  const after = await server.cpuSeconds();
  return [value, before === undefined || after === undefined ? undefined : round(after - before)];
}

async function etcdMemory(): Promise<ProcessMemory | undefined> {
  const [pid] = await childPidsNamed('etcd');
  return pid ? processMemory(pid) : undefined;
}

async function measure(server: ServerProcess, o: ApiBenchOptions): Promise<ApiBenchResult> {
  const pool = apiPool(server.url, o.concurrency);
  try {
    const idle = await server.memory();
    await server.heapProfile('start');
    const [create, createCpu] = await cpuDelta(server, () =>
      createStreams(pool, o.streams, o.concurrency, streamName),
    );
    await server.heapProfile('stop');
    const memory: ApiBenchResult['serverMemory'] = {};
    const heap: ApiBenchResult['serverHeap'] = {};
    const snapshot = async (phase: keyof ApiBenchResult['serverHeap']): Promise<void> => {
      const m = await server.memory();
      if (m) memory[phase] = m;
      const h = await server.heap();
      if (h) heap[phase] = h;
      await server.heapSnapshot(phase);
    };
    await snapshot('afterCreate');
    const [get, getCpu] = await cpuDelta(server, () =>
      getRandom(pool, o.streams, o.phaseMs, o.concurrency, streamName),
    );
    await snapshot('afterGet');
    const list = await listThroughput(
      pool,
      o.phaseMs,
      2,
      () => server.cpuSeconds(),
      500,
      (what) => server.profile(what),
    );
    await snapshot('afterList');
    const watch = await watchFanOut(server.url, pool, o.watchers, o.watchWrites, 'watched');
    await snapshot('end');
    const cacheReads = await watchCacheReads(pool);
    return {
      options: o,
      create: { ...create, serverCpuSeconds: createCpu },
      get: { ...get, serverCpuSeconds: getCpu },
      list,
      watch,
      serverMemory: { ...(idle ? { idle } : {}), ...memory },
      serverHeap: heap,
      watchCache: cacheReads,
    };
  } finally {
    await pool.close();
  }
}

export async function runApiBench(options: ApiBenchOptions): Promise<ApiBenchResult> {
  const dataDir = await mkdtemp(join(tmpdir(), `imagestreams-bench-${options.store}-`));
  let etcd: EtcdCluster | undefined;
  let server: ServerProcess | undefined;
  try {
    if (options.store === 'etcd') etcd = await startEtcd();
    server = await startServerProcess({
      store: options.store,
      watchCache: options.watchCache ?? true,
      dataDir,
      ...(etcd ? { etcdEndpoints: etcd.endpoints } : {}),
    });
    const result = await measure(server, options);
    const etcdMem = etcd ? await etcdMemory() : undefined;
    return etcdMem ? { ...result, etcdMemory: etcdMem } : result;
  } finally {
    await server?.stop();
    await etcd?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
