/**
 * Starts a real etcd (Debian's /usr/bin/etcd, v3.4) on random loopback ports with a temp data
 * dir: a single member, or a three-member cluster for failover tests, optionally with TLS and
 * client-certificate authentication. Always call stop() (afterAll); it kills every member and
 * removes the data. A member that finds one of its ports taken (freePort's port was free only when
 * asked) starts the cluster over on fresh ports.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ETCD_BINARY = process.env.ETCD_BINARY ?? '/usr/bin/etcd';

export interface EtcdTlsFiles {
  caFile: string;
  certFile: string;
  keyFile: string;
}

export interface StartEtcdOptions {
  /** 1 (default) or 3 */
  members?: number;
  /** serve clients over TLS and require client certificates */
  tls?: boolean;
  /** ms to wait for the cluster to become healthy (default 20 s) */
  timeoutMs?: number;
}

export interface EtcdCluster {
  /** client URLs, one per member: http://127.0.0.1:PORT (https with tls) */
  endpoints: string[];
  /** client certificate, key and CA when started with tls */
  tls?: EtcdTlsFiles;
  /** SIGKILLs one member (0-based); the others keep running */
  kill(member: number): Promise<void>;
  /** SIGSTOPs one member: it keeps its connections open but answers nothing (thaw it, or stop()) */
  freeze(member: number): void;
  /** SIGCONTs a frozen member */
  thaw(member: number): void;
  /** stops every member and removes the data dir */
  stop(): Promise<void>;
}

interface Member {
  name: string;
  clientPort: number;
  peerPort: number;
  process?: ChildProcess;
  exited?: Promise<void>;
  log: string[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A throwaway CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl. */
function makeCertificates(dir: string): EtcdTlsFiles & { serverCert: string; serverKey: string } {
  const run = (args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  };
  const ext = join(dir, 'server.ext');
  execFileSync('sh', ['-c', `printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > ${ext}`]);
  run([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=test-ca',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
  ]);
  for (const who of ['server', 'client']) {
    run([
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${who}`,
      '-keyout',
      `${who}.key`,
      '-out',
      `${who}.csr`,
    ]);
    const extra = who === 'server' ? ['-extfile', ext] : [];
    run([
      'x509',
      '-req',
      '-in',
      `${who}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '1',
      '-out',
      `${who}.crt`,
      ...extra,
    ]);
  }
  return {
    caFile: join(dir, 'ca.crt'),
    certFile: join(dir, 'client.crt'),
    keyFile: join(dir, 'client.key'),
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
  };
}

interface ClusterSpec {
  dir: string;
  /** name=peerURL,… */
  initial: string;
  /** the same for every member of one cluster, unique per cluster */
  token: string;
  tls: ReturnType<typeof makeCertificates> | undefined;
}

function memberArgs(m: Member, spec: ClusterSpec): string[] {
  const { dir, tls } = spec;
  const scheme = tls ? 'https' : 'http';
  const client = `${scheme}://127.0.0.1:${m.clientPort}`;
  const peer = `http://127.0.0.1:${m.peerPort}`;
  const args = [
    '--name',
    m.name,
    '--data-dir',
    join(dir, m.name),
    '--listen-client-urls',
    client,
    '--advertise-client-urls',
    client,
    '--listen-peer-urls',
    peer,
    '--initial-advertise-peer-urls',
    peer,
    '--initial-cluster',
    spec.initial,
    '--initial-cluster-state',
    'new',
    '--initial-cluster-token',
    spec.token,
    '--logger',
    'zap',
    '--log-level',
    'warn',
    '--heartbeat-interval',
    '50',
    '--election-timeout',
    '500',
  ];
  if (tls) {
    args.push(
      '--cert-file',
      tls.serverCert,
      '--key-file',
      tls.serverKey,
      '--trusted-ca-file',
      tls.caFile,
      '--client-cert-auth',
    );
  }
  return args;
}

/** Members still running, killed if the test process exits without stop() (a crash, a timeout). */
const running = new Set<ChildProcess>();
const leftovers = new Set<string>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of leftovers) rmSync(dir, { recursive: true, force: true });
});

function launch(m: Member, args: string[]): void {
  const child = spawn(ETCD_BINARY, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    // etcd 3.4 refuses to start on architectures other than amd64 unless told to
    env: process.arch === 'x64' ? process.env : { ...process.env, ETCD_UNSUPPORTED_ARCH: process.arch },
  });
  const keep = (chunk: Buffer): void => {
    m.log.push(chunk.toString());
    if (m.log.length > 200) m.log.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  m.process = child;
  running.add(child);
  m.exited = new Promise((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );
}

async function healthy(url: string, tls: EtcdTlsFiles | undefined): Promise<boolean> {
  try {
    if (!tls) {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      return res.ok && ((await res.json()) as { health?: string }).health === 'true';
    }
    const [ca, cert, key] = await Promise.all([
      readFile(tls.caFile),
      readFile(tls.certFile),
      readFile(tls.keyFile),
    ]);
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpsRequest(
        `${url}/health`,
        { ca, cert, key, timeout: 1000, servername: 'localhost' },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.end();
    });
    return (JSON.parse(body) as { health?: string }).health === 'true';
  } catch {
    return false;
  }
}

