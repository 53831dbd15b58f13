/**
 * Starts the real API server for tests: in-process (fast; `startTestApiServer`) on a random
 * loopback port with a temp data dir, and runs the real kubectl against it with a generated
 * kubeconfig (`runKubectl`, `spawnKubectl`). Always close() what you start (afterAll).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/serve.js';

const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

export interface TestApiServer {
  url: string;
  dataDir: string;
  server: RunningServer;
  /** a kubeconfig for the server (anonymous; kubectl sends tokens only over TLS: start with tlsCertFile for kubeconfigFor(token)) */
  kubeconfig: string;
  /** writes another kubeconfig, e.g. with a bearer token */
  kubeconfigFor(token: string | undefined, name: string): Promise<string>;
  close(): Promise<void>;
}

export function kubeconfigYaml(
  server: string,
  token: string | undefined,
  namespace = 'default',
  caFile?: string,
): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: test',
    '  cluster:',
    `    server: ${server}`,
    ...(caFile ? [`    certificate-authority: ${caFile}`] : []),
    'users:',
    '- name: test',
    `  user: ${token ? `{token: ${JSON.stringify(token)}}` : '{}'}`,
    'contexts:',
    '- name: test',
    '  context: {cluster: test, user: test, namespace: ' + namespace + '}',
    'current-context: test',
    '',
  ].join('\n');
}

export async function startTestApiServer(options: Partial<ServerOptions> = {}): Promise<TestApiServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'imagestreams-api-'));
  const server = await startServer({ listen: '127.0.0.1:0', dataDir, ...options });
  const kubeconfigFor = async (token: string | undefined, name: string): Promise<string> => {
    const path = join(dataDir, `${name}.kubeconfig`);
    await writeFile(path, kubeconfigYaml(server.url, token, 'default', options.tlsCertFile), { mode: 0o600 });
    return path;
  };
  const kubeconfig = await kubeconfigFor(undefined, 'anonymous');
  return {
    url: server.url,
    dataDir,
    server,
    kubeconfig,
    kubeconfigFor,
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs kubectl to completion (bounded by timeoutMs), with its own HOME so no cache leaks between tests. */
export function runKubectl(
  kubeconfig: string,
  args: string[],
  options: { input?: string; timeoutMs?: number } = {},
): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawnKubectl(kubeconfig, args);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin?.end(options.input ?? '');
  });
}

/**
 * A long-running kubectl (e.g. `get -w`); the caller kills it. Its HOME and discovery cache live
 * next to the kubeconfig (the server's temp dir), so nothing is shared between servers or left behind.
 */
export function spawnKubectl(kubeconfig: string, args: string[]): ChildProcess {
  const home = join(dirname(kubeconfig), 'kubectl-home');
  return spawn(KUBECTL, ['--kubeconfig', kubeconfig, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECACHEDIR: join(home, 'cache') },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

interface Collected {
  stdout: string;
  stderr: string;
  waiters: Set<() => void>;
}
const collected = new WeakMap<ChildProcess, Collected>();

function collect(child: ChildProcess): Collected {
  let c = collected.get(child);
  if (c) return c;
  const state: Collected = { stdout: '', stderr: '', waiters: new Set() };
  c = state;
  collected.set(child, state);
  const wake = (): void => state.waiters.forEach((w) => w());
  child.stdout?.on('data', (d: Buffer) => {
    state.stdout += d.toString();
    wake();
  });
  child.stderr?.on('data', (d: Buffer) => (state.stderr += d.toString()));
  child.on('exit', (code, signal) => {
    state.stderr += `\n[kubectl exited: ${code ?? signal}]`;
    wake();
  });
  return state;
}

/**
 * Waits until everything the child printed on stdout so far satisfies `match` (output is collected
 * from the first call on, so nothing printed between two waits is lost).
 */
export function waitForOutput(
  child: ChildProcess,
  match: (text: string) => boolean,
  timeoutMs = 15_000,
): Promise<string> {
  const state = collect(child);
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (!match(state.stdout)) return;
      clearTimeout(timer);
      state.waiters.delete(check);
      resolve(state.stdout);
    };
    const timer = setTimeout(() => {
      state.waiters.delete(check);
      reject(new Error(`timed out waiting for output; got:\n${state.stdout}\nstderr:\n${state.stderr}`));
    }, timeoutMs);
    state.waiters.add(check);
    check();
  });
}

export interface ApiServerProcess {
  url: string;
  child: ChildProcess;
  /** SIGKILL (a crash) or SIGTERM (a clean stop); resolves when the process is gone */
  stop(signal?: 'SIGKILL' | 'SIGTERM'): Promise<void>;
}

const CHILD_ENV = 'IMAGESTREAMS_TEST_API_SERVER_OPTIONS';
const ROOT = new URL('../..', import.meta.url).pathname;

/**
 * The real server in its own process (for crash and restart tests): this file run by vite-node,
 * which starts the server with `options` and prints its URL. The data dir is the caller's.
 */
export function startApiServerProcess(
  options: Partial<ServerOptions> & { dataDir: string },
  timeoutMs = 30_000,
): Promise<ApiServerProcess> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/vite-node/vite-node.mjs'), join(ROOT, 'test/support/api-server.ts')],
    {
      cwd: ROOT,
      env: { ...process.env, [CHILD_ENV]: JSON.stringify({ listen: '127.0.0.1:0', ...options }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (signal: 'SIGKILL' | 'SIGTERM' = 'SIGTERM'): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      void stop('SIGKILL');
      reject(new Error(`the API server process did not start within ${timeoutMs} ms:\n${err}`));
    }, timeoutMs);
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^LISTENING (\S+)$/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({ url: m[1]!, child, stop });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the API server process exited (${code}) before listening:\n${err}`));
    });
  });
}

async function childMain(raw: string): Promise<void> {
  const server = await startServer(JSON.parse(raw) as ServerOptions);
  process.stdout.write(`LISTENING ${server.url}\n`);
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

// only as the child's entry point: vite-node runs this file with the options in the environment
if (process.env[CHILD_ENV] && process.argv[1]?.endsWith('vite-node.mjs')) {
  void childMain(process.env[CHILD_ENV]).catch((e: unknown) => {
    process.stderr.write(`${String(e)}\n`);
    process.exit(1);
  });
}
