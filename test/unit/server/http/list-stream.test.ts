/**
 * The streamed LIST encoding writes exactly the bytes the whole-list encoder wrote
 * (JSON.stringify of the list or of its Table), over several store chunks, an empty list, a
 * client page with continue / remainingItemCount, and a write between chunks; an error after the
 * first page never yields a body that parses; part buffers reused across LISTs are never rewritten
 * while a response still writes them.
 */
import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/api/object.js';
import { listBody } from '../../../../src/server/http/list-stream.js';
import { ResponseKind } from '../../../../src/server/http/negotiation.js';
import { represent, type Representation } from '../../../../src/server/http/respond.js';
import { IMAGE_STREAMS, imageStreamResource } from '../../../../src/server/resources/image-resources.js';
import type { Decorator } from '../../../../src/api/image-stream-repository.js';
import { listPages } from '../../../../src/server/resources/list-pages.js';
import type {
  ObjectList,
  PagedList,
  RequestScope,
  ResourceDef,
} from '../../../../src/server/resources/resource-def.js';
import { openSqliteStore } from '../../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../../src/store/store.js';
import { CachingStore } from '../../../../src/store/watch-cache/caching-store.js';

let store: Store;
let def: ResourceDef;
/** the variant the decoration reports: undefined (it adds nothing) or a value it adds */
let seen: string | undefined;
const decorate: Decorator = Object.assign(
  <T extends KubeObject>(o: T): T =>
    seen === undefined ? o : { ...o, metadata: { ...o.metadata, labels: { seen } } },
  { variant: () => seen },
);
const CFG = {
  type: IMAGE_STREAMS,
  apiVersion: 'image.openshift.io/v1',
  listKind: 'ImageStreamList',
  decorate,
  variant: () => decorate.variant(),
};
const NOW = new Date('2026-12-06T07:00:00Z');
const OBJECT: Representation = { kind: ResponseKind.Object, include: 'Metadata', now: NOW };
const TABLES: Representation[] = (['None', 'Metadata', 'Object'] as const).map((include) => ({
  kind: ResponseKind.Table,
  include,
  now: NOW,
}));

function scope(namespace: string, query: Record<string, string> = {}): RequestScope {
  return { info: { verb: 'list', namespace }, query } as unknown as RequestScope;
}

async function createStreams(namespace: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++)
    await store.create(IMAGE_STREAMS, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: {
        name: `s-${String(i).padStart(3, '0')}`,
        namespace,
        creationTimestamp: '2026-12-01T00:00:00Z',
      },
      spec: { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: `quay.io/x/s${i}:latest` } }] },
    } as KubeObject);
}

async function text(body: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of body) out += String(chunk);
  return out;
}

/** what the server answered before: the whole list (or its Table) as one JSON.stringify */
function whole(list: ObjectList, how: Representation): string {
  return JSON.stringify(represent(def, list, how));
}

beforeEach(async () => {
  seen = 'yes';
  store = await openSqliteStore({ path: ':memory:' });
  def = imageStreamResource(store, decorate);
});
afterEach(async () => {
  await store.close();
});

describe('streamed LIST encoding', () => {
  it('writes the bytes of the whole-list encoder over several chunks, as objects and as Tables', async () => {
    await createStreams('a', 7);
    await createStreams('b', 2);
    for (const how of [OBJECT, ...TABLES]) {
      const old = whole(await def.handler.list!(scope('a')), how);
      const paged = await listPages(store, CFG, { namespace: 'a' }, 3);
      expect(await text(listBody(def, paged, how))).toBe(old);
      JSON.parse(old);
    }
  });

  it('writes an empty list exactly as before', async () => {
    for (const how of [OBJECT, ...TABLES]) {
      const old = whole(await def.handler.list!(scope('empty')), how);
      expect(await text(listBody(def, await def.handler.listPages!(scope('empty')), how))).toBe(old);
    }
  });

  it('keeps a client page with continue and remainingItemCount, and the page after it', async () => {
    await createStreams('a', 5);
    const first = scope('a', { limit: '2' });
    const oldFirst = whole(await def.handler.list!(first), OBJECT);
    expect(JSON.parse(oldFirst).metadata).toMatchObject({ remainingItemCount: 3 });
    expect(await text(listBody(def, await def.handler.listPages!(first), OBJECT))).toBe(oldFirst);
    const next = scope('a', { limit: '2', continue: JSON.parse(oldFirst).metadata.continue as string });
    const oldNext = whole(await def.handler.list!(next), OBJECT);
    expect(await text(listBody(def, await def.handler.listPages!(next), OBJECT))).toBe(oldNext);
  });

  it('lists at the first chunk resourceVersion when a write lands between chunks', async () => {
    await createStreams('a', 5);
    const before = whole(await def.handler.list!(scope('a')), OBJECT);
    const paged = await listPages(store, CFG, { namespace: 'a' }, 2);
    const body = listBody(def, paged, OBJECT);
    let out = '';
    for await (const chunk of body) {
      if (out === '') await store.delete(IMAGE_STREAMS, 'a', 's-004');
      out += String(chunk);
    }
    expect(out).toBe(before);
  });

  it('fails a list whose first page fails before anything is written', async () => {
    await expect(listPages(store, CFG, { namespace: 'a', labelSelector: 'a in (' }, 2)).rejects.toMatchObject(
      { code: 400 },
    );
  });
});

