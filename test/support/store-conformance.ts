/**
 * The one conformance suite every Store backend must pass (SQLite, etcd): the semantics documented
 * in src/store/store.ts, checked through the interface only.
 *
 * `open` returns a fresh, empty store per test. `expireHistory`, when given, must make every
 * resourceVersion older than the current one unavailable for watch and list continuation (SQLite:
 * write past the event history; etcd: compact at the current revision); the 410 tests skip without it.
 * `wrap` runs the same suite through a store in front of the backend (the watch cache: `watchCached`).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/object.js';
import { isStatusError, type StatusError } from '../../src/api/status-error.js';
import { guaranteedUpdate } from '../../src/store/guaranteed-update.js';
import type { ResourceType, Store, WatchEvent } from '../../src/store/store.js';
import { CachingStore } from '../../src/store/watch-cache/caching-store.js';
import { clockOf, systemClock } from '../../src/controllers/clock.js';

export interface OpenedStore {
  store: Store;
  cleanup: () => Promise<void>;
  expireHistory?: () => Promise<void>;
}

export const IMAGESTREAMS: ResourceType = {
  group: 'image.openshift.io',
  resource: 'imagestreams',
  namespaced: true,
};
const IMAGES: ResourceType = { group: 'image.openshift.io', resource: 'images', namespaced: false };

const EVENT_TIMEOUT_MS = 5_000;

export function stream(name: string, namespace = 'default', labels?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name, namespace, ...(labels ? { labels } : {}) },
    spec: { lookupPolicy: { local: false } },
  };
}

function image(name: string): KubeObject {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'Image',
    metadata: { name },
    dockerImageReference: `r/x@${name}`,
  };
}

async function statusOf(p: Promise<unknown>): Promise<StatusError> {
  try {
    await p;
  } catch (e) {
    if (isStatusError(e)) return e;
    throw e;
  }
  throw new Error('expected the operation to fail with a StatusError');
}

const rvOf = (o: KubeObject): number => Number(o.metadata.resourceVersion);

/** The next event, failing the test instead of hanging when none comes. */
async function nextEvent(it: AsyncIterator<WatchEvent>, timeoutMs = EVENT_TIMEOUT_MS): Promise<WatchEvent> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no watch event within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const r = await Promise.race([it.next(), timeout]);
    if (r.done) throw new Error('the watch ended unexpectedly');
    return r.value;
  } finally {
    clearTimeout(timer);
  }
}

async function events(it: AsyncIterator<WatchEvent>, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const e = await nextEvent(it);
    out.push(`${e.type} ${e.object.metadata.namespace ?? ''}/${e.object.metadata.name}`);
  }
  return out;
}

/** Expects that no event arrives for a short while (used after a write that must not be seen). */
async function expectQuiet(
  it: AsyncIterator<WatchEvent>,
  marker: () => Promise<unknown>,
): Promise<WatchEvent> {
  // a later write acts as a marker: the first event must be the marker's, proving nothing came before it
  await marker();
  return nextEvent(it);
}

/** A store in front of the backend under test; `stop` ends it without closing the backend. */
export interface WrappedStore {
  store: Store;
  stop: () => void;
  /** after the backend's expireHistory: forget what the wrapper keeps of older states */
  expireHistory?: () => Promise<void>;
}

export interface ConformanceOptions {
  wrap?: (backend: Store) => Promise<WrappedStore>;
}

/**
 * The backend behind the watch cache (store/watch-cache), caching the types the suite uses. Its
 * clock can jump ahead, so that the list states it keeps for paged lists age out on
 * expireHistory (a continue token, or a watch from before the window of recent changes, then
 * reaches the store, and its 410).
 */
export async function watchCached(backend: Store): Promise<WrappedStore> {
  let ahead = 0;
  const clock = clockOf({
    now: () => systemClock.now() + ahead,
    schedule: (fn, ms) => systemClock.schedule(fn, ms),
  });
  const store = new CachingStore(backend, { types: [IMAGESTREAMS, IMAGES], clock });
  await store.synced();
  const expireHistory = async (): Promise<void> => {
    // a consistent read: the cache has applied every write, and replaced the states it keeps
    await store.get(IMAGESTREAMS, 'default', 'any');
    ahead += 24 * 3600_000;
  };
  return { store, stop: () => store.stop(), expireHistory };
}

