import { describe, expect, it } from 'vitest';
import { PushCoalescer } from '../../../src/notifications/inbound/coalescer.js';
import type { ImportTagRequest } from '../../../src/notifications/inbound/import-requester.js';
import { D1, D2 } from './fixtures.js';
import { manualClock } from '../../support/manual-clock.js';

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

/** An importer whose calls wait until released, to send events while an import runs. */
function heldImporter() {
  const calls: ImportTagRequest[][] = [];
  const releases: (() => void)[] = [];
  return {
    calls,
    release: () => releases.splice(0).forEach((r) => r()),
    importer: {
      importTags: (r: ImportTagRequest[]) => {
        calls.push(r);
        return new Promise<void>((resolve) => releases.push(resolve));
      },
    },
  };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('PushCoalescer', () => {
  it('imports as soon as the event arrives, with no timer', async () => {
    const clock = manualClock();
    const { calls, importer } = recorder();
    const c = new PushCoalescer({ importer, clock });
    c.add(push('latest', 'distribution', t(1), D1));
    expect(calls).toEqual([
      [{ namespace: 'ns', stream: 'app', tag: 'latest', source: 'distribution', expectedDigest: D1 }],
    ]);
    expect(clock.pendingDelays()).toEqual([]);
    await c.stop();
  });

  it('duplicates arriving while the import runs become one follow-up import', async () => {
    const held = heldImporter();
    const c = new PushCoalescer({ importer: held.importer });
    c.add(push('latest', 'distribution', t(1), D1));
    for (let i = 0; i < 5; i++) c.add(push('latest', 'distribution', t(2), D2));
    c.add(push('latest', 'dockerhub', t(2)));
    expect(held.calls).toHaveLength(1);
    expect(c.size).toBe(1);
    held.release();
    await settle();
    expect(held.calls).toHaveLength(2);
    held.release();
    await c.stop();
    expect(held.calls).toHaveLength(2);
    expect(held.calls[1]).toEqual([
      { namespace: 'ns', stream: 'app', tag: 'latest', source: 'distribution,dockerhub', expectedDigest: D2 },
    ]);
  });

  it('imports different stream tags independently', async () => {
    const held = heldImporter();
    const c = new PushCoalescer({ importer: held.importer });
    c.add(push('latest', 'distribution', t(1), D1));
    c.add(push('v1', 'quay', t(1)));
    expect(held.calls.map((r) => r[0]?.tag)).toEqual(['latest', 'v1']);
    held.release();
    await c.stop();
    expect(held.calls).toHaveLength(2);
  });

  it('waits for a configured window before the first import, merging what arrives in it', async () => {
    const clock = manualClock();
    const { calls, importer } = recorder();
    const c = new PushCoalescer({ importer, clock, windowMs: 500 });
    c.add(push('latest', 'distribution', t(1), D1));
    c.add(push('latest', 'dockerhub', t(2)));
    expect(calls).toEqual([]);
    expect(clock.pendingDelays()).toEqual([500]);
    clock.advance(500);
    await c.stop();
    expect(calls).toEqual([
      [
        {
          namespace: 'ns',
          stream: 'app',
          tag: 'latest',
          source: 'distribution,dockerhub',
          expectedDigest: D1,
        },
      ],
    ]);
  });

  it('keeps the digest of the newest event when events arrive out of order', async () => {
    const held = heldImporter();
    const c = new PushCoalescer({ importer: held.importer });
    c.add(push('latest', 'distribution', t(1), D1));
    c.add(push('latest', 'distribution', t(5), D2));
    c.add(push('latest', 'distribution', t(3), D1));
    held.release();
    await settle();
    held.release();
    await c.stop();
    expect(held.calls[1]?.[0]?.expectedDigest).toBe(D2);
  });

  it('imports again for an event after the previous import ended', async () => {
    const { calls, importer } = recorder();
    const c = new PushCoalescer({ importer });
    c.add(push('latest', 'distribution', t(1)));
    await c.flush();
    c.add(push('latest', 'distribution', t(2)));
    await c.stop();
    expect(calls).toHaveLength(2);
  });

  it('survives an importer failure and keeps accepting events', async () => {
    let calls = 0;
    const c = new PushCoalescer({
      importer: {
        importTags: async () => {
          calls++;
          if (calls === 1) throw new Error('registry down');
        },
      },
    });
    c.add(push('latest', 'distribution', t(1)));
    await c.flush();
    c.add(push('latest', 'distribution', t(2)));
    await c.stop();
    expect(calls).toBe(2);
  });

  it('imports what waits in a window on stop', async () => {
    const clock = manualClock();
    const { calls, importer } = recorder();
    const c = new PushCoalescer({ importer, clock, windowMs: 500 });
    c.add(push('latest', 'distribution', t(1)));
    await c.stop();
    expect(calls).toHaveLength(1);
    expect(clock.pendingDelays()).toEqual([]);
  });
});