describe('streamed LIST from the watch cache', () => {
  it('writes the same bytes as the store read, decorated or not, as objects and as Tables', async () => {
    await createStreams('a', 7);
    await createStreams('b', 2);
    const cached = new CachingStore(store, { types: [IMAGE_STREAMS] });
    try {
      await cached.synced();
      const cachedDef = imageStreamResource(cached, decorate);
      for (const variant of [undefined, 'yes', 'other', undefined]) {
        seen = variant;
        for (const how of [OBJECT, ...TABLES]) {
          const old = whole(await def.handler.list!(scope('a')), how);
          const paged = await listPages(cached, CFG, { namespace: 'a' }, 3);
          expect(paged.encoded, 'answered by the cache').toBeDefined();
          expect(await text(listBody(cachedDef, paged, how)), `${variant} ${how.kind}`).toBe(old);
        }
      }
    } finally {
      cached.stop();
    }
  });
});

describe('Table rows from parts kept with cached objects', () => {
  /** streams with images and a failing import: every cell, and row conditions */
  async function createImportedStreams(namespace: string, count: number): Promise<void> {
    for (let i = 0; i < count; i++)
      await store.create(IMAGE_STREAMS, {
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        metadata: { name: `t-${i}`, namespace, creationTimestamp: '2026-12-01T00:00:00Z' },
        spec: { dockerImageRepository: i % 2 ? `quay.io/x/t${i}` : undefined, tags: [] },
        status: {
          dockerImageRepository: `registry.local/${namespace}/t-${i}`,
          tags: [
            { tag: 'latest', items: [{ created: `2026-12-0${1 + (i % 5)}T00:00:00Z`, image: 'sha256:aa' }] },
            {
              tag: 'v1',
              items: i % 3 ? [] : [{ created: '2026-12-06T06:59:00Z', image: 'sha256:bb' }],
              conditions: [
                { type: 'ImportSuccess', status: 'False', reason: 'NotFound', message: `no v1 for ${i}` },
              ],
            },
          ],
        },
      } as KubeObject);
  }

  it('writes the rows buildTable writes, for every decoration variant, clock and includeObject', async () => {
    await createImportedStreams('a', 7);
    const cached = new CachingStore(store, { types: [IMAGE_STREAMS] });
    try {
      await cached.synced();
      const cachedDef = imageStreamResource(cached, decorate);
      for (const variant of [undefined, 'yes', 'other', undefined, 'yes']) {
        seen = variant;
        for (const now of [NOW, new Date('2027-03-01T00:00:00Z')])
          for (const how of TABLES.map((t) => ({ ...t, now }))) {
            const old = whole(await def.handler.list!(scope('a')), how);
            expect(old).toContain('"conditions":[{"type":"ImportSuccess"');
            const paged = await listPages(cached, CFG, { namespace: 'a' }, 3);
            expect(paged.tableRows?.(cachedDef.table!, how), 'rows from kept parts').toBeDefined();
            expect(await text(listBody(cachedDef, paged, how)), `${variant} ${how.include}`).toBe(old);
          }
      }
    } finally {
      cached.stop();
    }
  });

  it('decorates each cached object once per variant, not once per LIST', async () => {
    await createImportedStreams('a', 4);
    const cached = new CachingStore(store, { types: [IMAGE_STREAMS] });
    let decorated = 0;
    const counting = { ...CFG, decorate: (o: KubeObject) => (decorated++, decorate(o)) };
    try {
      await cached.synced();
      const cachedDef = imageStreamResource(cached, decorate);
      const how = TABLES[1]!;
      for (let i = 0; i < 3; i++)
        await text(listBody(cachedDef, await listPages(cached, counting, { namespace: 'a' }), how));
      expect(decorated).toBe(4);
      seen = 'other';
      await text(listBody(cachedDef, await listPages(cached, counting, { namespace: 'a' }), how));
      expect(decorated).toBe(8);
    } finally {
      cached.stop();
    }
  });
});

