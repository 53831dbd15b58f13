/**
 * The API server in its own process, so that the benchmark reads the server's own memory and CPU
 * from /proc. Forked by server-process.ts with its options in BENCH_SERVER_OPTIONS; says
 * { type: 'listening', url } over IPC, and closes on a 'stop' message or when the parent goes.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { openEtcdStore } from '../../src/store/etcd/etcd-store.js';
import { startServer, type RunningServer } from '../../src/server/serve.js';
import type { Store } from '../../src/store/store.js';

/** process.memoryUsage() of the server, MiB (external includes the Buffers) */
export interface HeapUsage {
  heapUsedMiB: number;
  heapTotalMiB: number;
  externalMiB: number;
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
  return { heapUsedMiB: mib(u.heapUsed), heapTotalMiB: mib(u.heapTotal), externalMiB: mib(u.external) };
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

const profiler = cpuProfiler(process.env.BENCH_SERVER_CPU_PROFILE);

async function main(raw: string): Promise<void> {
  const options = JSON.parse(raw) as BenchServerOptions;
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
    if (m === 'profile-start') void profiler.start();
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
