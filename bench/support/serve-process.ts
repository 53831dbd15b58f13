/**
 * The real `isctl serve` (dist/src/cli/main.js) in its own process, so that a benchmark can read
 * its CPU and memory from /proc, or SIGKILL it (failover). Ready when /readyz answers 200.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../test/support/registry/index.js';
import { processCpuSeconds, processMemory, type ProcessMemory } from './process-memory.js';
import { repoRoot } from './report.js';
import { sleep } from './measure.js';

export interface ServeProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  memory(): Promise<ProcessMemory | undefined>;
  cpuSeconds(): Promise<number | undefined>;
  /** the server's recent stderr/stdout, for failure messages */
  logs(): string;
  /** SIGTERM (clean) or SIGKILL (a crash); resolves when the process is gone */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

async function ready(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
    await res.text();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Starts `isctl serve --listen 127.0.0.1:PORT ...flags` and waits for /readyz (bounded). */
export async function startServeProcess(
  flags: readonly string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<ServeProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const main = path.join(repoRoot(), 'dist', 'src', 'cli', 'main.js');
  const child = spawn(process.execPath, [main, 'serve', '--listen', `127.0.0.1:${port}`, ...flags], {
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer): void => void (output = (output + d.toString()).slice(-6000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(force);
  };
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (!(await ready(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop('SIGKILL');
      throw new Error(`isctl serve did not become ready at ${url}: ${output}`);
    }
    await sleep(100);
  }
  const pid = child.pid ?? 0;
  return {
    url,
    pid,
    child,
    memory: () => processMemory(pid),
    cpuSeconds: () => processCpuSeconds(pid),
    logs: () => output,
    stop,
  };
}