export function describeStoreConformance(
  name: string,
  open: () => Promise<OpenedStore>,
  options: ConformanceOptions = {},
): void {
  describe(`Store conformance: ${name}`, () => {
    let opened: OpenedStore;
    let wrapped: WrappedStore | undefined;
    let store: Store;
    const watches: AbortController[] = [];

    const watch = (type: ResourceType, options: Parameters<Store['watch']>[1]): AsyncIterator<WatchEvent> => {
      const controller = new AbortController();
      watches.push(controller);
      return store.watch(type, options, controller.signal)[Symbol.asyncIterator]();
    };

    beforeEach(async () => {
      opened = await open();
      wrapped = await options.wrap?.(opened.store);
      store = wrapped?.store ?? opened.store;
    });

    afterEach(async () => {
      for (const w of watches.splice(0)) w.abort();
      wrapped?.stop();
      await opened.cleanup();
    });

    describe('create and get', () => {
      it('sets uid, creationTimestamp (RFC 3339, whole seconds) and resourceVersion, and get returns the same', async () => {
        const created = await store.create(IMAGESTREAMS, stream('ruby'));
        expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
        expect(created.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        expect(created.metadata.resourceVersion).toMatch(/^\d+$/);
        expect(created.spec).toEqual({ lookupPolicy: { local: false } });
        expect(await store.get(IMAGESTREAMS, 'default', 'ruby')).toEqual(created);
      });

      it('keeps a uid and creationTimestamp the caller set', async () => {
        const input = stream('ruby');
        input.metadata.uid = 'fixed-uid';
        input.metadata.creationTimestamp = '2020-01-02T03:04:05Z';
        const created = await store.create(IMAGESTREAMS, input);
        expect(created.metadata.uid).toBe('fixed-uid');
        expect(created.metadata.creationTimestamp).toBe('2020-01-02T03:04:05Z');
      });

      it('fails with 409 AlreadyExists in Kubernetes words for an existing name', async () => {
        await store.create(IMAGESTREAMS, stream('ruby'));
        const e = await statusOf(store.create(IMAGESTREAMS, stream('ruby')));
        expect(e.code).toBe(409);
        expect(e.reason).toBe('AlreadyExists');
        expect(e.message).toBe('imagestreams.image.openshift.io "ruby" already exists');
      });

      it('returns undefined for a missing object', async () => {
        expect(await store.get(IMAGESTREAMS, 'default', 'nope')).toBeUndefined();
      });

      it('returns fresh objects: mutating inputs or results does not change what is stored', async () => {
        const input = stream('ruby');
        const created = await store.create(IMAGESTREAMS, input);
        input.spec = { changed: true };
        created.spec = { changed: true };
        const got = await store.get(IMAGESTREAMS, 'default', 'ruby');
        expect(got?.spec).toEqual({ lookupPolicy: { local: false } });
        got!.metadata.name = 'changed';
        expect((await store.get(IMAGESTREAMS, 'default', 'ruby'))?.metadata.name).toBe('ruby');
      });

      it('keeps namespaces apart and stores cluster-scoped objects without a namespace', async () => {
        await store.create(IMAGESTREAMS, stream('ruby', 'a'));
        await store.create(IMAGESTREAMS, { ...stream('ruby', 'b'), spec: { b: true } });
        expect((await store.get(IMAGESTREAMS, 'b', 'ruby'))?.spec).toEqual({ b: true });
        expect((await store.get(IMAGESTREAMS, 'a', 'ruby'))?.spec).toEqual({
          lookupPolicy: { local: false },
        });
        const img = await store.create(IMAGES, image('sha256:1'));
        expect(img.metadata.namespace).toBeUndefined();
        expect(await store.get(IMAGES, undefined, 'sha256:1')).toEqual(img);
        expect(await store.get(IMAGESTREAMS, 'c', 'ruby')).toBeUndefined();
      });
    });

    describe('update', () => {
      it('replaces the object, keeps uid and creationTimestamp, and moves resourceVersion forward', async () => {
        const created = await store.create(IMAGESTREAMS, stream('ruby'));
        const next = { ...stream('ruby'), spec: { tags: [] } };
        next.metadata.resourceVersion = created.metadata.resourceVersion;
        const updated = await store.update(IMAGESTREAMS, next);
        expect(updated.spec).toEqual({ tags: [] });
        expect(updated.metadata.uid).toBe(created.metadata.uid);
        expect(updated.metadata.creationTimestamp).toBe(created.metadata.creationTimestamp);
        expect(rvOf(updated)).toBeGreaterThan(rvOf(created));
        expect(await store.get(IMAGESTREAMS, 'default', 'ruby')).toEqual(updated);
      });

      it('fails a stale resourceVersion with 409 Conflict in Kubernetes words and stores nothing', async () => {
        const created = await store.create(IMAGESTREAMS, stream('ruby'));
        await store.update(IMAGESTREAMS, { ...created, spec: { first: true } });
        const e = await statusOf(store.update(IMAGESTREAMS, { ...created, spec: { second: true } }));
        expect(e.code).toBe(409);
        expect(e.reason).toBe('Conflict');
        expect(e.message).toBe(
          'Operation cannot be fulfilled on imagestreams.image.openshift.io "ruby": ' +
            'the object has been modified; please apply your changes to the latest version and try again',
        );
        expect((await store.get(IMAGESTREAMS, 'default', 'ruby'))?.spec).toEqual({ first: true });
      });

      it('writes unconditionally when the new object carries no resourceVersion', async () => {
        await store.create(IMAGESTREAMS, stream('ruby'));
        const updated = await store.update(IMAGESTREAMS, { ...stream('ruby'), spec: { x: 1 } });
        expect(updated.spec).toEqual({ x: 1 });
      });

      it('checks a uid precondition, also one carried by the new object', async () => {
        const created = await store.create(IMAGESTREAMS, stream('ruby'));
        const e = await statusOf(store.update(IMAGESTREAMS, stream('ruby'), { uid: 'other' }));
        expect(e.code).toBe(409);
        expect(e.message).toContain('Precondition failed: UID in precondition: other');
        const carried = stream('ruby');
        carried.metadata.uid = 'other';
        expect((await statusOf(store.update(IMAGESTREAMS, carried))).code).toBe(409);
        const ok = await store.update(
          IMAGESTREAMS,
          { ...stream('ruby'), spec: { y: 1 } },
          { uid: created.metadata.uid! },
        );
        expect(ok.spec).toEqual({ y: 1 });
      });

      it('fails with 404 NotFound for a missing object', async () => {
        const e = await statusOf(store.update(IMAGESTREAMS, stream('nope')));
        expect(e.code).toBe(404);
        expect(e.message).toBe('imagestreams.image.openshift.io "nope" not found');
      });

      it('writes nothing for an update that changes nothing: same resourceVersion, no watch event', async () => {
        const created = await store.create(IMAGESTREAMS, stream('ruby'));
        const w = watch(IMAGESTREAMS, { resourceVersion: created.metadata.resourceVersion! });
        const same = await store.update(IMAGESTREAMS, structuredClone(created));
        expect(same.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
        expect(await store.currentResourceVersion()).toBe(created.metadata.resourceVersion);
        const first = await expectQuiet(w, () => store.create(IMAGESTREAMS, stream('marker')));
        expect(first.object.metadata.name).toBe('marker');
      });
    });

    describe('delete', () => {
      it('returns the last state with the deletion resourceVersion and removes the object', async () => {
        const created = await store.create(IMAGESTREAMS, stream('ruby'));
        const deleted = await store.delete(IMAGESTREAMS, 'default', 'ruby');
        expect(deleted.spec).toEqual(created.spec);
        expect(deleted.metadata.uid).toBe(created.metadata.uid);
        expect(rvOf(deleted)).toBeGreaterThan(rvOf(created));
        expect(await store.currentResourceVersion()).toBe(deleted.metadata.resourceVersion);
        expect(await store.get(IMAGESTREAMS, 'default', 'ruby')).toBeUndefined();
        expect((await statusOf(store.delete(IMAGESTREAMS, 'default', 'ruby'))).code).toBe(404);
      });

      it('checks uid and resourceVersion preconditions and keeps the object when they fail', async () => {
        const created = await store.create(IMAGESTREAMS, stream('ruby'));
        expect((await statusOf(store.delete(IMAGESTREAMS, 'default', 'ruby', { uid: 'x' }))).code).toBe(409);
        expect(
          (
            await statusOf(
              store.delete(IMAGESTREAMS, 'default', 'ruby', {
                resourceVersion: '1' + created.metadata.resourceVersion,
              }),
            )
          ).code,
        ).toBe(409);
        expect(await store.get(IMAGESTREAMS, 'default', 'ruby')).toBeDefined();
        await store.delete(IMAGESTREAMS, 'default', 'ruby', {
          uid: created.metadata.uid!,
          resourceVersion: created.metadata.resourceVersion!,
        });
        expect(await store.get(IMAGESTREAMS, 'default', 'ruby')).toBeUndefined();
      });
    });

    describe('resourceVersion', () => {
      it('increases strictly with every write, store-wide across types and namespaces', async () => {
        const seen: number[] = [Number(await store.currentResourceVersion())];
        const a = await store.create(IMAGESTREAMS, stream('a', 'x'));
        seen.push(rvOf(a));
        seen.push(rvOf(await store.create(IMAGES, image('sha256:1'))));
        seen.push(rvOf(await store.create(IMAGESTREAMS, stream('a', 'y'))));
        seen.push(rvOf(await store.update(IMAGESTREAMS, { ...a, spec: { z: 1 } })));
        seen.push(rvOf(await store.delete(IMAGES, undefined, 'sha256:1')));
        seen.push(rvOf(await store.create(IMAGES, image('sha256:1'))));
        for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]!);
        expect(await store.currentResourceVersion()).toBe(String(seen.at(-1)));
      });
    });

    describe('list', () => {
      it('lists one namespace or all, ordered by namespace then name, at the current resourceVersion', async () => {
        for (const [ns, n] of [
          ['ns-b', 'z'],
          ['ns-a', 'y'],
          ['ns-b', 'a'],
          ['ns-a', 'b'],
        ] as const) {
          await store.create(IMAGESTREAMS, stream(n, ns));
        }
        await store.create(IMAGES, image('sha256:2'));
        const all = await store.list(IMAGESTREAMS);
        expect(all.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
          'ns-a/b',
          'ns-a/y',
          'ns-b/a',
          'ns-b/z',
        ]);
        expect(all.resourceVersion).toBe(await store.currentResourceVersion());
        expect(all.continue).toBeUndefined();
        const one = await store.list(IMAGESTREAMS, { namespace: 'ns-b' });
        expect(one.items.map((o) => o.metadata.name)).toEqual(['a', 'z']);
        expect((await store.list(IMAGES)).items.map((o) => o.metadata.name)).toEqual(['sha256:2']);
        expect((await store.list(IMAGESTREAMS, { namespace: 'empty' })).items).toEqual([]);
      });

      it('selects by labels and fields', async () => {
        await store.create(IMAGESTREAMS, stream('web', 'a', { app: 'web', tier: 'front' }));
        await store.create(IMAGESTREAMS, stream('api', 'a', { app: 'api', tier: 'front' }));
        await store.create(IMAGESTREAMS, stream('db', 'b', { app: 'db' }));
        const names = async (o: Parameters<Store['list']>[1]): Promise<string[]> =>
          (await store.list(IMAGESTREAMS, o)).items.map((i) => i.metadata.name);
        expect(await names({ labelSelector: 'tier=front' })).toEqual(['api', 'web']);
        expect(await names({ labelSelector: 'app in (web,db),!tier' })).toEqual(['db']);
        expect(await names({ labelSelector: 'app!=web' })).toEqual(['api', 'db']);
        expect(await names({ fieldSelector: 'metadata.name=web' })).toEqual(['web']);
        expect(await names({ fieldSelector: 'metadata.namespace!=a' })).toEqual(['db']);
        expect(
          await names({ namespace: 'a', labelSelector: 'app', fieldSelector: 'metadata.name!=web' }),
        ).toEqual(['api']);
      });

      it('rejects a malformed selector or continue token with 400', async () => {
        expect((await statusOf(store.list(IMAGESTREAMS, { labelSelector: 'a in b' }))).code).toBe(400);
        expect((await statusOf(store.list(IMAGESTREAMS, { fieldSelector: 'spec.x=1' }))).code).toBe(400);
        expect((await statusOf(store.list(IMAGESTREAMS, { continue: 'garbage!' }))).code).toBe(400);
      });

      it('paginates with limit and continue, counting the remaining items', async () => {
        for (let i = 0; i < 25; i++)
          await store.create(IMAGESTREAMS, stream(`s${String(i).padStart(2, '0')}`));
        const first = await store.list(IMAGESTREAMS, { limit: 10 });
        expect(first.items).toHaveLength(10);
        expect(first.remainingItemCount).toBe(15);
        const second = await store.list(IMAGESTREAMS, { limit: 10, continue: first.continue! });
        expect(second.items.map((o) => o.metadata.name)[0]).toBe('s10');
        expect(second.remainingItemCount).toBe(5);
        const third = await store.list(IMAGESTREAMS, { limit: 10, continue: second.continue! });
        expect(third.items).toHaveLength(5);
        expect(third.continue).toBeUndefined();
        expect(third.remainingItemCount).toBeUndefined();
        expect(new Set([first, second, third].map((p) => p.resourceVersion)).size).toBe(1);
      });

      it('pages namespaces whose names prefix each other in the order of the full list, also across stores', async () => {
        for (const ns of ['a', 'a-b', 'ab']) {
          for (const n of ['x', 'y']) await store.create(IMAGESTREAMS, stream(n, ns));
        }
        const keys = (items: KubeObject[]): string[] =>
          items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
        const all = keys((await store.list(IMAGESTREAMS)).items);
        expect(all).toEqual(keys((await opened.store.list(IMAGESTREAMS)).items));
        for (const limit of [1, 2, 4]) {
          const got: KubeObject[] = [];
          let token: string | undefined;
          do {
            const page = await store.list(IMAGESTREAMS, { limit, ...(token ? { continue: token } : {}) });
            got.push(...page.items);
            token = page.continue;
          } while (token);
          expect(keys(got), `limit ${limit}`).toEqual(all);
        }
        // a token of the backend continued through the store under test, and the reverse
        const backendFirst = await opened.store.list(IMAGESTREAMS, { limit: 3 });
        const rest = await store.list(IMAGESTREAMS, { continue: backendFirst.continue! });
        expect(keys([...backendFirst.items, ...rest.items])).toEqual(all);
        const first = await store.list(IMAGESTREAMS, { limit: 3 });
        const backendRest = await opened.store.list(IMAGESTREAMS, { continue: first.continue! });
        expect(keys([...first.items, ...backendRest.items])).toEqual(all);
      });

      it('paginates with selectors without returning non-matching items', async () => {
        for (let i = 0; i < 12; i++) {
          await store.create(
            IMAGESTREAMS,
            stream(`s${String(i).padStart(2, '0')}`, 'default', { even: String(i % 2 === 0) }),
          );
        }
        const got: string[] = [];
        let token: string | undefined;
        do {
          const page = await store.list(IMAGESTREAMS, {
            limit: 4,
            labelSelector: 'even=true',
            ...(token ? { continue: token } : {}),
          });
          expect(page.items.length).toBeLessThanOrEqual(4);
          got.push(...page.items.map((o) => o.metadata.name));
          token = page.continue;
        } while (token);
        expect(got).toEqual(['s00', 's02', 's04', 's06', 's08', 's10']);
      });

      it('pages through concurrent writes as one consistent snapshot: nothing lost, nothing repeated', async () => {
        const originals = new Map<string, string>();
        for (let i = 0; i < 20; i++) {
          const o = await store.create(IMAGESTREAMS, stream(`s${String(i).padStart(2, '0')}`));
          originals.set(o.metadata.name, o.metadata.resourceVersion!);
        }
        const seen: KubeObject[] = [];
        let page = await store.list(IMAGESTREAMS, { limit: 6 });
        const listRv = page.resourceVersion;
        seen.push(...page.items);
        let round = 0;
        while (page.continue) {
          // between pages: delete and update items not returned yet, add items before and after the cursor
          round++;
          await store.delete(IMAGESTREAMS, 'default', `s${String(20 - round).padStart(2, '0')}`);
          const later = await store.get(IMAGESTREAMS, 'default', `s${String(14 - round).padStart(2, '0')}`);
          await store.update(IMAGESTREAMS, { ...later!, spec: { touched: round } });
          await store.create(IMAGESTREAMS, stream(`a-new-${round}`));
          await store.create(IMAGESTREAMS, stream(`z-new-${round}-a`));
          await store.create(IMAGESTREAMS, stream(`z-new-${round}-b`));
          page = await store.list(IMAGESTREAMS, { limit: 6, continue: page.continue });
          expect(page.resourceVersion).toBe(listRv);
          seen.push(...page.items);
          // counted in the same snapshot as the items
          expect(page.remainingItemCount).toBe(page.continue ? originals.size - seen.length : undefined);
        }
        expect(seen.map((o) => o.metadata.name)).toEqual([...originals.keys()]);
        for (const o of seen) {
          expect(o.metadata.resourceVersion).toBe(originals.get(o.metadata.name));
          expect(o.spec).toEqual({ lookupPolicy: { local: false } });
        }
        const now = await store.list(IMAGESTREAMS);
        expect(now.items).toHaveLength(20 - round + 3 * round);
      });
    });

    describe('watch', () => {
      it("from '0' (or unset) sends ADDED for every current object, then later changes", async () => {
        await store.create(IMAGESTREAMS, stream('a'));
        await store.create(IMAGESTREAMS, stream('b'));
        for (const resourceVersion of ['0', undefined, '']) {
          const w = watch(IMAGESTREAMS, resourceVersion === undefined ? {} : { resourceVersion });
          expect((await events(w, 2)).sort()).toEqual(['ADDED default/a', 'ADDED default/b']);
        }
        const w = watch(IMAGESTREAMS, { resourceVersion: '0' });
        expect(await events(w, 2)).toHaveLength(2);
        const a = await store.get(IMAGESTREAMS, 'default', 'a');
        const updated = await store.update(IMAGESTREAMS, { ...a!, spec: { x: 1 } });
        const e = await nextEvent(w);
        expect(e.type).toBe('MODIFIED');
        expect(e.object).toEqual(updated);
      });

      it('from resourceVersion N sends exactly the later changes, in order', async () => {
        const a = await store.create(IMAGESTREAMS, stream('a'));
        await store.create(IMAGESTREAMS, stream('b'));
        await store.create(IMAGES, image('sha256:other-type'));
        await store.update(IMAGESTREAMS, { ...a, spec: { x: 1 } });
        await store.delete(IMAGESTREAMS, 'default', 'b');
        const w = watch(IMAGESTREAMS, { resourceVersion: a.metadata.resourceVersion! });
        expect(await events(w, 3)).toEqual(['ADDED default/b', 'MODIFIED default/a', 'DELETED default/b']);
        const c = await store.create(IMAGESTREAMS, stream('c'));
        const e = await nextEvent(w);
        expect(e).toEqual({ type: 'ADDED', object: c });
      });

      it('sends DELETED with the last state and the deletion resourceVersion', async () => {
        const a = await store.create(IMAGESTREAMS, stream('a'));
        const w = watch(IMAGESTREAMS, { resourceVersion: a.metadata.resourceVersion! });
        const deleted = await store.delete(IMAGESTREAMS, 'default', 'a');
        const e = await nextEvent(w);
        expect(e.type).toBe('DELETED');
        expect(e.object).toEqual(deleted);
      });

      it('filters by namespace, labels and fields, including objects entering and leaving a selector', async () => {
        const start = await store.currentResourceVersion();
        const byNs = watch(IMAGESTREAMS, { resourceVersion: start, namespace: 'b' });
        const byLabel = watch(IMAGESTREAMS, { resourceVersion: start, labelSelector: 'app=web' });
        const byField = watch(IMAGESTREAMS, { resourceVersion: start, fieldSelector: 'metadata.name=two' });
        const one = await store.create(IMAGESTREAMS, stream('one', 'a', { app: 'web' }));
        await store.create(IMAGESTREAMS, stream('two', 'b'));
        await store.update(IMAGESTREAMS, { ...one, metadata: { ...one.metadata, labels: { app: 'db' } } });
        expect(await events(byNs, 1)).toEqual(['ADDED b/two']);
        expect(await events(byField, 1)).toEqual(['ADDED b/two']);
        const entered = await nextEvent(byLabel);
        const left = await nextEvent(byLabel);
        expect([entered.type, left.type]).toEqual(['ADDED', 'DELETED']);
        expect(left.object.metadata.name).toBe('one');
      });

      it('rejects a malformed selector or resourceVersion with 400 on the first next()', async () => {
        for (const options of [{ labelSelector: '=' }, { resourceVersion: 'abc' }]) {
          const w = watch(IMAGESTREAMS, options);
          await expect(w.next()).rejects.toMatchObject({ code: 400 });
        }
      });

      it('fails with 410 Expired for a resourceVersion older than the kept history', async (ctx) => {
        if (!opened.expireHistory) ctx.skip();
        const old = await store.create(IMAGESTREAMS, stream('a'));
        await store.create(IMAGESTREAMS, stream('b'));
        await opened.expireHistory!();
        await wrapped?.expireHistory?.();
        const w = watch(IMAGESTREAMS, { resourceVersion: old.metadata.resourceVersion! });
        const e = await w.next().then(
          () => undefined,
          (err: unknown) => err,
        );
        expect(isStatusError(e)).toBe(true);
        expect((e as StatusError).code).toBe(410);
        expect((e as StatusError).reason).toBe('Expired');
        expect((e as StatusError).message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
      });

      it('watchers started during a burst of writes see every later change exactly once, in order', async () => {
        const written: number[] = [];
        const watchers: { from: number; it: AsyncIterator<WatchEvent> }[] = [];
        for (let i = 0; i < 60; i++) {
          if (i % 10 === 5) {
            const from = written.at(-1) ?? Number(await store.currentResourceVersion());
            watchers.push({ from, it: watch(IMAGESTREAMS, { resourceVersion: String(from) }) });
          }
          const writes = [store.create(IMAGESTREAMS, stream(`burst-${i}`))];
          if (i % 3 === 0 && i > 0) writes.push(store.delete(IMAGESTREAMS, 'default', `burst-${i - 1}`));
          for (const o of await Promise.all(writes)) written.push(rvOf(o));
        }
        written.sort((x, y) => x - y);
        for (const { from, it } of watchers) {
          const expected = written.filter((rv) => rv > from);
          const got: number[] = [];
          while (got.length < expected.length) got.push(rvOf((await nextEvent(it)).object));
          expect(got).toEqual(expected);
        }
      });

      it('delivers one change to 100 concurrent watchers', async () => {
        const start = await store.currentResourceVersion();
        const ws = Array.from({ length: 100 }, () => watch(IMAGESTREAMS, { resourceVersion: start }));
        const created = await store.create(IMAGESTREAMS, stream('fan-out'));
        const got = await Promise.all(ws.map((w) => nextEvent(w)));
        expect(
          got.every(
            (e) =>
              e.type === 'ADDED' && e.object.metadata.resourceVersion === created.metadata.resourceVersion,
          ),
        ).toBe(true);
      });

      it('ends the iterator, also a pending next(), when the signal aborts', async () => {
        const controller = new AbortController();
        const w = store.watch(
          IMAGESTREAMS,
          { resourceVersion: await store.currentResourceVersion() },
          controller.signal,
        );
        const it = w[Symbol.asyncIterator]();
        const pending = it.next();
        controller.abort();
        const result = await Promise.race([
          pending,
          new Promise((_, reject) => setTimeout(() => reject(new Error('not ended')), EVENT_TIMEOUT_MS)),
        ]);
        expect(result).toMatchObject({ done: true });
      });
    });

    describe('continuation and history', () => {
      it('fails a continue token with 410 Expired once its resourceVersion is no longer kept', async (ctx) => {
        if (!opened.expireHistory) ctx.skip();
        for (let i = 0; i < 3; i++) await store.create(IMAGESTREAMS, stream(`s${i}`));
        const first = await store.list(IMAGESTREAMS, { limit: 1 });
        await store.create(IMAGESTREAMS, stream('later'));
        await opened.expireHistory!();
        await wrapped?.expireHistory?.();
        const e = await statusOf(store.list(IMAGESTREAMS, { limit: 1, continue: first.continue! }));
        expect(e.code).toBe(410);
        expect(e.reason).toBe('Expired');
      });
    });

    describe('guaranteedUpdate', () => {
      /**
       * The store as guaranteedUpdate sees it, with another writer winning the race between each
       * read and the write that follows (for the first `races` reads).
       */
      const racing = (races: number, write: (i: number) => KubeObject): Store => {
        let reads = 0;
        return new Proxy(store, {
          get(target, prop, receiver) {
            if (prop !== 'get') return Reflect.get(target, prop, receiver) as unknown;
            return async (...args: Parameters<Store['get']>) => {
              const read = await target.get(...args);
              if (reads < races) await target.update(IMAGESTREAMS, write(reads));
              reads++;
              return read;
            };
          },
        });
      };

      it('retries the mutation on a conflicting concurrent write and applies it to the newest state', async () => {
        await store.create(IMAGESTREAMS, { ...stream('ruby'), spec: { count: 0 } });
        let calls = 0;
        const racy = racing(1, () => ({ ...stream('ruby'), spec: { count: 10 } }));
        const result = await guaranteedUpdate(racy, IMAGESTREAMS, 'default', 'ruby', (current) => {
          calls++;
          const spec = current.spec as { count: number };
          return { ...current, spec: { count: spec.count + 1 } };
        });
        expect(calls).toBe(2);
        expect(result?.spec).toEqual({ count: 11 });
        expect((await store.get(IMAGESTREAMS, 'default', 'ruby'))?.spec).toEqual({ count: 11 });
      });

      it('writes nothing when the mutation returns undefined, and propagates 404', async () => {
        const created = await store.create(IMAGESTREAMS, stream('ruby'));
        const same = await guaranteedUpdate(store, IMAGESTREAMS, 'default', 'ruby', () => undefined);
        expect(same).toEqual(created);
        expect(await store.currentResourceVersion()).toBe(created.metadata.resourceVersion);
        const e = await statusOf(guaranteedUpdate(store, IMAGESTREAMS, 'default', 'nope', (c) => c));
        expect(e.code).toBe(404);
      });

      it('gives up with the last 409 after maxRetries conflicts', async () => {
        await store.create(IMAGESTREAMS, { ...stream('ruby'), spec: { n: 0 } });
        let calls = 0;
        const racy = racing(100, (i) => ({ ...stream('ruby'), spec: { n: i + 1 } }));
        const e = await statusOf(
          guaranteedUpdate(
            racy,
            IMAGESTREAMS,
            'default',
            'ruby',
            (current) => {
              calls++;
              return { ...current, spec: { mine: true } };
            },
            { maxRetries: 2 },
          ),
        );
        expect(e.code).toBe(409);
        expect(e.reason).toBe('Conflict');
        expect(calls).toBe(3);
        expect((await store.get(IMAGESTREAMS, 'default', 'ruby'))?.spec).toEqual({ n: 3 });
      });
    });
  });
}
