/**
 * The denial-of-service attacks of issue 9, measured against a built `isctl serve` child process
 * (any build: pass --cli to measure another checkout's dist, e.g. main's, for a before/after):
 * - patch: 400 (--ops) `copy` operations of a 200 KiB (--annotation-kib) annotation; how long the PATCH takes and the slowest
 *   GET answered meanwhile (the event loop's block);
 * - watchers: 500 watches whose clients never read, over 200 streams of 10 KB; the server's RSS
 *   and the time /metrics takes after 15 s;
 * - flood: 2,000 distribution notifications (10 at a time) with 1,000 streams stored, each
 *   following its own repository; half the notifications match one stream, half none (so the
 *   durable PendingImport writes stay small and the lookup is what is measured); notifications/s
 *   and GET latency (p50, p99) meanwhile.
 * Everything stays on loopback, every phase is bounded in count and time.
 *
 *   npm run build && node dist/bench/dos/dos-bench.js [--cli PATH/dist/src/cli/main.js] [--flags="--max-watches-per-user 0"] [--phases patch,watchers,flood] [--ops 400]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const G = '/apis/image.openshift.io/v1';
const TOKEN = 'bench-token';

interface Server {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

async function startServe(cli: string, extra: string[]): Promise<Server> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dos-bench-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [
      cli,
      'serve',
      ...['--listen', `127.0.0.1:${port}`, '--data-dir', dir, '--notifications-token', TOKEN],
      ...['--no-image-import', '--disable-docker-target', ...extra],
    ],
    { stdio: 'ignore', env: { ...process.env, LOG_LEVEL: 'error' } },
  );
  const end = Date.now() + 30_000;
  for (;;) {
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > end) throw new Error('server not ready in 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    async stop() {
      const exited = new Promise((r) => child.once('close', r));
      child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: Math.round(performance.now() - t), value };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
}

function stream(name: string, spec: Record<string, unknown> = {}, annotations?: Record<string, string>) {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name, ...(annotations ? { annotations } : {}) },
    spec,
  };
}

async function post(url: string, p: string, body: unknown): Promise<number> {
  const res = await fetch(`${url}${p}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

async function getMs(url: string, p: string): Promise<number> {
  return (
    await timed(async () => {
      const res = await fetch(`${url}${p}`, { signal: AbortSignal.timeout(300_000) });
      await res.arrayBuffer();
    })
  ).ms;
}

async function patchPhase(
  server: Server,
  opsCount: number,
  annotationBytes: number,
): Promise<Record<string, number | string>> {
  await post(
    server.url,
    `${G}/namespaces/default/imagestreams`,
    stream('big', {}, { big: 'x'.repeat(annotationBytes) }),
  );
  await post(server.url, `${G}/namespaces/default/imagestreams`, stream('small'));
  const ops = Array.from({ length: opsCount }, (_, i) => ({
    op: 'copy',
    from: '/metadata/annotations/big',
    path: `/metadata/annotations/c${i}`,
  }));
  let done = false;
  const probes: number[] = [];
  let failedGets = 0;
  const probing = (async () => {
    while (!done) {
      const started = performance.now();
      await getMs(server.url, `${G}/namespaces/default/imagestreams/small`).then(
        (ms) => probes.push(ms),
        () => {
          failedGets++;
          probes.push(Math.round(performance.now() - started));
        },
      );
    }
  })();
  const patch = await timed(async () => {
    const res = await fetch(`${server.url}${G}/namespaces/default/imagestreams/big`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json-patch+json' },
      body: JSON.stringify(ops),
      signal: AbortSignal.timeout(300_000),
    });
    await res.arrayBuffer();
    return res.status;
  }).catch((e: unknown) => ({ ms: -1, value: `failed: ${String(e)}` }));
  done = true;
  await probing;
  return {
    ops: opsCount,
    patchMs: patch.ms,
    patchStatus: patch.value,
    slowestGetMs: Math.max(...probes),
    failedGets,
  };
}

function unreadWatch(url: string, p: string): net.Socket {
  const socket = net.connect(Number(new URL(url).port), '127.0.0.1');
  socket.on('error', () => undefined);
  socket.pause();
  socket.write(`GET ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  return socket;
}

async function watchPhase(server: Server): Promise<Record<string, number>> {
  const annotation = 'w'.repeat(10_000);
  for (let i = 0; i < 200; i++)
    await post(server.url, `${G}/namespaces/watched/imagestreams`, stream(`w${i}`, {}, { a: annotation }));
  const rssBefore = rssMiB(server.child.pid!);
  const sockets = Array.from({ length: 500 }, () =>
    unreadWatch(server.url, `${G}/namespaces/watched/imagestreams?watch=1`),
  );
  await new Promise((r) => setTimeout(r, 15_000));
  const metricsMs = await getMs(server.url, '/metrics');
  const rssAfter = rssMiB(server.child.pid!);
  const getMsDuring = await getMs(server.url, `${G}/namespaces/watched/imagestreams/w0`);
  for (const s of sockets) s.destroy();
  return { rssBeforeMiB: rssBefore, rssWith500UnreadWatchersMiB: rssAfter, metricsMs, getMsDuring };
}

async function floodPhase(server: Server): Promise<Record<string, number>> {
  for (let i = 0; i < 1000; i++) {
    const from = { kind: 'DockerImage', name: `registry.example.com/team/r${i}:latest` };
    await post(
      server.url,
      `${G}/namespaces/flood/imagestreams`,
      stream(`f${i}`, { tags: [{ name: 'latest', from }] }),
    );
  }
  const notify = (n: number) =>
    fetch(`${server.url}/notifications/distribution`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/vnd.docker.distribution.events.v1+json',
      },
      body: JSON.stringify({
        events: [
          {
            action: 'push',
            target: {
              mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
              repository: `team/r${n % 2000}`,
              tag: 'latest',
            },
            request: { host: 'registry.example.com' },
          },
        ],
      }),
      signal: AbortSignal.timeout(300_000),
    }).then((r) => r.arrayBuffer());
  let done = false;
  const gets: number[] = [];
  const probing = (async () => {
    while (!done) {
      gets.push(await getMs(server.url, `${G}/namespaces/flood/imagestreams/f0`));
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const flood = await timed(async () => {
    for (let batch = 0; batch < 200; batch++)
      await Promise.all(Array.from({ length: 10 }, (_, j) => notify(batch * 10 + j)));
  });
  done = true;
  await probing;
  return {
    notifications: 2000,
    seconds: Math.round(flood.ms / 100) / 10,
    perSecond: Math.round(2000 / (flood.ms / 1000)),
    getP50Ms: percentile(gets, 50),
    getP99Ms: percentile(gets, 99),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cli: { type: 'string', default: path.resolve(import.meta.dirname, '../../src/cli/main.js') },
      flags: { type: 'string', default: '' },
      phases: { type: 'string', default: 'patch,watchers,flood' },
      ops: { type: 'string', default: '400' },
      'annotation-kib': { type: 'string', default: '200' },
    },
  });
  const extra = values.flags.split(' ').filter((f) => f !== '');
  const phases: Record<string, (s: Server) => Promise<Record<string, number | string>>> = {
    patch: (s) => patchPhase(s, Number(values.ops), Number(values['annotation-kib']) * 1024),
    watchers: watchPhase,
    flood: floodPhase,
  };
  for (const name of values.phases.split(',')) {
    const phase = phases[name];
    if (!phase) throw new Error(`unknown phase ${name}`);
    const server = await startServe(values.cli, extra);
    try {
      const result = await Promise.race([
        phase(server),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`${name}: over 6 minutes`)), 360_000),
        ),
      ]);
      process.stdout.write(`${name}: ${JSON.stringify(result)}\n`);
    } finally {
      await server.stop();
    }
  }
  process.exit(0);
}

void main();
