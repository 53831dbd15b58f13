/**
 * The API server with its watch cache (the default), over HTTP: a GET answered from the cached
 * bytes is the object (or a Table, or a 404 Status) as a GET from the store gives it, and a paged
 * LIST walks the same items as one whole LIST, every page at the first page's resourceVersion,
 * also while streams are written between pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCaller } from '../../support/api-call.js';
import { startTestApiServer, type TestApiServer } from '../../support/api-server.js';

const STREAMS = '/apis/image.openshift.io/v1/namespaces/default/imagestreams';

let cached: TestApiServer;
let uncached: TestApiServer;
const call = apiCaller(() => cached.url);
const callStore = apiCaller(() => uncached.url);

const stream = (name: string): object => ({
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: { name },
  spec: { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: `quay.io/x/${name}:latest` } }] },
});

beforeAll(async () => {
  cached = await startTestApiServer();
  uncached = await startTestApiServer({ watchCache: false });
  for (const name of ['a', 'b', 'c', 'd', 'e']) {
    expect((await call('POST', STREAMS, stream(name))).status).toBe(201);
    expect((await callStore('POST', STREAMS, stream(name))).status).toBe(201);
  }
});
afterAll(async () => {
  await cached?.close();
  await uncached?.close();
});

/** what differs between two servers' copies of one object */
const comparable = (o: Record<string, unknown>): unknown => {
  const { metadata, ...rest } = o as { metadata: Record<string, unknown> };
  const { uid: _u, creationTimestamp: _c, resourceVersion: _r, managedFields: _m, ...meta } = metadata;
  return { ...rest, metadata: meta };
};

/** image stream reads the watch cache answered, from the server's /metrics */
async function cacheHits(): Promise<number> {
  const text = await (await fetch(`${cached.url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) =>
      l.startsWith('imagestreams_apiserver_watch_cache_reads_total{resource="imagestreams",result="hit"}'),
    );
  return Number(line?.split(' ').pop() ?? 0);
}

describe('watch cache over HTTP', () => {
  it('answers a GET with the object a GET from the store gives, a Table, and a 404 Status', async () => {
    const hits = await cacheHits();
    for (let i = 0; i < 3; i++) {
      const got = await call('GET', `${STREAMS}/b`);
      expect(got.status).toBe(200);
      expect(comparable(got.json)).toEqual(comparable((await callStore('GET', `${STREAMS}/b`)).json));
    }
    // one cache read per GET: the cached bytes answered it, nothing read it again
    expect((await cacheHits()) - hits).toBe(3);
    const res = await fetch(`${cached.url}${STREAMS}/b`, {
      headers: { accept: 'application/json;as=Table;g=meta.k8s.io;v=v1' },
    });
    expect(((await res.json()) as { kind: string }).kind).toBe('Table');
    const missing = await call('GET', `${STREAMS}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ kind: 'Status', reason: 'NotFound' });
  });

  it('walks a paged LIST at one resourceVersion through writes between pages', async () => {
    const whole = await call('GET', STREAMS);
    const names = (l: Record<string, unknown>): string[] =>
      (l.items as { metadata: { name: string } }[]).map((o) => o.metadata.name);
    const seen: string[] = [];
    let token: string | undefined;
    let resourceVersion: string | undefined;
    let page = 0;
    do {
      const query = `limit=2${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
      const answer = await call('GET', `${STREAMS}?${query}`);
      expect(answer.status).toBe(200);
      const meta = answer.json.metadata as { continue?: string; resourceVersion: string };
      resourceVersion ??= meta.resourceVersion;
      expect(meta.resourceVersion).toBe(resourceVersion);
      seen.push(...names(answer.json));
      token = meta.continue;
      await call('POST', STREAMS, stream(`z-${page++}`));
    } while (token);
    expect(seen).toEqual(names(whole.json));
  });
});
