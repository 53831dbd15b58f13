import { describe, expect, it } from 'vitest';
import { StatusError } from '../../../src/api/status-error.js';
import { parseSelectors } from '../../../src/store/selectors.js';
import type { WatchEvent } from '../../../src/store/store.js';
import { failedWatch, WatchHub, type Change } from '../../../src/store/watch-hub.js';

const TYPE = 'things.example.com';

function json(name: string, rv: number, labels?: Record<string, string>, namespace = 'ns'): string {
  return JSON.stringify({
    apiVersion: 'example.com/v1',
    kind: 'Thing',
    metadata: { name, namespace, resourceVersion: String(rv), ...(labels ? { labels } : {}) },
  });
}

function change(type: Change['type'], name: string, rv: number, extra: Partial<Change> = {}): Change {
  return {
    type,
    resourceVersion: rv,
    typeKey: TYPE,
    namespace: 'ns',
    name,
    object: json(name, rv),
    ...extra,
  };
}

/** Reads exactly n events (the hub delivers synchronously queued events without timers). */
async function take(it: AsyncIterator<WatchEvent>, n: number): Promise<WatchEvent[]> {
  const out: WatchEvent[] = [];
  for (let i = 0; i < n; i++) {
    const r = await it.next();
    if (r.done) throw new Error(`watch ended after ${i} events`);
    out.push(r.value);
  }
  return out;
}

const summary = (events: WatchEvent[]): string[] =>
  events.map((e) => `${e.type} ${e.object.metadata.name}@${e.object.metadata.resourceVersion}`);

