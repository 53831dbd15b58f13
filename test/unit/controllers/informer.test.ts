import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import { gone, internalError } from '../../../src/api/status-error.js';
import { informerRestartDelay, startInformer, type Informer } from '../../../src/controllers/informer.js';
import type { Clock } from '../../../src/controllers/clock.js';
import { WEBHOOK_TRIGGERS } from '../../../src/store/resource-types.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { ResourceType, Store } from '../../../src/store/store.js';
import { breakableStore, type BreakableStore } from '../../support/breakable-store.js';
import { recordingClock } from '../../support/recording-clock.js';

// any stored type: the objects here are plain KubeObjects with a `spec.value`
const TYPE: ResourceType = WEBHOOK_TRIGGERS;
const object = (name: string, value: string): KubeObject => ({
  apiVersion: 'imagestreams.io/v1',
  kind: 'WebhookTrigger',
  metadata: { namespace: 'default', name },
  spec: { value },
});

let inner: Store;
let store: BreakableStore;
let informer: Informer | undefined;
let changes: string[];
let deletes: string[];

const start = async (clock: Clock, s: Store = store, pageSize?: number): Promise<Informer> => {
  informer = startInformer({
    ...(pageSize ? { pageSize } : {}),
    store: s,
    type: TYPE,
    clock,
    fingerprint: (o) => JSON.stringify(o.spec),
    onChange: (o) => changes.push(`${o.metadata.name}=${(o.spec as { value: string }).value}`),
    onDelete: (_ns, name) => deletes.push(name),
  });
  await informer.synced();
  return informer;
};

const put = async (s: Store, name: string, value: string): Promise<void> => {
  const current = await s.get(TYPE, 'default', name);
  if (!current) await s.create(TYPE, object(name, value));
  else await s.update(TYPE, { ...current, spec: { value } });
};

beforeEach(async () => {
  inner = await openSqliteStore({ path: ':memory:' });
  store = breakableStore(inner);
  changes = [];
  deletes = [];
});
afterEach(async () => {
  informer?.stop();
  informer = undefined;
  await inner.close();
});

