import { describe, expect, it } from 'vitest';
import { createWorkQueue } from '../../../src/controllers/work-queue.js';
import { manualClock } from '../../support/manual-clock.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('createWorkQueue', () => {
  it('de-duplicates a key added several times while it waits', async () => {
    const seen: string[] = [];
    const gate = deferred();
    const q = createWorkQueue(
      async (k) => {
        seen.push(k);
        if (k === 'block') await gate.promise;
      },
      { concurrency: 1 },
    );
    q.add('block');
    q.add('a');
    q.add('a');
    q.add('a');
    expect(q.pending()).toBe(1);
    gate.resolve();
    await q.idle();
    expect(seen).toEqual(['block', 'a']);
  });

  it('never runs the same key twice at once, and runs it again when added during processing', async () => {
    let running = 0;
    let maxRunning = 0;
    let calls = 0;
    const gate = deferred();
    const q = createWorkQueue(
      async () => {
        calls++;
        running++;
        maxRunning = Math.max(maxRunning, running);
        if (calls === 1) await gate.promise;
        running--;
      },
      { concurrency: 4 },
    );
    q.add('k');
    await Promise.resolve();
    q.add('k');
    q.add('k');
    gate.resolve();
    await q.idle();
    expect(maxRunning).toBe(1);
    expect(calls).toBe(2);
  });

  it('retries failures with doubling delays capped at the maximum', async () => {
    const clock = manualClock();
    const times: number[] = [];
    const q = createWorkQueue(
      async () => {
        times.push(clock.now());
        throw new Error('registry down');
      },
      { clock, baseDelayMs: 100, maxDelayMs: 350 },
    );
    q.add('k');
    await q.idle();
    for (const step of [100, 200, 350, 350]) {
      clock.advance(step);
      await q.idle();
    }
    expect(times).toEqual([0, 100, 300, 650, 1000]);
    expect(q.failures('k')).toBe(5);
  });

  it('forgets failures after a success and drops a key after maxRetries', async () => {
    const clock = manualClock();
    let fail = true;
    const dropped: string[] = [];
    const q = createWorkQueue(
      async () => {
        if (fail) throw new Error('x');
      },
      { clock, baseDelayMs: 10, maxRetries: 1, onError: (k, _e, retry) => !retry && dropped.push(k) },
    );
    q.add('a');
    await q.idle();
    expect(q.failures('a')).toBe(1);
    clock.advance(10);
    await q.idle();
    expect(dropped).toEqual(['a']);
    expect(q.failures('a')).toBe(0);
    fail = false;
    q.add('a');
    await q.idle();
    expect(q.failures('a')).toBe(0);
  });

  it('keeps the earliest deadline for a key added after a delay twice', async () => {
    const clock = manualClock();
    const seen: number[] = [];
    const q = createWorkQueue(async () => void seen.push(clock.now()), { clock });
    q.addAfter('k', 500);
    q.addAfter('k', 100);
    q.addAfter('k', 900);
    clock.advance(100);
    await q.idle();
    clock.advance(1000);
    await q.idle();
    expect(seen).toEqual([100]);
  });

  it('stops taking keys after shutDown and waits for the running reconcile', async () => {
    const gate = deferred();
    let finished = false;
    const q = createWorkQueue(async () => {
      await gate.promise;
      finished = true;
    });
    q.add('a');
    const done = q.shutDown();
    q.add('b');
    gate.resolve();
    await done;
    expect(finished).toBe(true);
    expect(q.pending()).toBe(0);
  });
});