describe('WatchHub', () => {
  it('delivers the changes of its type in publication order, after the history', async () => {
    const hub = new WatchHub();
    const sub = hub.subscribe(TYPE, parseSelectors(), new AbortController().signal);
    sub.start([change('ADDED', 'a', 1)], 1);
    hub.publish(change('ADDED', 'b', 2));
    hub.publish({ ...change('ADDED', 'x', 3), typeKey: 'other' });
    hub.publish(change('MODIFIED', 'a', 4, { previous: json('a', 1) }));
    hub.publish(change('DELETED', 'b', 5));
    expect(summary(await take(sub, 4))).toEqual(['ADDED a@1', 'ADDED b@2', 'MODIFIED a@4', 'DELETED b@5']);
  });

  it('buffers live changes before start() and drops those the history already covers', async () => {
    const hub = new WatchHub();
    const sub = hub.subscribe(TYPE, parseSelectors(), new AbortController().signal);
    hub.publish(change('ADDED', 'a', 1));
    hub.publish(change('ADDED', 'b', 2));
    hub.publish(change('ADDED', 'c', 3));
    // the backend read its history through resourceVersion 2: a and b come from there
    sub.start([change('ADDED', 'a', 1), change('ADDED', 'b', 2)], 2);
    hub.publish(change('ADDED', 'd', 4));
    expect(summary(await take(sub, 4))).toEqual(['ADDED a@1', 'ADDED b@2', 'ADDED c@3', 'ADDED d@4']);
  });

  it('filters by namespace and label selector', async () => {
    const hub = new WatchHub();
    const sub = hub.subscribe(
      TYPE,
      parseSelectors({ namespace: 'ns', labelSelector: 'app=web' }),
      new AbortController().signal,
    );
    sub.start([], 0);
    hub.publish({
      ...change('ADDED', 'other-ns', 1),
      namespace: 'dev',
      object: json('other-ns', 1, { app: 'web' }, 'dev'),
    });
    hub.publish({ ...change('ADDED', 'unlabelled', 2) });
    hub.publish({ ...change('ADDED', 'web', 3), object: json('web', 3, { app: 'web' }) });
    expect(summary(await take(sub, 1))).toEqual(['ADDED web@3']);
  });

  it('turns a MODIFIED that enters the selector into ADDED and one that leaves it into DELETED of the previous state', async () => {
    const hub = new WatchHub();
    const sub = hub.subscribe(
      TYPE,
      parseSelectors({ labelSelector: 'app=web' }),
      new AbortController().signal,
    );
    sub.start([], 0);
    hub.publish(change('MODIFIED', 'a', 2, { object: json('a', 2, { app: 'web' }), previous: json('a', 1) }));
    hub.publish(
      change('MODIFIED', 'a', 3, {
        object: json('a', 3, { app: 'web', x: 'y' }),
        previous: json('a', 2, { app: 'web' }),
      }),
    );
    hub.publish(
      change('MODIFIED', 'a', 4, {
        object: json('a', 4, { app: 'db' }),
        previous: json('a', 3, { app: 'web', x: 'y' }),
      }),
    );
    const events = await take(sub, 3);
    expect(summary(events)).toEqual(['ADDED a@2', 'MODIFIED a@3', 'DELETED a@4']);
    expect(events[2]?.object.metadata.labels).toEqual({ app: 'web', x: 'y' });
  });

  it('gives every watcher its own copy of an object', async () => {
    const hub = new WatchHub();
    const a = hub.subscribe(TYPE, parseSelectors(), new AbortController().signal);
    const b = hub.subscribe(TYPE, parseSelectors(), new AbortController().signal);
    a.start([], 0);
    b.start([], 0);
    hub.publish(change('ADDED', 'x', 1));
    const [ea] = await take(a, 1);
    ea!.object.metadata.name = 'mutated';
    const [eb] = await take(b, 1);
    expect(eb?.object.metadata.name).toBe('x');
  });

  it('closes a watcher that falls too far behind with 410 and forgets it', async () => {
    const hub = new WatchHub({ maxBuffered: 3 });
    const slow = hub.subscribe(TYPE, parseSelectors(), new AbortController().signal);
    slow.start(
      [
        change('ADDED', 'h1', 1),
        change('ADDED', 'h2', 2),
        change('ADDED', 'h3', 3),
        change('ADDED', 'h4', 4),
      ],
      4,
    );
    for (let rv = 5; rv <= 7; rv++) hub.publish(change('ADDED', `n${rv}`, rv));
    expect(hub.watcherCount(TYPE)).toBe(1); // history does not count against the bound
    hub.publish(change('ADDED', 'n8', 8));
    expect(hub.watcherCount(TYPE)).toBe(0);
    const error = await slow.next().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StatusError);
    expect((error as StatusError).code).toBe(410);
    expect(await slow.next()).toEqual({ value: undefined, done: true });
  });

  it('ends the iterator, also a pending next(), when the signal aborts', async () => {
    const hub = new WatchHub();
    const controller = new AbortController();
    const sub = hub.subscribe(TYPE, parseSelectors(), controller.signal);
    sub.start([], 0);
    const pending = sub.next();
    controller.abort();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(hub.watcherCount()).toBe(0);
    hub.publish(change('ADDED', 'late', 1));
    expect(await sub.next()).toEqual({ value: undefined, done: true });
  });

  it('ends at once for an already aborted signal', async () => {
    const hub = new WatchHub();
    const controller = new AbortController();
    controller.abort();
    const sub = hub.subscribe(TYPE, parseSelectors(), controller.signal);
    sub.start([change('ADDED', 'a', 1)], 1);
    expect(await sub.next()).toEqual({ value: undefined, done: true });
    expect(hub.watcherCount()).toBe(0);
  });

  it('unsubscribes when the consumer breaks out of for-await', async () => {
    const hub = new WatchHub();
    const sub = hub.subscribe(TYPE, parseSelectors(), new AbortController().signal);
    sub.start([change('ADDED', 'a', 1), change('ADDED', 'b', 2)], 2);
    for await (const event of sub) {
      expect(event.object.metadata.name).toBe('a');
      break;
    }
    expect(hub.watcherCount()).toBe(0);
  });

  it('fails only the watcher that cannot evaluate a change, with 500, and keeps delivering to the others', async () => {
    const hub = new WatchHub();
    const picky = hub.subscribe(TYPE, parseSelectors({ labelSelector: 'app' }), new AbortController().signal);
    const plain = hub.subscribe(TYPE, parseSelectors(), new AbortController().signal);
    picky.start([], 0);
    plain.start([], 0);
    // valid JSON without metadata: label matching cannot read it, plain delivery can
    expect(() => hub.publish(change('ADDED', 'broken', 1, { object: '{}' }))).not.toThrow();
    await expect(picky.next()).rejects.toMatchObject({ code: 500 });
    expect(hub.watcherCount()).toBe(1);
    hub.publish(change('ADDED', 'fine', 2));
    expect((await take(plain, 2))[1]?.object.metadata.name).toBe('fine');
  });

  it('fans one change out to 100 watchers and close() ends them all', async () => {
    const hub = new WatchHub();
    const subs = Array.from({ length: 100 }, () => {
      const s = hub.subscribe(TYPE, parseSelectors({ namespace: 'ns' }), new AbortController().signal);
      s.start([], 0);
      return s;
    });
    hub.publish(change('ADDED', 'x', 1));
    const got = await Promise.all(subs.map((s) => take(s, 1)));
    expect(got.every((events) => events[0]?.object.metadata.name === 'x')).toBe(true);
    hub.close();
    expect(hub.watcherCount()).toBe(0);
    const ends = await Promise.all(subs.map((s) => s.next()));
    expect(ends.every((r) => r.done)).toBe(true);
  });
});

describe('failedWatch', () => {
  it('throws its error on the first next()', async () => {
    const iterator = failedWatch(new StatusError(410, 'Expired', 'too old'))[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toMatchObject({ code: 410 });
  });
});
