import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../../../src/store/etcd/event-queue.js';
import type { WatchEvent } from '../../../../src/store/store.js';

const event = (name: string): WatchEvent => ({
  type: 'ADDED',
  object: { apiVersion: 'v1', kind: 'X', metadata: { name } },
});

/** A full garbage collection (the flag exposes `gc` to contexts created after it). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc !== 'function') throw new Error('gc is not available');
  gc();
}

describe('watch event queue', () => {
  it('delivers queued events in order, then the error it failed with, then ends', async () => {
    const q = new EventQueue(new AbortController().signal, 10);
    q.push(event('a'));
    q.push(event('b'));
    q.fail(new Error('boom'));
    q.push(event('ignored'));
    expect((await q.next()).value?.object.metadata.name).toBe('a');
    expect((await q.next()).value?.object.metadata.name).toBe('b');
    await expect(q.next()).rejects.toThrow('boom');
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });

  it('wakes a pending next() on push and ends it when the signal aborts', async () => {
    const controller = new AbortController();
    const q = new EventQueue(controller.signal, 10);
    let finished = 0;
    q.onFinish = () => finished++;
    const pending = q.next();
    q.push(event('a'));
    expect((await pending).value?.object.metadata.name).toBe('a');
    const waiting = q.next();
    controller.abort();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(finished).toBe(1);
  });

  it('asks to pause the producer at the high-water mark and to resume at half of it', async () => {
    const q = new EventQueue(new AbortController().signal, 4);
    const pressure: boolean[] = [];
    q.onPressure = (paused) => pressure.push(paused);
    for (let i = 0; i < 5; i++) q.push(event(String(i)));
    expect(pressure).toEqual([true]);
    await q.next();
    await q.next();
    expect(pressure).toEqual([true]);
    await q.next();
    expect(pressure).toEqual([true, false]);
  });

  it('is already finished for an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    const q = new EventQueue(controller.signal, 4);
    q.push(event('a'));
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });

  it('room() holds a producer until the consumer is below the mark, or the watch ends', async () => {
    const controller = new AbortController();
    const q = new EventQueue(controller.signal, 100);
    let roomed = 0;
    await q.room(1); // empty: at once
    for (const name of ['a', 'b', 'c']) q.push(event(name));
    const waiting = q.room(2).then(() => roomed++);
    await new Promise((r) => setImmediate(r));
    expect(roomed).toBe(0);
    await q.next(); // 2 left: not below 2 yet
    await new Promise((r) => setImmediate(r));
    expect(roomed).toBe(0);
    await q.next(); // 1 left
    await waiting;
    expect(roomed).toBe(1);
    q.push(event('d'));
    const ended = q.room(1);
    controller.abort();
    await ended; // an aborted watch releases its producer
    expect(q.finished).toBe(true);
  });

  it('keeps no reference to an event once the consumer took it', async () => {
    const q = new EventQueue(new AbortController().signal, 10_000);
    // fewer events than the queue compacts at (1,024 taken): the taken slots themselves must be cleared
    let taken: WeakRef<WatchEvent> | undefined;
    await (async () => {
      for (let i = 0; i < 10; i++) q.push(event(String(i)));
      const first = (await q.next()).value;
      if (!first) throw new Error('no event');
      taken = new WeakRef(first);
    })();
    collectGarbage();
    await new Promise((r) => setImmediate(r));
    collectGarbage();
    expect(taken?.deref()).toBeUndefined();
    // the events not yet taken stay, in order
    expect((await q.next()).value?.object.metadata.name).toBe('1');
  });
});
