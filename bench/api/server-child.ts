/**
 * The API server in its own process, so that the benchmark reads the server's own memory and CPU
 * from /proc. Forked by server-process.ts with its options in BENCH_SERVER_OPTIONS; says
 * { type: 'listening', url } over IPC, and closes on a 'stop' message or when the parent goes.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';
import { limitHeapGrowth } from '../../src/server/heap-growth.js';
import { openEtcdStore } from '../../src/store/etcd/etcd-store.js';
import { startServer, type RunningServer } from '../../src/server/serve.js';
import type { Store } from '../../src/store/store.js';

/** process.memoryUsage() of the server, MiB (external includes the Buffers) */
export interface HeapUsage {
  heapUsedMiB: number;
  heapTotalMiB: number;
  externalMiB: number;
  /** the part of external held by ArrayBuffers (Buffers) */
  arrayBuffersMiB: number;
  /** V8's heap spaces, committed MiB (new_space is the young generation) */
  spacesMiB: Record<string, number>;
}

export interface BenchServerOptions {
  store: 'sqlite' | 'etcd';
  watchCache: boolean;
  dataDir: string;
  etcdEndpoints?: string[];
}

async function openStore(options: BenchServerOptions): Promise<Store | undefined> {
  if (options.store === 'sqlite') return undefined; // the server's default: SQLite in dataDir
  if (!options.etcdEndpoints?.length) throw new Error('the etcd store needs etcdEndpoints');
  return openEtcdStore({ endpoints: options.etcdEndpoints, prefix: `/bench-${Date.now()}` });
}

/** Where the memory is, in MiB: the JavaScript heap (used of total) and the buffers outside it. */
function heapUsage(): HeapUsage {
  const u = process.memoryUsage();
  const mib = (n: number): number => Math.round((n / 2 ** 20) * 10) / 10;
  const spacesMiB: Record<string, number> = {};
  for (const s of getHeapSpaceStatistics()) spacesMiB[s.space_name] = mib(s.physical_space_size);
  return {
    heapUsedMiB: mib(u.heapUsed),
    heapTotalMiB: mib(u.heapTotal),
    externalMiB: mib(u.external),
    arrayBuffersMiB: mib(u.arrayBuffers),
    spacesMiB,
  };
}

/**
 * A heap snapshot of the server, written to BENCH_SERVER_HEAP_SNAPSHOTS/PHASE.heapsnapshot when
 * that directory is set (for Chrome DevTools' Memory tab). Writing one raises the server's peak
 * RSS by about the heap's size: read the live objects from such a run, not its memory numbers.
 */
function heapSnapshot(phase: string): void {
  const dir = process.env.BENCH_SERVER_HEAP_SNAPSHOTS;
  if (dir) writeHeapSnapshot(join(dir, `${phase}.heapsnapshot`));
}

/**
 * A CPU profile of the server between 'profile-start' and 'profile-stop', written to
 * BENCH_SERVER_CPU_PROFILE (a .cpuprofile file, for Chrome DevTools or `speedscope`) when set.
 */
function cpuProfiler(file: string | undefined): { start(): Promise<void>; stop(): Promise<void> } {
  const session = new Session();
  return {
    async start() {
      if (!file) return;
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    },
    async stop() {
      if (!file) return;
      const { profile } = await session.post('Profiler.stop');
      await writeFile(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/**
 * A sampling heap profile of the server between 'heap-profile-start' and 'heap-profile-stop',
 * written to BENCH_SERVER_HEAP_PROFILE (a .heapprofile file) when set: every allocation sampled,
 * garbage included, so it shows where the allocations that make the heap grow come from.
 */
function heapProfiler(file: string | undefined): { start(): Promise<void>; stop(): Promise<void> } {
  const session = new Session();
  return {
    async start() {
      if (!file) return;
      session.connect();
      await session.post('HeapProfiler.enable');
      await session.post('HeapProfiler.startSampling', {
        samplingInterval: 32 * 1024,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
    },
    async stop() {
      if (!file) return;
      const { profile } = await session.post('HeapProfiler.stopSampling');
      await writeFile(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

const profiler = cpuProfiler(process.env.BENCH_SERVER_CPU_PROFILE);
const heapSampler = heapProfiler(process.env.BENCH_SERVER_HEAP_PROFILE);

async function main(raw: string): Promise<void> {
  const options = JSON.parse(raw) as BenchServerOptions;
  // as `isctl serve` does (src/cli/commands/serve.ts), for this process stands for it; V8's own
  // growth for comparison: BENCH_SERVER_NODE_OPTIONS=--heap-growing-percent=0
  limitHeapGrowth();
  const store = await openStore(options);
  const server: RunningServer = await startServer({
    listen: '127.0.0.1:0',
    dataDir: options.dataDir,
    watchCache: options.watchCache,
    ...(store ? { store } : {}),
  });
  const stop = async (): Promise<void> => {
    await server.close();
    await store?.close();
    process.exit(0);
  };
  process.on('message', (m) => {
    if (m === 'stop') void stop();
    if (m === 'heap') process.send?.({ type: 'heap', usage: heapUsage() });
    if (typeof m === 'object' && m !== null && 'snapshot' in m && typeof m.snapshot === 'string') {
      heapSnapshot(m.snapshot);
      process.send?.({ type: 'snapshot-written' });
    }
    if (m === 'profile-start') void profiler.start();
    if (m === 'heap-profile-start') void heapSampler.start();
    if (m === 'heap-profile-stop')
      void heapSampler.stop().then(() => process.send?.({ type: 'heap-profile-stopped' }));
    if (m === 'profile-stop') void profiler.stop().then(() => process.send?.({ type: 'profile-stopped' }));
  });
  process.once('disconnect', () => void stop());
  process.send?.({ type: 'listening', url: server.url });
}

const raw = process.env.BENCH_SERVER_OPTIONS;
if (raw && process.send) {
  main(raw).catch((e: unknown) => {
    process.stderr.write(
      `bench server failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    process.exit(1);
  });
}