async function stopMember(m: Member, signal: NodeJS.Signals): Promise<void> {
  const child = m.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  // a frozen member only acts on SIGTERM once it runs again
  child.kill('SIGCONT');
  child.kill(signal);
  // a member whose peers are gone lingers for seconds on SIGTERM; the data is thrown away anyway
  await Promise.race([m.exited, new Promise((r) => setTimeout(r, 500))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await m.exited;
}

function signalMember(members: Member[], member: number, signal: NodeJS.Signals): void {
  const child = members[member]?.process;
  if (!child) throw new Error(`no etcd member ${member}`);
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
}

/** A member that could not bind its ports (another process took one between freePort and etcd's listen). */
class PortClash extends Error {}

/** How often a cluster whose member found a port taken starts over on fresh ports. */
const PORT_ATTEMPTS = 4;

/** etcd's words when a listen fails on a taken port. */
const BIND_FAILED = /address already in use/;

export async function startEtcd(options: StartEtcdOptions = {}): Promise<EtcdCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'imagestreams-etcd-'));
  leftovers.add(dir);
  const tls = options.tls ? makeCertificates(dir) : undefined;
  try {
    // freePort only finds a port that was free a moment ago: a clash starts over on new ports
    for (let attempt = 1; ; attempt++) {
      try {
        return await startMembers(options, dir, tls, attempt);
      } catch (err) {
        if (!(err instanceof PortClash) || attempt >= PORT_ATTEMPTS) throw err;
      }
    }
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    leftovers.delete(dir);
    throw err;
  }
}

/** Fails when a member exited during startup: a PortClash when it could not bind a port. */
function throwIfExited(members: Member[]): void {
  const dead = members.find((m) => m.process?.exitCode !== null && m.process?.exitCode !== undefined);
  if (!dead) return;
  const log = dead.log.join('');
  const message = `etcd member ${dead.name} exited: ${log.slice(-2000)}`;
  throw BIND_FAILED.test(log) ? new PortClash(message) : new Error(message);
}

async function startMembers(
  options: StartEtcdOptions,
  dir: string,
  tls: ReturnType<typeof makeCertificates> | undefined,
  attempt: number,
): Promise<EtcdCluster> {
  const count = options.members ?? 1;
  const members: Member[] = [];
  for (let i = 0; i < count; i++) {
    members.push({ name: `m${i}`, clientPort: await freePort(), peerPort: await freePort(), log: [] });
  }
  const spec: ClusterSpec = {
    // each attempt in a data dir of its own: a member that started must not meet another cluster's data
    dir: join(dir, `attempt-${attempt}`),
    initial: members.map((m) => `${m.name}=http://127.0.0.1:${m.peerPort}`).join(','),
    token: `test-${process.pid}-${members[0]?.clientPort ?? 0}`,
    tls,
  };
  const scheme = tls ? 'https' : 'http';
  const endpoints = members.map((m) => `${scheme}://127.0.0.1:${m.clientPort}`);
  const stopMembers = (): Promise<void[]> => Promise.all(members.map((m) => stopMember(m, 'SIGTERM')));
  const stop = async (): Promise<void> => {
    await stopMembers();
    await rm(dir, { recursive: true, force: true });
    leftovers.delete(dir);
  };
  for (const m of members) launch(m, memberArgs(m, spec));
  const clientTls = tls ? { caFile: tls.caFile, certFile: tls.certFile, keyFile: tls.keyFile } : undefined;
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  try {
    for (const url of endpoints) {
      while (!(await healthy(url, clientTls))) {
        throwIfExited(members);
        if (Date.now() > deadline)
          throw new Error(
            `etcd at ${url} not healthy in time: ${members
              .map((m) => m.log.join(''))
              .join('\n')
              .slice(-2000)}`,
          );
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    // a cluster answers healthy without a member that failed to bind: that member must be running
    await new Promise((r) => setTimeout(r, 100));
    throwIfExited(members);
  } catch (err) {
    await stopMembers();
    throw err;
  }
  return {
    endpoints,
    ...(clientTls ? { tls: clientTls } : {}),
    async kill(member: number) {
      const m = members[member];
      if (!m) throw new Error(`no etcd member ${member}`);
      await stopMember(m, 'SIGKILL');
    },
    freeze: (member) => signalMember(members, member, 'SIGSTOP'),
    thaw: (member) => signalMember(members, member, 'SIGCONT'),
    stop,
  };
}
