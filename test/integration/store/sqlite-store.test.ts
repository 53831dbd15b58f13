/** What the SQLite backend adds to the conformance suite: persistence, history bounds, limits. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStatusError, type StatusError } from '../../../src/api/status-error.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store, WatchEvent, WatchOptions } from '../../../src/store/store.js';
import { IMAGESTREAMS, stream } from '../../support/store-conformance.js';

async function failure(p: Promise<unknown>): Promise<StatusError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isStatusError(e)) throw new Error(`expected a StatusError, got ${String(e)}`);
  return e;
}

/** An iterator over a watch (the Store returns an AsyncIterable). */
function iterate(store: Store, options: WatchOptions, signal: AbortSignal): AsyncIterator<WatchEvent> {
  return store.watch(IMAGESTREAMS, options, signal)[Symbol.asyncIterator]();
}

describe('SQLite store', () => {
  let dir: string;
  let path: string;
  const open: Store[] = [];
  const openStore = async (
    options: { eventHistory?: number; maxWatchBuffer?: number } = {},
  ): Promise<Store> => {
    const s = await openSqliteStore({ path, ...options });
    open.push(s);
    return s;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'imagestreams-sqlite-'));
    path = join(dir, 'store.db');
  });

  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps objects and the resourceVersion counter across a reopen, even after deleting everything', async () => {
    const first = await openStore();
    await first.create(IMAGESTREAMS, stream('kept'));
    await first.create(IMAGESTREAMS, stream('gone'));
    const deleted = await first.delete(IMAGESTREAMS, 'default', 'gone');
    await first.close();
    const second = await openStore();
    expect(await second.currentResourceVersion()).toBe(deleted.metadata.resourceVersion);
    expect((await second.get(IMAGESTREAMS, 'default', 'kept'))?.metadata.name).toBe('kept');
    await second.delete(IMAGESTREAMS, 'default', 'kept');
    await second.close();
    const third = await openStore();
    const again = await third.create(IMAGESTREAMS, stream('gone'));
    expect(Number(again.metadata.resourceVersion)).toBeGreaterThan(
      Number(deleted.metadata.resourceVersion) + 1,
    );
  });

  it('resumes a watch after a restart from a resourceVersion written before it', async () => {
    const first = await openStore();
    const a = await first.create(IMAGESTREAMS, stream('a'));
    await first.create(IMAGESTREAMS, stream('b'));
    await first.close();
    const second = await openStore();
    const controller = new AbortController();
    const it = iterate(second, { resourceVersion: a.metadata.resourceVersion! }, controller.signal);
    const r = await it.next();
    expect(r.value).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'b' } } });
    controller.abort();
  });

  it('keeps exactly the last eventHistory events, also after a reopen with a longer history', async () => {
    const store = await openStore({ eventHistory: 5 });
    const rvs: string[] = [];
    for (let i = 0; i < 12; i++)
      rvs.push((await store.create(IMAGESTREAMS, stream(`s${i}`))).metadata.resourceVersion!);
    const current = Number(rvs.at(-1));
    const watchFrom = async (s: Store, rv: number): Promise<WatchEvent | StatusError> => {
      const controller = new AbortController();
      const it = iterate(s, { resourceVersion: String(rv) }, controller.signal);
      try {
        const r = await it.next();
        return r.value as WatchEvent;
      } catch (e) {
        if (isStatusError(e)) return e;
        throw e;
      } finally {
        controller.abort();
      }
    };
    const oldest = await watchFrom(store, current - 5);
    expect(isStatusError(oldest)).toBe(false);
    expect((oldest as WatchEvent).object.metadata.resourceVersion).toBe(String(current - 4));
    const tooOld = await watchFrom(store, current - 6);
    expect(tooOld).toMatchObject({
      code: 410,
      reason: 'Expired',
      message: `too old resource version: ${current - 6} (${current - 5})`,
    });
    await store.close();
    const longer = await openStore({ eventHistory: 100 });
    expect(await watchFrom(longer, current - 6)).toMatchObject({ code: 410 });
  });

  it('counts objects and bytes on disk', async () => {
    const store = await openStore();
    await store.create(IMAGESTREAMS, stream('a'));
    await store.create(IMAGESTREAMS, stream('b', 'other'));
    const stats = await store.stats();
    expect(stats.objects).toBe(2);
    expect(stats.bytes).toBeGreaterThan(4096);
  });

  it('closes a watcher that falls more than maxWatchBuffer events behind with 410', async () => {
    const store = await openStore({ maxWatchBuffer: 10 });
    const controller = new AbortController();
    const it = iterate(store, { resourceVersion: await store.currentResourceVersion() }, controller.signal);
    for (let i = 0; i < 11; i++) await store.create(IMAGESTREAMS, stream(`s${i}`));
    const e = await failure(it.next());
    expect(e.code).toBe(410);
    expect(e.message).toContain('fell more than 10 events behind');
  });

  it('ends open watches on close and refuses operations afterwards', async () => {
    const store = await openStore();
    const it = iterate(store, {}, new AbortController().signal);
    const pending = it.next();
    await store.close();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect((await failure(store.get(IMAGESTREAMS, 'default', 'a'))).code).toBe(500);
  });

  it('rejects a namespaced get without a namespace as a bad request', async () => {
    const store = await openStore();
    expect((await failure(store.get(IMAGESTREAMS, undefined, 'a'))).code).toBe(400);
    expect(
      (await failure(store.create(IMAGESTREAMS, { ...stream('a'), metadata: { name: 'a' } }))).code,
    ).toBe(400);
  });

  it('refuses to open a file written by a newer schema', async () => {
    const store = await openStore();
    await store.close();
    const raw = new Database(path);
    raw.prepare('UPDATE meta SET schema_version = 99').run();
    raw.close();
    await expect(openSqliteStore({ path })).rejects.toThrow(/cannot open the SQLite store/);
  });

  it("pages a watch's initial list as it is read: the objects as of the start, then later changes once", async () => {
    const store = await openStore();
    const names = Array.from({ length: 250 }, (_, i) => `s${String(i).padStart(3, '0')}`);
    for (const name of names) await store.create(IMAGESTREAMS, stream(name));
    const events = iterate(store, {}, new AbortController().signal);
    const first = await events.next();
    expect(first.value?.object.metadata.name).toBe('s000');
    // changes after the watch started, to objects on pages not read yet
    const late = await store.get(IMAGESTREAMS, 'default', 's200');
    await store.update(IMAGESTREAMS, {
      ...late!,
      metadata: { ...late!.metadata, labels: { changed: 'yes' } },
    });
    await store.delete(IMAGESTREAMS, 'default', 's210');
    await store.create(IMAGESTREAMS, stream('s150x'));
    const seen: WatchEvent[] = [first.value!];
    while (seen.length < 250 + 3) seen.push((await events.next()).value!);
    const added = seen.slice(0, 250);
    expect(added.every((e) => e.type === 'ADDED')).toBe(true);
    expect(added.map((e) => e.object.metadata.name)).toEqual(names);
    expect(added[200]?.object.metadata.labels).toBeUndefined();
    expect(seen.slice(250).map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual([
      'MODIFIED s200',
      'DELETED s210',
      'ADDED s150x',
    ]);
  });
});
