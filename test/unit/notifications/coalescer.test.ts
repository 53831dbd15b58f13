import { describe, expect, it } from 'vitest';
import { PushCoalescer } from '../../../src/notifications/inbound/coalescer.js';
import type { ImportTagRequest } from '../../../src/notifications/inbound/import-requester.js';
import { D1, D2 } from './fixtures.js';

/** Timers under test control: nothing fires until fire() is called. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let next = 1;
  return {
    setTimeout: (fn: () => void, ms: number) => {
      pending.set(next, { fn, ms });
      return next++;
    },
    clearTimeout: (h: unknown) => void pending.delete(h as number),
    fire() {
      const all = [...pending.values()];
      pending.clear();
      for (const t of all) t.fn();
    },
    delays: () => [...pending.values()].map((t) => t.ms),
  };
}

function recorder() {
  const calls: ImportTagRequest[][] = [];
  return { calls, importer: { importTags: async (r: ImportTagRequest[]) => void calls.push(r) } };
}

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
const push = (tag: string, source: string, at: Date, digest?: string) => ({
  namespace: 'ns',
  stream: 'app',
  tag,
  source,
  receivedAt: at,
  ...(digest ? { digest } : {}),
});

describe('PushCoalescer', () => {
  it('waits for the window before importing', async () => {
    const timers = manualTimers();
    const { calls, importer } = recorder();
    const c = new PushCoalescer({ importer, timers, windowMs: 500 });
    c.add(push('latest', 'distribution', t(1), D1));
    expect(calls).toEqual([]);
    expect(timers.delays()).toEqual([500]);
    timers.fire();
    await c.stop();
    expect(calls).toEqual([
      [{ namespace: 'ns', stream: 'app', tag: 'latest', source: 'distribution', expectedDigest: D1 }],
    ]);
  });

  it('merges duplicates and several sources for one stream tag into one request', async () => {
    const timers = manualTimers();
    const { calls, importer } = recorder();
    const c = new PushCoalescer({ importer, timers });
    c.add(push('latest', 'distribution', t(1), D1));
    c.add(push('latest', 'distribution', t(1), D1));
    c.add(push('latest', 'dockerhub', t(2)));
    c.add(push('v1', 'quay', t(2)));
    expect(c.size).toBe(2);
    timers.fire();
    await c.stop();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toEqual([
      { namespace: 'ns', stream: 'app', tag: 'latest', source: 'distribution,dockerhub', expectedDigest: D1 },
      { namespace: 'ns', stream: 'app', tag: 'v1', source: 'quay' },
    ]);
  });

  it('keeps the digest of the newest event when events arrive out of order', async () => {
    const timers = manualTimers();
    const { calls, importer } = recorder();
    const c = new PushCoalescer({ importer, timers });
    c.add(push('latest', 'distribution', t(5), D2));
    c.add(push('latest', 'distribution', t(3), D1));
    timers.fire();
    await c.stop();
    expect(calls[0]?.[0]?.expectedDigest).toBe(D2);
  });

  it('opens a new window for events after the previous one closed', async () => {
    const timers = manualTimers();
    const { calls, importer } = recorder();
    const c = new PushCoalescer({ importer, timers });
    c.add(push('latest', 'distribution', t(1)));
    timers.fire();
    c.add(push('latest', 'distribution', t(2)));
    timers.fire();
    await c.stop();
    expect(calls).toHaveLength(2);
  });

  it('survives an importer failure and keeps accepting events', async () => {
    const timers = manualTimers();
    let calls = 0;
    const c = new PushCoalescer({
      importer: {
        importTags: async () => {
          calls++;
          if (calls === 1) throw new Error('registry down');
        },
      },
      timers,
    });
    c.add(push('latest', 'distribution', t(1)));
    timers.fire();
    c.add(push('latest', 'distribution', t(2)));
    await c.stop();
    expect(calls).toBe(2);
  });

  it('flushes pending events on stop', async () => {
    const timers = manualTimers();
    const { calls, importer } = recorder();
    const c = new PushCoalescer({ importer, timers });
    c.add(push('latest', 'distribution', t(1)));
    await c.stop();
    expect(calls).toHaveLength(1);
    expect(timers.delays()).toEqual([]);
  });
});
