/**
 * Starts the Debian `docker-registry` (CNCF distribution 2.8) on a random loopback port with
 * filesystem storage in a temp dir: open, htpasswd basic auth, or token auth behind the test
 * token issuer; optionally TLS (self-signed) and webhook notifications.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { stringify } from 'yaml';
import { freePort } from './ports.js';
import { makeSelfSignedCert, type TestCertificate } from './tls.js';
import { startTokenIssuer, type TokenIssuer, type TokenIssuerOptions } from './token-issuer.js';

const REGISTRY_BINARY = '/usr/bin/docker-registry';

export interface NotifyOptions {
  url: string;
  /** sent as `Authorization: Bearer TOKEN` */
  token?: string;
  /** distribution's per-endpoint timeout, e.g. '1s' */
  timeout?: string;
  /** failures before backing off */
  threshold?: number;
  backoff?: string;
}

export interface StartRegistryOptions {
  auth?: 'none' | 'htpasswd' | 'token';
  notify?: NotifyOptions;
  /** serve HTTPS with a self-signed certificate */
  tls?: boolean;
  /** token mode: issuer tweaks (expiry, anonymous pulls, token field) */
  token?: Partial<Pick<TokenIssuerOptions, 'anonymousPull' | 'expiresIn' | 'tokenField'>>;
}

export interface TestRegistry {
  /** `127.0.0.1:PORT`: what an image reference names */
  host: string;
  /** `http://127.0.0.1:PORT` (or https) */
  url: string;
  auth: 'none' | 'htpasswd' | 'token';
  username?: string;
  password?: string;
  issuer?: TokenIssuer;
  certificate?: TestCertificate;
  dataDir: string;
  /** An Authorization header value allowing push and pull on `repository`, if auth is on. */
  pushAuthorization(repository: string): string | undefined;
  /** the registry's recent stderr, for failure messages */
  logs(): string;
  stop(): Promise<void>;
}

const SERVICE = 'test-registry';

