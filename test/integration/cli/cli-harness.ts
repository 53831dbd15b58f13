/**
 * Runs the BUILT isctl as a child process against a real API server started in this process on
 * a random loopback port with a temp data dir.
 */
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function builtCli(): string | undefined {
  try {
    return cliPath();
  } catch {
    return undefined;
  }
}

/**
 * `npm run build`, so the tests exercise what `npm start` and the `bin` entry run; skipped when
 * the built CLI is newer than every source file (npm test has just built it).
 */
export async function buildProject(): Promise<void> {
  const built = builtCli();
  if (built && statSync(built).mtimeMs > newestMtime(path.join(ROOT, 'src'))) return;
  await promisify(execFile)('npm', ['run', 'build'], {
    cwd: ROOT,
    timeout: 170_000,
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** The `bin` entry of package.json; the compiled file if the build lays it out elsewhere. */
export function cliPath(): string {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: { isctl: string } };
  const candidates = [pkg.bin.isctl, 'dist/src/cli/main.js'].map((p) => path.join(ROOT, p));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`isctl was not built: none of ${candidates.join(', ')} exists`);
  return found;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
}

export function runCli(args: readonly string[], o: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath(), ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', ...o.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(o.input ?? '');
  });
}

export interface RunningServerLike {
  url: string;
  close(): Promise<void>;
}

export interface TestServer {
  server: RunningServerLike;
  dataDir: string;
  tmp: string;
  stop(): Promise<void>;
}

/** The real server, in process, on 127.0.0.1:0 with a fresh data dir. */
export async function startTestServer(): Promise<TestServer> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'isctl-it-'));
  const dataDir = path.join(tmp, 'data');
  const { startServer } = await import('../../../src/server/serve.js');
  const server = await startServer({ listen: '127.0.0.1:0', dataDir });
  return {
    server,
    dataDir,
    tmp,
    async stop() {
      await server.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export interface LiveCli {
  /** everything written to stdout so far */
  output(): string;
  /** resolves once stdout matches, rejects after the timeout */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** sends a signal and resolves with the exit code */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A long-running isctl (e.g. `get -w`) whose output is read while it runs. */
export function spawnCli(args: readonly string[], o: RunOptions = {}): LiveCli {
  const child = spawn(process.execPath, [cliPath(), ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const killer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 60_000);
  return {
    output: () => stdout,
    async waitFor(pattern, timeoutMs = 15_000) {
      const end = Date.now() + timeoutMs;
      while (!pattern.test(stdout)) {
        if (Date.now() > end || child.exitCode !== null) {
          throw new Error(`isctl output never matched ${pattern}; stdout: ${stdout} stderr: ${stderr}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop(signal = 'SIGINT') {
      child.kill(signal);
      const code = await exited;
      clearTimeout(killer);
      return code;
    },
  };
}

export interface ServeProcess {
  url: string;
  /** stdout and stderr so far (the JSON log lines) */
  logs(): string;
  kill(): void;
}

/**
 * The built `isctl serve` on a free loopback port with `args` after `--listen`, logging at
 * `LOG_LEVEL` (default debug: every line a test may inspect); resolves once /readyz answers 200.
 */
export async function startServeProcess(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<ServeProcess> {
  const { freePort } = await import('../../support/registry/index.js');
  const { until } = await import('../../support/until.js');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [cliPath(), 'serve', '--listen', `127.0.0.1:${port}`, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'debug', ...env },
  });
  let logs = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (logs += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (logs += d));
  const ready = (): Promise<boolean> =>
    fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
  try {
    await until('isctl serve ready', ready, 20_000);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${(e as Error).message}; logs: ${logs}`);
  }
  return { url, logs: () => logs, kill: () => child.kill('SIGKILL') };
}
