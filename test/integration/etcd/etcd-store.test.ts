/**
 * The etcd Store beyond the shared conformance suite: two replicas on one etcd see each other's
 * writes, compaction while watching and paging, the compactor, slow consumers, large lists,
 * stats, and TLS with client certificates.
 */
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import { isStatusError, type StatusError } from '../../../src/api/status-error.js';
import { createEtcdClient } from '../../../src/store/etcd/etcd-client.js';
import { startCompactor } from '../../../src/store/etcd/etcd-compactor.js';
import { WATCH_LIST_PAGE } from '../../../src/store/etcd/etcd-initial-list.js';
import type { EtcdContext } from '../../../src/store/etcd/etcd-context.js';
import { openEtcdStore } from '../../../src/store/etcd/etcd-store.js';
import { watchObjects } from '../../../src/store/etcd/etcd-watch.js';
import type { ResourceType, Store, WatchEvent } from '../../../src/store/store.js';
import { startEtcd, type EtcdCluster } from '../../support/etcd.js';

const IS: ResourceType = { group: 'image.openshift.io', resource: 'imagestreams', namespaced: true };

function stream(name: string, namespace = 'default', spec: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name, namespace }, spec };
}

async function nextEvent(it: AsyncIterator<WatchEvent>, timeoutMs = 5000): Promise<WatchEvent> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no watch event within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const r = await Promise.race([it.next(), timeout]);
    if (r.done) throw new Error('the watch ended');
    return r.value;
  } finally {
    clearTimeout(timer);
  }
}

async function failure(p: Promise<unknown>): Promise<StatusError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isStatusError(e)) throw new Error(`expected a StatusError, got ${String(e)}`);
  return e;
}