/** Registries still running: killed if the test process exits without stopping them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const p of running) p.kill('SIGKILL');
});
const ISSUER = 'test-token-issuer';

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

interface Setup {
  dir: string;
  auth: NonNullable<StartRegistryOptions['auth']>;
  username: string;
  password: string;
  issuer?: TokenIssuer;
  tokenCert?: TestCertificate;
  serverCert?: TestCertificate;
}

function authSection(s: Setup): Record<string, unknown> | undefined {
  if (s.auth === 'htpasswd') {
    const line = execFileSync('htpasswd', ['-Bbn', s.username, s.password], { encoding: 'utf8' });
    const path = join(s.dir, 'htpasswd');
    writeFileSync(path, line.trim() + '\n');
    return { htpasswd: { realm: 'test-realm', path } };
  }
  if (s.auth === 'token' && s.issuer && s.tokenCert) {
    return {
      token: {
        realm: s.issuer.realm,
        service: SERVICE,
        issuer: ISSUER,
        rootcertbundle: s.tokenCert.certPath,
      },
    };
  }
  return undefined;
}

function notificationsSection(n: NotifyOptions | undefined): Record<string, unknown> | undefined {
  if (!n) return undefined;
  return {
    endpoints: [
      {
        name: 'test',
        url: n.url,
        headers: n.token ? { Authorization: [`Bearer ${n.token}`] } : {},
        timeout: n.timeout ?? '1s',
        threshold: n.threshold ?? 3,
        backoff: n.backoff ?? '1s',
      },
    ],
  };
}

function writeConfig(s: Setup, port: number, notify: NotifyOptions | undefined): string {
  const http: Record<string, unknown> = { addr: `127.0.0.1:${port}`, secret: 'test-secret-not-sensitive' };
  if (s.serverCert) http.tls = { certificate: s.serverCert.certPath, key: s.serverCert.keyPath };
  const config: Record<string, unknown> = {
    version: 0.1,
    log: { level: 'warn', accesslog: { disabled: true } },
    storage: {
      filesystem: { rootdirectory: join(s.dir, 'data') },
      delete: { enabled: true },
      maintenance: { uploadpurging: { enabled: false } },
    },
    http,
  };
  const auth = authSection(s);
  if (auth) config.auth = auth;
  const notifications = notificationsSection(notify);
  if (notifications) config.notifications = notifications;
  const path = join(s.dir, 'config.yml');
  writeFileSync(path, stringify(config));
  return path;
}

async function waitReady(url: string, proc: ChildProcess, deadlineMs: number): Promise<boolean> {
  const agent = new Agent({ connect: { rejectUnauthorized: false } });
  try {
    while (Date.now() < deadlineMs) {
      if (proc.exitCode !== null) return false;
      try {
        const res = await request(`${url}/v2/`, { dispatcher: agent, headersTimeout: 1000 });
        await res.body.dump();
        if (res.statusCode === 200 || res.statusCode === 401) return true;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return false;
  } finally {
    await agent.close();
  }
}

function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    proc.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}

async function launch(
  s: Setup,
  notify: NotifyOptions | undefined,
): Promise<{ proc: ChildProcess; port: number; logs: string[] }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const config = writeConfig(s, port, notify);
    const logs: string[] = [];
    const proc = spawn(REGISTRY_BINARY, ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(proc);
    proc.once('exit', () => running.delete(proc));
    const keep = (chunk: Buffer): void => {
      logs.push(chunk.toString('utf8'));
      if (logs.length > 200) logs.shift();
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    const scheme = s.serverCert ? 'https' : 'http';
    if (await waitReady(`${scheme}://127.0.0.1:${port}`, proc, Date.now() + 15_000))
      return { proc, port, logs };
    await stopProcess(proc);
    if (attempt >= 3) throw new Error(`docker-registry did not start: ${logs.join('').slice(-2000)}`);
  }
}

export async function startRegistry(options: StartRegistryOptions = {}): Promise<TestRegistry> {
  const auth = options.auth ?? 'none';
  const s: Setup = {
    dir: mkdtempSync(join(tmpdir(), 'imagestreams-registry-')),
    auth,
    username: 'tester',
    password: `pw-${Math.random().toString(36).slice(2)}`,
  };
  if (options.tls) s.serverCert = makeSelfSignedCert(s.dir, 'server', '127.0.0.1');
  if (auth === 'token') {
    s.tokenCert = makeSelfSignedCert(s.dir, 'token', ISSUER);
    s.issuer = await startTokenIssuer({
      issuer: ISSUER,
      service: SERVICE,
      cert: s.tokenCert,
      users: { [s.username]: s.password },
      ...options.token,
    });
  }
  let launched: Awaited<ReturnType<typeof launch>>;
  try {
    launched = await launch(s, options.notify);
  } catch (err) {
    await s.issuer?.stop();
    rmSync(s.dir, { recursive: true, force: true });
    throw err;
  }
  const host = `127.0.0.1:${launched.port}`;
  const registry: TestRegistry = {
    host,
    url: `${s.serverCert ? 'https' : 'http'}://${host}`,
    auth,
    dataDir: join(s.dir, 'data'),
    pushAuthorization: (repository) => {
      if (auth === 'htpasswd') return basic(s.username, s.password);
      if (auth === 'token' && s.issuer) {
        return `Bearer ${s.issuer.mint(s.username, [{ type: 'repository', name: repository, actions: ['pull', 'push'] }])}`;
      }
      return undefined;
    },
    logs: () => launched.logs.join(''),
    stop: async () => {
      await stopProcess(launched.proc);
      await s.issuer?.stop();
      rmSync(s.dir, { recursive: true, force: true });
    },
  };
  if (auth !== 'none') {
    registry.username = s.username;
    registry.password = s.password;
  }
  if (s.issuer) registry.issuer = s.issuer;
  if (s.serverCert) registry.certificate = s.serverCert;
  return registry;
}