describe('informer restart delay', () => {
  it('relists at once after a first 410, and doubles other delays up to the cap', () => {
    const o = { restartDelayMs: 100, maxRestartDelayMs: 1000 };
    expect(informerRestartDelay(0, false, o)).toBe(0);
    expect([1, 2, 3, 4, 5, 6].map((n) => informerRestartDelay(n, false, o))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect([1, 2, 3].map((n) => informerRestartDelay(n, true, o))).toEqual([0, 100, 200]);
    expect(informerRestartDelay(10_000, false, o)).toBe(1000);
    expect(informerRestartDelay(2, false, {})).toBe(2000);
  });
});

describe('informer over a breaking watch', () => {
  it('relists at once after a 410 and keeps delivering changes', async () => {
    const clock = recordingClock();
    await put(store, 'a', '1');
    await start(clock);
    expect(changes).toEqual(['a=1']);
    await vi.waitFor(() => expect(store.liveWatches()).toBe(1));

    store.breakWatches(gone('too old resource version'));
    await vi.waitFor(() => expect(store.lists()).toBe(2));
    await vi.waitFor(() => expect(store.liveWatches()).toBe(1));
    expect(clock.delays).toEqual([]);
    await put(store, 'a', '2');
    await vi.waitFor(() => expect(changes).toEqual(['a=1', 'a=1', 'a=2']));
  });

  it('restarts after a store error with backoff, and the relist reports what changed meanwhile', async () => {
    const clock = recordingClock();
    await put(store, 'a', '1');
    await put(store, 'b', '1');
    await start(clock);
    await vi.waitFor(() => expect(store.liveWatches()).toBe(1));

    store.breakWatches(internalError('etcd: watch stream closed'));
    await vi.waitFor(() => expect(clock.delays).toEqual([1000]));
    await put(store, 'a', '2');
    await store.delete(TYPE, 'default', 'b');
    clock.advance(999);
    expect(store.lists()).toBe(1);
    clock.advance(1);
    await vi.waitFor(() => expect(store.liveWatches()).toBe(1));
    expect(store.lists()).toBe(2);
    expect(deletes).toEqual(['b']);
    expect(changes.at(-1)).toBe('a=2');

    // a second failure without any event in between waits twice as long
    store.breakWatches(internalError('etcd: watch stream closed'));
    await vi.waitFor(() => expect(clock.delays).toEqual([1000, 2000]));
    clock.advance(2000);
    await vi.waitFor(() => expect(store.liveWatches()).toBe(1));
    await put(store, 'a', '3');
    await vi.waitFor(() => expect(changes.at(-1)).toBe('a=3'));
  });

  it('survives the real SQLite store closing a watcher that fell behind (410)', async () => {
    const small = await openSqliteStore({ path: ':memory:', maxWatchBuffer: 1, eventHistory: 2 });
    try {
      const clock = recordingClock();
      const counted = breakableStore(small);
      await start(clock, counted);
      // two writes before the informer takes the first: the store closes its watch with a 410
      void put(small, 'a', '1');
      void put(small, 'b', '1');
      void put(small, 'c', '1');
      await vi.waitFor(() => expect([...new Set(changes)].sort()).toEqual(['a=1', 'b=1', 'c=1']));
      expect(counted.lists()).toBeGreaterThanOrEqual(2);
      await put(small, 'a', '2');
      await vi.waitFor(() => expect(changes.at(-1)).toBe('a=2'));
      expect(clock.delays).toEqual([]);
    } finally {
      informer?.stop();
      informer = undefined;
      await small.close();
    }
  });

  it('lists in pages when asked, and a relist in pages reports what was deleted meanwhile', async () => {
    const clock = recordingClock();
    for (const name of ['a', 'b', 'c', 'd', 'e']) await put(store, name, '1');
    await start(clock, store, 2);
    expect(store.lists()).toBe(3);
    expect([...changes].sort()).toEqual(['a=1', 'b=1', 'c=1', 'd=1', 'e=1']);
    await vi.waitFor(() => expect(store.liveWatches()).toBe(1));
    await put(store, 'f', '1');
    await vi.waitFor(() => expect(changes.at(-1)).toBe('f=1'));

    store.breakWatches(internalError('etcd: watch stream closed'));
    await vi.waitFor(() => expect(clock.delays).toEqual([1000]));
    await store.delete(TYPE, 'default', 'c');
    clock.advance(1000);
    await vi.waitFor(() => expect(store.liveWatches()).toBe(1));
    expect(store.lists()).toBe(6);
    expect(deletes).toEqual(['c']);
    await put(store, 'a', '2');
    await vi.waitFor(() => expect(changes.at(-1)).toBe('a=2'));
  });

  it('follows only the namespace and the field selector given, in its list and its watch', async () => {
    const clock = recordingClock();
    await put(store, 'a', '1');
    await put(store, 'b', '1');
    await store.create(TYPE, { ...object('a', '1'), metadata: { namespace: 'other', name: 'a' } });
    informer = startInformer({
      store,
      type: TYPE,
      clock,
      namespace: 'default',
      fieldSelector: 'metadata.name=a',
      fingerprint: (o) => JSON.stringify(o.spec),
      onChange: (o) => changes.push(`${o.metadata.namespace}/${o.metadata.name}`),
    });
    await informer.synced();
    expect(changes).toEqual(['default/a']);
    await vi.waitFor(() => expect(store.liveWatches()).toBe(1));
    await put(store, 'b', '2');
    await store.update(TYPE, { ...object('a', '2'), metadata: { namespace: 'other', name: 'a' } });
    await put(store, 'a', '2');
    await vi.waitFor(() => expect(changes).toEqual(['default/a', 'default/a']));
  });
});