describe('cached encodings in parts', () => {
  it('writes the bytes of the whole-list encoder when a page spans several 64 KiB parts, and larger objects', async () => {
    for (let i = 0; i < 60; i++)
      await store.create(IMAGE_STREAMS, {
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        // two larger than a part: written as they are
        metadata: {
          name: `big-${i}`,
          namespace: 'a',
          annotations: { note: 'x'.repeat(i === 0 || i === 30 ? 70_000 : 4000 + i) },
        },
        spec: { tags: [] },
      } as KubeObject);
    const cached = new CachingStore(store, { types: [IMAGE_STREAMS] });
    try {
      await cached.synced();
      const cachedDef = imageStreamResource(cached, decorate);
      for (const variant of [undefined, 'yes']) {
        seen = variant;
        const old = whole(await def.handler.list!(scope('a')), OBJECT);
        const paged = await listPages(cached, CFG, { namespace: 'a' }, 50);
        expect(paged.encoded, 'answered by the cache').toBeDefined();
        expect(await text(listBody(cachedDef, paged, OBJECT)), String(variant)).toBe(old);
      }
    } finally {
      cached.stop();
    }
  });
  async function createUtf8Streams(namespace: string, count: number, size = 3000): Promise<void> {
    for (let i = 0; i < count; i++)
      await store.create(IMAGE_STREAMS, {
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        metadata: {
          name: `utf-${String(i).padStart(3, '0')}`,
          namespace,
          annotations: { note: `ü€😀 "q" \\ ${'é'.repeat(size + i)}` },
        },
        spec: { tags: [] },
      } as KubeObject);
  }

  it('writes buffers of about 64 KiB, and non-ASCII UTF-8 byte for byte', async () => {
    await createUtf8Streams('u', 40);
    const cached = new CachingStore(store, { types: [IMAGE_STREAMS] });
    try {
      await cached.synced();
      const cachedDef = imageStreamResource(cached, decorate);
      seen = undefined;
      const old = whole(await def.handler.list!(scope('u')), OBJECT);
      const paged = await listPages(cached, CFG, { namespace: 'u' }, 40);
      expect(paged.encoded, 'answered by the cache').toBeDefined();
      // flowing, as a pipe reads it: one chunk per part
      const chunks: Buffer[] = [];
      const body = listBody(cachedDef, paged, OBJECT);
      body.on('data', (chunk: Buffer) => chunks.push(chunk));
      await new Promise((resolve, reject) => body.on('end', resolve).on('error', reject));
      expect(Buffer.concat(chunks).equals(Buffer.from(old))).toBe(true);
      // 40 objects of about 6 KiB: several parts, none over 64 KiB
      const itemParts = chunks.slice(1, -1);
      expect(itemParts.length).toBeGreaterThan(2);
      for (const part of itemParts) expect(part.length).toBeLessThanOrEqual(64 * 1024);
    } finally {
      cached.stop();
    }
  });

  it('reuses part buffers only once written: LISTs at once to slow readers each get their bytes', async () => {
    // ~30 KiB each: two to a part; 6 MiB a LIST, more than the loopback socket buffers take
    await createUtf8Streams('u', 200, 15_000);
    await createUtf8Streams('v', 200, 15_000);
    const cached = new CachingStore(store, { types: [IMAGE_STREAMS] });
    const app = Fastify({ logger: false });
    try {
      await cached.synced();
      const cachedDef = imageStreamResource(cached, decorate);
      seen = undefined;
      const expected = new Map<string, string>();
      for (const ns of ['u', 'v']) expected.set(ns, whole(await def.handler.list!(scope(ns)), OBJECT));
      app.get('/:ns', async (req, reply) => {
        const { ns } = req.params as { ns: string };
        const paged = await listPages(cached, CFG, { namespace: ns });
        return reply.type('application/json').send(listBody(cachedDef, paged, OBJECT));
      });
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      // writes wait for the slow readers while the other LISTs fill parts
      const bodies = ['u', 'v', 'u', 'v', 'u', 'v'].map(async (ns, i) => {
        const res = await fetch(`${url}/${ns}`);
        const reader = res.body!.getReader();
        const parts: Uint8Array[] = [];
        for (let n = 0; ; n++) {
          const { done, value } = await reader.read();
          if (done) break;
          parts.push(value);
          if (n % 8 === i % 8) await new Promise((resolve) => setTimeout(resolve, 2));
        }
        return [ns, Buffer.concat(parts).toString()] as const;
      });
      for (const [ns, body] of await Promise.all(bodies)) expect(body === expected.get(ns), ns).toBe(true);
    } finally {
      await app.close();
      cached.stop();
    }
  }, 20_000);
});

describe('an error after the first page', () => {
  async function* failing(): AsyncGenerator<KubeObject[]> {
    yield [{ apiVersion: 'v1', kind: 'X', metadata: { name: 'one' } }];
    throw new Error('store gone');
  }
  const broken = (): PagedList => ({
    head: { apiVersion: 'v1', kind: 'XList', metadata: { resourceVersion: '1' } },
    pages: failing(),
  });

  it('ends the body without its closing bracket (the stream errors)', async () => {
    let out = '';
    await expect(
      (async () => {
        for await (const chunk of listBody(def, broken(), OBJECT)) out += String(chunk);
      })(),
    ).rejects.toThrow('store gone');
    expect(() => JSON.parse(out)).toThrow();
  });

  it('breaks the HTTP response: the client gets an error, not a shorter list', async () => {
    const app = Fastify({ logger: false });
    app.get('/', (_req, reply) => reply.type('application/json').send(listBody(def, broken(), OBJECT)));
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      await expect(res.text()).rejects.toThrow();
    } finally {
      await app.close();
    }
  });
});
