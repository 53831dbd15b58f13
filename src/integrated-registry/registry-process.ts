/**
 * The docker-registry child process: started with a config file, considered up once `/v2/`
 * answers, restarted with capped backoff when it dies, stopped (TERM, then KILL) on close.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'undici';
import { logger } from '../observability/logger.js';
import { nextCrashCount, restartDelayMs } from './backoff.js';
import { registryRestarts } from './metrics.js';
import type { RestartPolicy } from './settings.js';

const log = logger('integrated-registry');
const STOP_GRACE_MS = 5_000;
const LOG_LINES_KEPT = 50;

export interface RegistryProcessOptions {
  binary: string;
  configPath: string;
  /** http://host:port */
  url: string;
  restart: RestartPolicy;
  startTimeoutMs: number;
}

/** Notification tokens appear in some registry log lines; they never leave this process. */
export function redactLogLine(line: string): string {
  return line.replace(/Bearer\s+[^\s"\]]+/gi, 'Bearer [redacted]');
}

async function pingRegistry(url: string, timeoutMs: number): Promise<void> {
  const res = await request(`${url}/v2/`, { headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  await res.body.dump();
  if (res.statusCode !== 200)
    throw new Error(`the integrated registry answered /v2/ with HTTP ${res.statusCode}`);
}

function exited(proc: ChildProcess): boolean {
  return proc.exitCode !== null || proc.signalCode !== null;
}

export class RegistryProcess {
  readonly #options: RegistryProcessOptions;
  #proc: ChildProcess | undefined;
  #startedAt = 0;
  #crashes = 0;
  #stopping = false;
  #restartTimer: NodeJS.Timeout | undefined;
  readonly #lines: string[] = [];

  constructor(options: RegistryProcessOptions) {
    this.#options = options;
  }

  /** Starts the process and waits for `/v2/`; throws (with the registry's last log lines) if it never answers. */
  async start(): Promise<void> {
    this.#stopping = false;
    await this.#launch();
  }

  /** The process id of the running registry (tests kill it to check the restart). */
  pid(): number | undefined {
    return this.#proc && !exited(this.#proc) ? this.#proc.pid : undefined;
  }

  /** The registry's recent log lines (tokens redacted), for error messages. */
  recentLogs(): string {
    return this.#lines.join('\n');
  }

  /** Throws unless the process runs and answers `/v2/`. */
  async check(timeoutMs = 2_000): Promise<void> {
    if (!this.#proc || exited(this.#proc))
      throw new Error('the integrated registry is not running (restarting)');
    await pingRegistry(this.#options.url, timeoutMs);
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#restartTimer);
    const proc = this.#proc;
    if (!proc || exited(proc)) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => proc.kill('SIGKILL'), STOP_GRACE_MS);
      proc.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      proc.kill('SIGTERM');
    });
  }

  #keep(chunk: Buffer): void {
    for (const raw of chunk.toString('utf8').split('\n')) {
      if (raw.trim() === '') continue;
      const line = redactLogLine(raw);
      this.#lines.push(line);
      if (this.#lines.length > LOG_LINES_KEPT) this.#lines.shift();
      log.warn({ line }, 'integrated registry log');
    }
  }

  async #launch(): Promise<void> {
    const proc = spawn(this.#options.binary, ['serve', this.#options.configPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#proc = proc;
    this.#startedAt = Date.now();
    proc.stdout?.on('data', (c: Buffer) => this.#keep(c));
    proc.stderr?.on('data', (c: Buffer) => this.#keep(c));
    proc.once('exit', (code, signal) => this.#onExit(proc, code, signal));
    const spawnError = new Promise<never>((_, reject) =>
      proc.once('error', (cause) =>
        reject(
          new Error(
            `cannot run the integrated registry ${this.#options.binary} (Debian package docker-registry): ${cause.message}`,
            { cause },
          ),
        ),
      ),
    );
    spawnError.catch(() => undefined);
    await Promise.race([this.#waitUp(proc), spawnError]);
  }

  async #waitUp(proc: ChildProcess): Promise<void> {
    const deadline = Date.now() + this.#options.startTimeoutMs;
    while (Date.now() < deadline) {
      if (exited(proc)) break;
      try {
        await pingRegistry(this.#options.url, 1_000);
        return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(
      `the integrated registry (${this.#options.binary}) did not answer ${this.#options.url}/v2/: ${this.recentLogs().slice(-1500)}`,
    );
  }

  #onExit(proc: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#stopping || proc !== this.#proc) return;
    this.#crashes = nextCrashCount(this.#options.restart, this.#crashes, Date.now() - this.#startedAt);
    const delayMs = restartDelayMs(this.#options.restart, this.#crashes);
    registryRestarts.inc();
    log.warn({ code, signal, delayMs, crashes: this.#crashes }, 'integrated registry exited; restarting');
    this.#restartTimer = setTimeout(() => {
      if (this.#stopping) return;
      this.#launch().catch((err: unknown) => {
        // the next exit (or the stuck process) is handled by the exit listener of that launch
        log.warn({ err }, 'integrated registry restart did not come up');
      });
    }, delayMs);
  }
}
