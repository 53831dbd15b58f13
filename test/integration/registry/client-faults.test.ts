/**
 * Faults between the client and a real registry, injected by a proxy: 5xx and resets retried
 * with backoff, 429 with Retry-After honoured, corrupted manifests refused, registry down,
 * pagination through Link headers, timeouts, no v2 API. Sleeps are injected: nothing waits.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createRegistryClient,
  RegistryError,
  type RegistryClient,
  type RegistryClientOptions,
} from '../../../src/registry/index.js';
import {
  freePort,
  pushImage,
  startFaultProxy,
  startRegistry,
  type FaultProxy,
  type PushedImage,
  type TestRegistry,
} from '../../support/registry/index.js';

const insecure = { insecure: true };
let reg: TestRegistry;
let proxy: FaultProxy;
let image: PushedImage;
const sleeps: number[] = [];
const clients: RegistryClient[] = [];

function client(extra: RegistryClientOptions = {}): RegistryClient {
  const c = createRegistryClient({
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...extra,
  });
  clients.push(c);
  return c;
}

function viaProxy(repository = 'faults/app') {
  return { registry: proxy.host, repository };
}

async function rejection(p: Promise<unknown>): Promise<RegistryError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RegistryError);
  return err as RegistryError;
}

beforeAll(async () => {
  reg = await startRegistry({ auth: 'none' });
  image = await pushImage(reg, 'faults/app', 'v1');
  proxy = await startFaultProxy(reg.url);
});
afterEach(() => {
  proxy.clear();
  proxy.paginateTags(undefined);
  sleeps.length = 0;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await proxy?.stop();
  await reg?.stop();
});

const manifests = { path: /\/manifests\// };

describe('retries', () => {
  it('500s then success: retried with growing backoff and the right digest in the end', async () => {
    const c = client();
    proxy.inject({ fault: { type: 'status', status: 500 }, times: 2, match: manifests });
    const head = await c.headManifest(viaProxy(), 'v1', insecure);
    expect(head.digest).toBe(image.digest);
    expect(c.stats().retries).toBe(2);
    expect(sleeps).toEqual([150, 300]); // 200 and 400 ms with jitter 0.5 ("equal jitter")
  });

  it('gives up after the bounded attempts with Unavailable', async () => {
    const c = client({ retry: { maxAttempts: 3 } });
    proxy.inject({ fault: { type: 'status', status: 503 }, times: Infinity, match: manifests });
    const err = await rejection(c.headManifest(viaProxy(), 'v1', insecure));
    expect(err.kind).toBe('Unavailable');
    expect(err.status).toBe(503);
    expect(err.message).toContain(`${proxy.host}/faults/app`);
    expect(c.stats().byKind.manifestHead).toBe(3);
  });

  it('connection resets are retried', async () => {
    const c = client();
    proxy.inject({ fault: { type: 'reset' }, times: 2, match: manifests });
    const m = await c.getManifest(viaProxy(), 'v1', insecure);
    expect(m.digest).toBe(image.digest);
    expect(c.stats().retries).toBe(2);
  });

  it('429 waits for Retry-After seconds before retrying', async () => {
    const c = client();
    proxy.inject({
      fault: { type: 'status', status: 429, headers: { 'retry-after': '7' } },
      match: manifests,
    });
    const head = await c.headManifest(viaProxy(), 'v1', insecure);
    expect(head.digest).toBe(image.digest);
    expect(sleeps).toEqual([7000]);
  });

  it('429 with an HTTP-date Retry-After waits until then', async () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    const c = client({ now: () => now });
    const date = new Date(now + 12_000).toUTCString();
    proxy.inject({
      fault: { type: 'status', status: 429, headers: { 'retry-after': date } },
      match: manifests,
    });
    await c.headManifest(viaProxy(), 'v1', insecure);
    expect(sleeps).toEqual([12_000]);
  });

  it('a Retry-After beyond the cap fails at once as RateLimited', async () => {
    const c = client({ retry: { maxRetryAfterMs: 10_000 } });
    proxy.inject({
      fault: { type: 'status', status: 429, headers: { 'retry-after': '3600' } },
      match: manifests,
    });
    const err = await rejection(c.headManifest(viaProxy(), 'v1', insecure));
    expect(err.kind).toBe('RateLimited');
    expect(err.retryAfterSeconds).toBe(3600);
    expect(sleeps).toEqual([]);
  });

  it('records Docker Hub style rate-limit headers per registry', async () => {
    const c = client();
    proxy.inject({
      fault: {
        type: 'status',
        status: 429,
        headers: { 'retry-after': '1', 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '0;w=21600' },
      },
      match: manifests,
    });
    await c.headManifest(viaProxy(), 'v1', insecure);
    expect(c.rateLimit(proxy.host)).toMatchObject({ limit: 100, remaining: 0, windowSeconds: 21600 });
  });

  // undici checks header timeouts on a coarse timer (about 1 s), hence the long delay
  it('a registry that does not answer in time is a Timeout after bounded retries', async () => {
    const c = client({ timeouts: { headersMs: 200 }, retry: { maxAttempts: 2 } });
    proxy.inject({ fault: { type: 'delay', ms: 2500 }, times: 2, match: manifests });
    const err = await rejection(c.headManifest(viaProxy(), 'v1', insecure));
    expect(err.kind).toBe('Timeout');
    expect(c.stats().byKind.manifestHead).toBe(2);
  });
});

describe('registry down', () => {
  it('is Unavailable after bounded retries', async () => {
    const port = await freePort(); // nothing listens there
    const c = client({ retry: { maxAttempts: 3 } });
    const err = await rejection(
      c.headManifest({ registry: `127.0.0.1:${port}`, repository: 'x/y' }, 'v1', insecure),
    );
    expect(err.kind).toBe('Unavailable');
    expect(err.message).toContain(`127.0.0.1:${port}`);
    expect(err.message).toContain('connection refused');
    expect(sleeps.length).toBe(2);
  });
});

describe('digest verification', () => {
  it('a manifest whose bytes do not match Docker-Content-Digest is refused', async () => {
    const c = client();
    proxy.inject({ fault: { type: 'corrupt' }, match: { method: 'GET', path: /\/manifests\// } });
    const err = await rejection(c.getManifest(viaProxy(), 'v1', insecure));
    expect(err.kind).toBe('DigestMismatch');
    expect(err.message).toContain(image.digest);
  });

  it('a manifest fetched by digest must hash to that digest even without the header', async () => {
    const c = client();
    proxy.inject({
      fault: { type: 'corrupt', stripDigestHeader: true },
      match: { method: 'GET', path: /\/manifests\// },
    });
    const err = await rejection(c.getManifest(viaProxy(), image.digest, insecure));
    expect(err.kind).toBe('DigestMismatch');
  });

  it('a corrupted config blob is refused', async () => {
    const c = client();
    const m = await c.getManifest(viaProxy(), 'v1', insecure);
    if (m.manifest.kind !== 'image') throw new Error('expected an image');
    proxy.inject({ fault: { type: 'corrupt' }, match: { path: /\/blobs\// } });
    const err = await rejection(c.getImageConfig(viaProxy(), m.manifest, insecure));
    expect(err.kind).toBe('DigestMismatch');
  });
});

describe('schema 1', () => {
  it('a registry answering with a schema 1 manifest gets a clear UnsupportedManifest', async () => {
    const c = client();
    const schema1 = { schemaVersion: 1, name: 'faults/app', tag: 'old', fsLayers: [], history: [] };
    const headers = { 'content-type': 'application/vnd.docker.distribution.manifest.v1+prettyjws' };
    proxy.inject({
      fault: { type: 'status', status: 200, headers, body: JSON.stringify(schema1) },
      times: 2,
      match: manifests,
    });
    const head = await rejection(c.headManifest(viaProxy(), 'old', insecure));
    expect(head.kind).toBe('UnsupportedManifest');
    const get = await rejection(c.getManifest(viaProxy(), 'old', insecure));
    expect(get.kind).toBe('UnsupportedManifest');
    expect(get.message).toContain('schema 1');
    expect(get.message).toContain(`${proxy.host}/faults/app:old`);
  });
});

describe('tag pagination', () => {
  beforeAll(async () => {
    for (let i = 0; i < 7; i++) await pushImage(reg, 'faults/many', `t${i}`);
  });

  it('follows Link rel="next" pages until all tags are read', async () => {
    proxy.paginateTags({});
    const c = client();
    const tags = await c.listTags(viaProxy('faults/many'), { ...insecure, pageSize: 2 });
    expect(tags).toEqual(['t0', 't1', 't2', 't3', 't4', 't5', 't6']);
    expect(c.stats().byKind.tags).toBe(4);
  });

  it('stops at the page cap', async () => {
    proxy.paginateTags({});
    const c = client();
    const tags = await c.listTags(viaProxy('faults/many'), { ...insecure, pageSize: 2, maxPages: 2 });
    expect(tags).toEqual(['t0', 't1', 't2', 't3']);
  });

  it('does not follow a next link to another origin', async () => {
    proxy.paginateTags({ nextOrigin: 'http://127.0.0.1:9' });
    const c = client();
    const tags = await c.listTags(viaProxy('faults/many'), { ...insecure, pageSize: 3 });
    expect(tags).toEqual(['t0', 't1', 't2']);
    expect(c.stats().byKind.tags).toBe(1);
  });
});

describe('keep-alive', () => {
  it('many GETs share few TCP connections at the proxy', async () => {
    const c = client();
    await c.getManifest(viaProxy(), 'v1', insecure);
    const before = proxy.connections();
    for (let i = 0; i < 10; i++) await c.getManifest(viaProxy(), 'v1', insecure);
    expect(proxy.connections() - before).toBeLessThanOrEqual(2);
  });
});

describe('not a registry', () => {
  let server: Server;
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('a server whose /v2/ is 404 is NotV2Registry', async () => {
    server = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html>not here</html>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const err = await rejection(
      client().headManifest({ registry: host, repository: 'a/b' }, 'latest', insecure),
    );
    expect(err.kind).toBe('NotV2Registry');
    expect(err.message).toContain(host);
  });
});
