/**
 * Denial-of-service attacks against the BUILT `isctl serve` (docs/security.md, "Denial of service:
 * limits"): JSON patches that amplify, watchers that never read, too many watches, a flood of
 * registry notifications. Each is bounded in count and time and stays on loopback.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProject, cliPath } from '../cli/cli-harness.js';
import { freePort, pushImage, startRegistry, type TestRegistry } from '../../support/registry/index.js';

const G = '/apis/image.openshift.io/v1';
const TOKEN = 'dos-notifications-token';
const MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const MiB = 1024 * 1024;
/** under the 256 KiB that metadata.annotations may hold in all */
const ANNOTATION = 200 * 1024;

let tmp: string;
let url: string;
let child: ChildProcess;
let exited: Promise<number | null>;
let registry: TestRegistry;
let logs = '';

async function waitReady(deadlineMs: number): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error(`server not ready within ${deadlineMs} ms: ${logs}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function call(
  method: string,
  p: string,
  body?: unknown,
  contentType = 'application/json',
  timeoutMs = 20_000,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}${p}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': contentType },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

function stream(name: string, extra: { annotations?: Record<string, string>; from?: string } = {}) {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
    spec: extra.from
      ? {
          tags: [
            {
              name: 'latest',
              from: { kind: 'DockerImage', name: extra.from },
              importPolicy: { insecure: true },
            },
          ],
        }
      : {},
  };
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) if (line.startsWith(name)) total += Number(line.split(' ').pop());
  return total;
}

async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  await buildProject();
  registry = await startRegistry();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'isctl-dos-'));
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  child = spawn(
    process.execPath,
    [
      cliPath(),
      'serve',
      ...['--listen', `127.0.0.1:${port}`, '--data-dir', path.join(tmp, 'data')],
      ...['--notifications-token', TOKEN, '--notifications-registry-host', registry.host],
      ...['--max-watches-per-user', '4', '--watch-stall-timeout', '1s', '--disable-scheduled-import'],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn' } },
  );
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (logs = (logs + d).slice(-20_000)));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (logs = (logs + d).slice(-20_000)));
  exited = new Promise((resolve) => child.on('close', resolve));
  await waitReady(30_000);
}, 240_000);

afterAll(async () => {
  child?.kill('SIGKILL');
  await registry?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('JSON patch amplification', () => {
  const big = 'x'.repeat(ANNOTATION);

  beforeAll(async () => {
    expect(
      (await call('POST', `${G}/namespaces/default/imagestreams`, stream('big', { annotations: { big } })))
        .status,
    ).toBe(201);
    expect((await call('POST', `${G}/namespaces/default/imagestreams`, stream('small'))).status).toBe(201);
  });

  it('answers 2,000 copies of a 200 KiB annotation with 422, while a GET is answered meanwhile', async () => {
    const ops = Array.from({ length: 2000 }, (_, i) => ({
      op: 'copy',
      from: '/metadata/annotations/big',
      path: `/metadata/annotations/c${i}`,
    }));
    const patch = call(
      'PATCH',
      `${G}/namespaces/default/imagestreams/big`,
      ops,
      'application/json-patch+json',
    );
    const get = await call('GET', `${G}/namespaces/default/imagestreams/small`, undefined, undefined, 5000);
    expect(get.status).toBe(200);
    const answer = await patch;
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ kind: 'Status', reason: 'Invalid' });
    expect(String(answer.body.message)).toContain('copy more than');
  }, 30_000);

  it('answers more than 10,000 operations with 413 RequestEntityTooLarge', async () => {
    const ops = Array.from({ length: 10_001 }, () => ({ op: 'test', path: '/kind', value: 'ImageStream' }));
    const answer = await call(
      'PATCH',
      `${G}/namespaces/default/imagestreams/small`,
      ops,
      'application/json-patch+json',
    );
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ kind: 'Status', reason: 'RequestEntityTooLarge', code: 413 });
  }, 30_000);

  it('answers a patched object over 3 MiB with 413 and stores nothing', async () => {
    // a 1.1 MiB value (the body stays under the 3 MiB request limit), copied twice: 2.2 MiB copied, 3.5 MiB in all
    const ops = [
      { op: 'add', path: '/spec/tags', value: [{ name: 'x', annotations: { v: 'v'.repeat(1.1 * MiB) } }] },
      { op: 'copy', from: '/spec/tags/0', path: '/spec/tags/-' },
      { op: 'copy', from: '/spec/tags/0', path: '/spec/tags/-' },
    ];
    const answer = await call(
      'PATCH',
      `${G}/namespaces/default/imagestreams/big`,
      ops,
      'application/json-patch+json',
    );
    expect(answer.status).toBe(413);
    expect(String(answer.body.message)).toContain('the patched object is');
    const after = await call('GET', `${G}/namespaces/default/imagestreams/big`);
    expect((after.body.spec as { tags?: unknown[] }).tags ?? []).toEqual([]);
  }, 30_000);
});

/** A watch over a raw socket whose client never reads (a streamed response, or a WebSocket). */
function unreadWatch(p: string, websocket = false): net.Socket {
  const port = Number(new URL(url).port);
  const socket = net.connect(port, '127.0.0.1');
  socket.pause();
  const upgrade = websocket
    ? 'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
      `Sec-WebSocket-Key: ${Buffer.from('0123456789abcdef').toString('base64')}\r\n`
    : '';
  socket.write(`GET ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n${upgrade}\r\n`);
  return socket;
}

describe('watchers', () => {
  beforeAll(async () => {
    // about 24 MB of streams: more than the loopback socket buffers hold
    const annotation = 'w'.repeat(ANNOTATION);
    for (let i = 0; i < 120; i++) {
      const created = await call(
        'POST',
        `${G}/namespaces/watched/imagestreams`,
        stream(`w${i}`, { annotations: { a: annotation } }),
      );
      expect(created.status).toBe(201);
    }
  }, 60_000);

  it('closes watchers that stop reading once their connection stays full', async () => {
    const before = await metric('imagestreams_apiserver_watches_closed_total{reason="stalled"}');
    const sockets = [0, 1, 2].map(() => unreadWatch(`${G}/namespaces/watched/imagestreams?watch=1`));
    try {
      await until(
        async () =>
          (await metric('imagestreams_apiserver_watches_closed_total{reason="stalled"}')) - before >= 3,
        15_000,
        'three stalled watchers closed',
      );
      await until(
        async () => (await metric('imagestreams_apiserver_watches{')) === 0,
        5_000,
        'no open watch',
      );
      // the client that reads again finds its stream ended (it watches again)
      const ended = new Promise<void>((resolve) => sockets[0]!.on('close', () => resolve()));
      sockets[0]!.on('data', () => undefined).resume();
      await ended;
    } finally {
      for (const s of sockets) s.destroy();
    }
  }, 30_000);

  it('closes WebSocket watchers that stop reading, as streamed ones', async () => {
    const before = await metric('imagestreams_apiserver_watches_closed_total{reason="stalled"}');
    const sockets = [0, 1].map(() => unreadWatch(`${G}/namespaces/watched/imagestreams?watch=1`, true));
    try {
      await until(
        async () =>
          (await metric('imagestreams_apiserver_watches_closed_total{reason="stalled"}')) - before >= 2,
        15_000,
        'two stalled WebSocket watchers closed',
      );
      await until(
        async () => (await metric('imagestreams_apiserver_watches{')) === 0,
        5_000,
        'no open watch',
      );
    } finally {
      for (const s of sockets) s.destroy();
    }
  }, 30_000);

  it('answers the watch past --max-watches-per-user with 429 and a Status', async () => {
    const open = Array.from({ length: 4 }, () => new AbortController());
    try {
      for (const c of open) {
        const res = await fetch(
          `${url}${G}/namespaces/default/imagestreams?watch=1&fieldSelector=metadata.name%3Dsmall`,
          {
            signal: c.signal,
          },
        );
        expect(res.status).toBe(200);
      }
      const fifth = await call(
        'GET',
        `${G}/namespaces/default/imagestreams?watch=1`,
        undefined,
        undefined,
        5000,
      );
      expect(fifth.status).toBe(429);
      expect(fifth.body).toMatchObject({ kind: 'Status', reason: 'TooManyRequests', code: 429 });
    } finally {
      for (const c of open) c.abort();
    }
    // a place frees up when a watch ends
    await until(
      async () => {
        const c = new AbortController();
        const res = await fetch(`${url}${G}/namespaces/default/imagestreams?watch=1`, { signal: c.signal });
        c.abort();
        return res.status === 200;
      },
      5_000,
      'a watch accepted again',
    );
  }, 30_000);
});

describe('a flood of registry notifications', () => {
  const STREAMS = 200;
  const PUSHED = 10;

  it('handles 500 notifications over 200 streams, imports the pushed ones, and keeps answering GETs', async () => {
    // 200 streams following 20 repositories, created before anything is pushed
    for (let i = 0; i < STREAMS; i++) {
      const created = await call(
        'POST',
        `${G}/namespaces/flood/imagestreams`,
        stream(`f${i}`, { from: `${registry.host}/r${i % 20}:latest` }),
      );
      expect(created.status).toBe(201);
    }
    const digests = new Map<string, string>();
    for (let r = 0; r < PUSHED; r++)
      digests.set(`r${r}`, (await pushImage(registry, `r${r}`, 'latest')).digest);
    const notify = (repository: string, digest: string) =>
      fetch(`${url}/notifications/distribution`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/vnd.docker.distribution.events.v1+json',
        },
        body: JSON.stringify({
          events: [{ action: 'push', target: { mediaType: MANIFEST, repository, tag: 'latest', digest } }],
        }),
        signal: AbortSignal.timeout(30_000),
      }).then((res) => res.status);
    const pushed = [...digests.entries()];
    const statuses: number[] = [];
    const gets: number[] = [];
    // 500 notifications, 10 at a time: pushed repositories and ones nobody follows
    for (let batch = 0; batch < 50; batch++) {
      const sends = Array.from({ length: 10 }, (_, j) => {
        const n = batch * 10 + j;
        const [repository, digest] =
          n % 2 === 0 ? pushed[(n / 2) % PUSHED]! : [`unfollowed${n}`, pushed[0]![1]];
        return notify(repository, digest);
      });
      const get = call('GET', `${G}/namespaces/flood/imagestreams/f0`, undefined, undefined, 10_000);
      statuses.push(...(await Promise.all(sends)));
      gets.push((await get).status);
    }
    expect(statuses.every((s) => s >= 200 && s < 300)).toBe(true);
    expect(gets.every((s) => s === 200)).toBe(true);
    // every stream following a pushed repository imports its image; the others import nothing
    const latest = async (i: number): Promise<string | undefined> => {
      const got = await call('GET', `${G}/namespaces/flood/imagestreams/f${i}`);
      const tags = (got.body.status as { tags?: { tag: string; items?: { image: string }[] }[] }).tags;
      return tags?.find((t) => t.tag === 'latest')?.items?.[0]?.image;
    };
    await until(
      async () => {
        for (let i = 0; i < STREAMS; i++) if (i % 20 < PUSHED && !(await latest(i))) return false;
        return true;
      },
      60_000,
      'every following stream imported',
    ).catch(async (e: unknown) => {
      const missing: number[] = [];
      for (let i = 0; i < STREAMS; i++) if (i % 20 < PUSHED && !(await latest(i))) missing.push(i);
      const f = await call('GET', `${G}/namespaces/flood/imagestreams/f${missing[0] ?? 0}`);
      throw new Error(`${String(e)}; missing ${missing.join(',')}: ${JSON.stringify(f.body.status)}`);
    });
    for (let i = 0; i < STREAMS; i++) {
      expect(await latest(i), `f${i}`).toBe(i % 20 < PUSHED ? digests.get(`r${i % 20}`) : undefined);
    }
  }, 90_000);
});

describe('shutdown', () => {
  it('stops on SIGTERM right after a patch attack', async () => {
    const ops = Array.from({ length: 2000 }, (_, i) => ({
      op: 'copy',
      from: '/metadata/annotations/big',
      path: `/metadata/annotations/d${i}`,
    }));
    const attack = call(
      'PATCH',
      `${G}/namespaces/default/imagestreams/big`,
      ops,
      'application/json-patch+json',
    ).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    child.kill('SIGTERM');
    const code = await Promise.race([
      exited,
      new Promise((r) => setTimeout(() => r('still running'), 15_000)),
    ]);
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    await attack;
  }, 30_000);
});