describe('etcd store', () => {
  let etcd: EtcdCluster;
  let admin: Etcd3;
  const stores: Store[] = [];
  const controllers: AbortController[] = [];
  let n = 0;
  const open = async (prefix: string, extra: { watchBuffer?: number } = {}): Promise<Store> => {
    const s = await openEtcdStore({ endpoints: etcd.endpoints, prefix, compactionIntervalMs: 0, ...extra });
    stores.push(s);
    return s;
  };
  const watch = (s: Store, options: Parameters<Store['watch']>[1]): AsyncIterator<WatchEvent> => {
    const c = new AbortController();
    controllers.push(c);
    return s.watch(IS, options, c.signal)[Symbol.asyncIterator]();
  };
  const compactNow = async (): Promise<number> => {
    const { header } = await admin.put('/scratch').value(String(++n)).exec();
    await admin.kv.compact({ revision: header.revision, physical: true });
    return Number(header.revision);
  };

  beforeAll(async () => {
    etcd = await startEtcd();
    admin = new Etcd3({ hosts: etcd.endpoints });
  });
  afterAll(async () => {
    for (const c of controllers) c.abort();
    await Promise.all(stores.map((s) => s.close()));
    admin?.close();
    await etcd?.stop();
  });

  it('two replicas on one etcd see each other’s writes through watch, and conflict on stale writes', async () => {
    const a = await open('/replicas');
    const b = await open('/replicas');
    const fromB = watch(b, { resourceVersion: await b.currentResourceVersion() });
    const fromA = watch(a, { resourceVersion: await a.currentResourceVersion() });
    const created = await a.create(IS, stream('shared'));
    expect(await nextEvent(fromB)).toEqual({ type: 'ADDED', object: created });
    const updated = await b.update(IS, { ...created, spec: { by: 'b' } });
    expect((await nextEvent(fromA)).type).toBe('ADDED');
    expect(await nextEvent(fromA)).toEqual({ type: 'MODIFIED', object: updated });
    expect(await nextEvent(fromB)).toEqual({ type: 'MODIFIED', object: updated });
    const stale = await failure(a.update(IS, { ...created, spec: { by: 'a' } }));
    expect(stale.code).toBe(409);
    expect(await a.get(IS, 'default', 'shared')).toEqual(updated);
  });

  it('concurrent unconditional updates from two replicas all land, each on the newest state', async () => {
    const a = await open('/counter');
    const b = await open('/counter');
    await a.create(IS, stream('c', 'default', { n: 0 }));
    const writes = Array.from({ length: 20 }, (_, i) =>
      (i % 2 ? a : b).update(IS, stream('c', 'default', { n: i + 1 })),
    );
    const results = await Promise.all(writes);
    const rvs = results.map((r) => Number(r.metadata.resourceVersion));
    expect(new Set(rvs).size).toBe(20);
  });

  it('fails a watch from a compacted resourceVersion and a continue token of a compacted list with 410 Expired', async () => {
    const s = await open('/compaction');
    for (let i = 0; i < 5; i++) await s.create(IS, stream(`s${i}`));
    const page = await s.list(IS, { limit: 2 });
    const old = page.resourceVersion;
    const compacted = await compactNow();
    const w = watch(s, { resourceVersion: String(Number(old) - 1) });
    const e = await failure(w.next());
    expect(e.code).toBe(410);
    expect(e.reason).toBe('Expired');
    expect(e.message).toBe(`too old resource version: ${Number(old) - 1} (${compacted - 1})`);
    const c = await failure(s.list(IS, { limit: 2, continue: page.continue! }));
    expect(c.code).toBe(410);
    expect(c.message).toContain('continue parameter is too old');
    // a watch from the compaction revision onward still works
    const ok = watch(s, { resourceVersion: String(compacted - 1) });
    const later = await s.create(IS, stream('later'));
    expect((await nextEvent(ok)).object).toEqual(later);
  });

  it('keeps a synced watch running across a compaction', async () => {
    const s = await open('/synced');
    const w = watch(s, { resourceVersion: await s.currentResourceVersion() });
    await s.create(IS, stream('before'));
    expect((await nextEvent(w)).object.metadata.name).toBe('before');
    await compactNow();
    await s.create(IS, stream('after'));
    expect((await nextEvent(w)).object.metadata.name).toBe('after');
  });

  it('the compactor compacts to the revision seen one round earlier, once per round across replicas', async () => {
    const client = createEtcdClient({ endpoints: etcd.endpoints });
    const c1 = startCompactor(client, '/compactor-test/-/compact', 3_600_000);
    const c2 = startCompactor(client, '/compactor-test/-/compact', 3_600_000);
    try {
      expect(await c1.runOnce()).toBeUndefined(); // the first round only remembers the revision
      const seen = Number((await admin.get('/compactor-test/-/compact').exec()).header.revision);
      expect(await c2.runOnce()).toBeUndefined(); // another replica's round: follows, does not compact
      await admin.put('/compactor-test/x').value('1').exec();
      const target = await c1.runOnce();
      expect(target).toBe(seen);
      await expect(admin.kv.range({ key: Buffer.from('/x'), revision: seen - 1 })).rejects.toThrow(
        /compacted/,
      );
    } finally {
      c1.stop();
      c2.stop();
      client.close();
    }
  });

  it('a slow consumer with a small buffer still gets every event in order (the stream is paused, not dropped)', async () => {
    const s = await open('/slow', { watchBuffer: 5 });
    const w = watch(s, { resourceVersion: await s.currentResourceVersion() });
    const written: string[] = [];
    for (let i = 0; i < 200; i++)
      written.push((await s.create(IS, stream(`o${i}`))).metadata.resourceVersion!);
    const got: string[] = [];
    while (got.length < written.length) {
      got.push((await nextEvent(w)).object.metadata.resourceVersion!);
      if (got.length % 50 === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(got).toEqual(written);
  });

  const createMany = async (s: Store, names: string[], namespace = 'default'): Promise<void> => {
    for (let i = 0; i < names.length; i += 50)
      await Promise.all(names.slice(i, i + 50).map((name) => s.create(IS, stream(name, namespace))));
  };
  const pagedNames = (count: number): string[] =>
    Array.from({ length: count }, (_, i) => `p${String(i).padStart(3, '0')}`);

  it('pages a watch’s initial list at one revision while writes happen: every object once, then the later events', async () => {
    const s = await open('/watch-list-paging');
    const names = pagedNames(250);
    await createMany(s, names);
    const w = watch(s, {});
    const first = await nextEvent(w); // the list's revision is pinned; later pages are read after the writes
    const p000 = await s.get(IS, 'default', 'p000');
    const p200 = await s.get(IS, 'default', 'p200');
    const writes = [
      await s.update(IS, { ...p000, spec: { changed: true } } as KubeObject),
      await s.update(IS, { ...p200, spec: { changed: true } } as KubeObject),
      await s.delete(IS, 'default', 'p249'),
      await s.create(IS, stream('q-new')),
    ];
    const listed = [first];
    for (let i = 1; i < names.length; i++) listed.push(await nextEvent(w));
    expect(listed.every((e) => e.type === 'ADDED')).toBe(true);
    expect(listed.map((e) => e.object.metadata.name)).toEqual(names);
    // the snapshot: p200 as it was, p249 still there, q-new not yet
    expect(listed.every((e) => !('changed' in (e.object.spec as Record<string, unknown>)))).toBe(true);
    const later: WatchEvent[] = [];
    for (let i = 0; i < writes.length; i++) later.push(await nextEvent(w));
    expect(later.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['MODIFIED', 'p000'],
      ['MODIFIED', 'p200'],
      ['DELETED', 'p249'],
      ['ADDED', 'q-new'],
    ]);
    expect(later.map((e) => e.object.metadata.resourceVersion)).toEqual(
      writes.map((o) => o.metadata.resourceVersion),
    );
    // a namespace-scoped watch pages the same way and ends with the same later events
    const scoped = watch(s, { namespace: 'default', resourceVersion: '0' });
    const seen = new Set<string>();
    for (let i = 0; i < names.length; i++) seen.add((await nextEvent(scoped)).object.metadata.name);
    expect(seen.size).toBe(names.length);
    expect(seen.has('q-new') && !seen.has('p249')).toBe(true);
  });

  it('a watcher that does not read makes the store read one page of its initial list, not the list', async () => {
    const s = await open('/watch-list-unread');
    await createMany(s, pagedNames(250));
    const client = createEtcdClient({ endpoints: etcd.endpoints });
    const c = new AbortController();
    try {
      let ranges = 0;
      let keysRead = 0;
      const kv = client.kv;
      const counting = Object.create(kv) as typeof kv;
      counting.range = async (req, options) => {
        const res = await kv.range(req, options);
        ranges++;
        keysRead += res.kvs.length;
        return res;
      };
      const ctx: EtcdContext = {
        client,
        kv: counting,
        prefix: '/watch-list-unread',
        watchBuffer: 1000,
        progressNotify: false,
      };
      const it = watchObjects(ctx, IS, {}, c.signal)[Symbol.asyncIterator]();
      await new Promise((r) => setTimeout(r, 300));
      expect({ ranges, keysRead }).toEqual({ ranges: 1, keysRead: WATCH_LIST_PAGE });
      // reading on pulls the rest, a page at a time
      for (let i = 0; i < 250; i++) await nextEvent(it);
      expect({ ranges, keysRead }).toEqual({ ranges: 3, keysRead: 250 });
    } finally {
      c.abort();
      client.close();
    }
  });

  it('ends a watch whose initial list’s revision is compacted away mid-list with 410 Expired', async () => {
    const s = await open('/watch-list-compacted');
    await createMany(s, pagedNames(250));
    const w = watch(s, {});
    await nextEvent(w);
    await compactNow();
    let read = 1;
    const e = await failure(
      (async () => {
        for (;;) {
          await nextEvent(w);
          read++;
        }
      })(),
    );
    expect(e.code).toBe(410);
    expect(e.reason).toBe('Expired');
    expect(e.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
    // the page read before the compaction was delivered; the next page's range found it compacted
    expect(read).toBe(WATCH_LIST_PAGE);
  });

  it('lists and watches more objects than one range reads, and counts them in stats', async () => {
    const s = await open('/large');
    const padding = 'x'.repeat(2_000);
    for (let start = 0; start < 1_200; start += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          s.create(IS, stream(`o${String(start + i).padStart(4, '0')}`, `ns${(start + i) % 3}`, { padding })),
        ),
      );
    }
    const all = await s.list(IS);
    expect(all.items).toHaveLength(1_200);
    expect(all.continue).toBeUndefined();
    const ns1 = await s.list(IS, { namespace: 'ns1' });
    expect(ns1.items).toHaveLength(400);
    const w = watch(s, {});
    const names = new Set<string>();
    for (let i = 0; i < 1_200; i++) names.add((await nextEvent(w)).object.metadata.name);
    expect(names.size).toBe(1_200);
    const stats = await s.stats();
    expect(stats.objects).toBe(1_200);
    expect(stats.bytes).toBeGreaterThan(1_200 * 2_000);
  });

  it('keeps working after many watches are closed (closing is not counted as an etcd failure)', async () => {
    const s = await open('/closing');
    for (let round = 0; round < 3; round++) {
      const resourceVersion = await s.currentResourceVersion();
      const local = Array.from({ length: 10 }, () => new AbortController());
      const its = local.map((c) => s.watch(IS, { resourceVersion }, c.signal)[Symbol.asyncIterator]());
      await s.create(IS, stream(`r${round}`));
      await Promise.all(its.map((it) => nextEvent(it)));
      for (const c of local) c.abort();
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await s.list(IS)).items).toHaveLength(3);
    expect(await s.stats()).toMatchObject({ objects: 3 });
  });

  it('catches a watch up over more than 4 MiB of history (grpc-js default message limit)', async () => {
    const s = await open('/catch-up');
    const from = await s.currentResourceVersion();
    let o = await s.create(IS, stream('big', 'default', { padding: 'p'.repeat(4_000), n: 0 }));
    for (let i = 1; i <= 600; i++)
      o = await s.update(IS, { ...o, spec: { padding: 'p'.repeat(4_000), n: i } });
    const w = watch(s, { resourceVersion: from });
    let last: WatchEvent | undefined;
    for (let i = 0; i <= 600; i++) last = await nextEvent(w);
    expect(last?.object).toEqual(o);
  });

  it('treats a create that finds exactly its own value stored (same uid) as its own retried write', async () => {
    // etcd3 retries a mutation after UNAVAILABLE although it may have been applied; a byte-equal
    // stored value (with the same uid) is then that write, not someone else's
    const s = await open('/own-write');
    const input = stream('same');
    input.metadata.uid = 'fixed';
    input.metadata.creationTimestamp = '2020-01-01T00:00:00Z';
    const first = await s.create(IS, input);
    expect(await s.create(IS, input)).toEqual(first);
    const other = { ...input, metadata: { ...input.metadata, uid: 'other' } };
    expect((await failure(s.create(IS, other))).code).toBe(409);
  });

  it('refuses names and namespaces that would read back as other keys', async () => {
    const s = await open('/names');
    expect((await failure(s.create(IS, stream('a/b')))).code).toBe(400);
    expect((await failure(s.get(IS, '..', 'x'))).code).toBe(400);
    expect((await failure(s.get(IS, undefined, 'x'))).code).toBe(400);
  });

  it('answers 503 ServiceUnavailable, not a hang, when etcd is gone', async () => {
    const lone = await startEtcd();
    const s = await openEtcdStore({
      endpoints: lone.endpoints,
      compactionIntervalMs: 0,
      callTimeoutMs: 1000,
    });
    try {
      await lone.stop();
      const started = Date.now();
      const e = await failure(s.get(IS, 'default', 'x'));
      expect(e.code).toBe(503);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await s.close();
      await lone.stop();
    }
  });
});

describe('etcd store over TLS with client certificates', () => {
  let etcd: EtcdCluster;

  beforeAll(async () => {
    etcd = await startEtcd({ tls: true });
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  it('reads and writes with the client certificate', async () => {
    const s = await openEtcdStore({ endpoints: etcd.endpoints, tls: etcd.tls!, compactionIntervalMs: 0 });
    try {
      const created = await s.create(IS, stream('secure'));
      expect(await s.get(IS, 'default', 'secure')).toEqual(created);
    } finally {
      await s.close();
    }
  });

  it('fails to open without a client certificate, naming the endpoints', async () => {
    const { caFile } = etcd.tls!;
    await expect(
      openEtcdStore({
        endpoints: etcd.endpoints,
        tls: { caFile },
        callTimeoutMs: 2000,
        compactionIntervalMs: 0,
      }),
    ).rejects.toThrow(/cannot reach etcd at/);
  });
});
