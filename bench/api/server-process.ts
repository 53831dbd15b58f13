/** Forks the API server (server-child.js) and reads its memory and CPU from /proc. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { processCpuSeconds, processMemory, type ProcessMemory } from '../support/process-memory.js';
import type { BenchServerOptions, HeapUsage } from './server-child.js';

export interface ServerProcess {
  url: string;
  pid: number;
  memory(): Promise<ProcessMemory | undefined>;
  cpuSeconds(): Promise<number | undefined>;
  /** the server's own account of its memory (JavaScript heap, Buffers) */
  heap(): Promise<HeapUsage | undefined>;
  /** writes a heap snapshot named for the phase (when BENCH_SERVER_HEAP_SNAPSHOTS names a directory) */
  heapSnapshot(phase: string): Promise<void>;
  /** starts, and stops and writes, the server's sampling heap profile (when BENCH_SERVER_HEAP_PROFILE names a file) */
  heapProfile(what: 'start' | 'stop'): Promise<void>;
  /** starts, and stops and writes, the server's CPU profile (when BENCH_SERVER_CPU_PROFILE names a file) */
  profile(what: 'start' | 'stop'): Promise<void>;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function askHeap(child: ChildProcess, timeoutMs = 5000): Promise<HeapUsage | undefined> {
  if (!child.connected) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const onMessage = (m: { type?: string; usage?: HeapUsage }): void => {
      if (m.type !== 'heap') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(m.usage);
    };
    const timer = setTimeout(() => (child.off('message', onMessage), resolve(undefined)), timeoutMs);
    child.on('message', onMessage);
    child.send('heap');
  });
}

function heapSnapshot(child: ChildProcess, phase: string, timeoutMs = 120_000): Promise<void> {
  if (!process.env.BENCH_SERVER_HEAP_SNAPSHOTS || !child.connected) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const onMessage = (m: { type?: string }): void => {
      if (m.type !== 'snapshot-written') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve();
    };
    const timer = setTimeout(() => (child.off('message', onMessage), resolve()), timeoutMs);
    child.on('message', onMessage);
    child.send({ snapshot: phase });
  });
}

/** BENCH_SERVER_NODE_OPTIONS: node flags for the server, e.g. `--heap-prof --max-semi-space-size=4` */
function nodeFlags(): string[] {
  return (process.env.BENCH_SERVER_NODE_OPTIONS ?? '').split(/\s+/).filter((f) => f !== '');
}

async function profile(
  child: ChildProcess,
  what: 'start' | 'stop',
  kind: 'profile' | 'heap-profile' = 'profile',
  timeoutMs = 30_000,
): Promise<void> {
  const file =
    kind === 'profile' ? process.env.BENCH_SERVER_CPU_PROFILE : process.env.BENCH_SERVER_HEAP_PROFILE;
  if (!file || !child.connected) return;
  if (what === 'start') {
    child.send(`${kind}-start`);
    return;
  }
  await new Promise<void>((resolve) => {
    const onMessage = (m: { type?: string }): void => {
      if (m.type !== `${kind}-stopped`) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve();
    };
    const timer = setTimeout(() => (child.off('message', onMessage), resolve()), timeoutMs);
    child.on('message', onMessage);
    child.send(`${kind}-stop`);
  });
}

export async function startServerProcess(
  options: BenchServerOptions,
  timeoutMs = 30_000,
): Promise<ServerProcess> {
  const entry = fileURLToPath(new URL('./server-child.js', import.meta.url));
  const child = fork(entry, [], {
    env: { ...process.env, LOG_LEVEL: 'warn', BENCH_SERVER_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    execArgv: [...process.execArgv, ...nodeFlags()],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const gone = exited(child);
  const stop = async (): Promise<void> => {
    if (child.connected) child.send('stop');
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(kill);
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the bench server did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.on('message', (m: { type?: string; url?: string }) => {
      if (m.type !== 'listening' || !m.url) return;
      clearTimeout(timer);
      resolve(m.url);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the bench server exited (${code}) before listening: ${stderr}`));
    });
  });
  const pid = child.pid ?? 0;
  return {
    url,
    pid,
    memory: () => processMemory(pid),
    cpuSeconds: () => processCpuSeconds(pid),
    heap: () => askHeap(child),
    heapSnapshot: (phase) => heapSnapshot(child, phase),
    heapProfile: (what) => profile(child, what, 'heap-profile'),
    profile: (what) => profile(child, what),
    stop,
  };
}
