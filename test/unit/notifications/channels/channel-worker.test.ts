import { describe, expect, it } from 'vitest';
import { serverWideChannels } from '../../../../src/notifications/channels/channel-config.js';
import { createChannelRouter } from '../../../../src/notifications/channels/channel-router.js';
import type { HttpRequest } from '../../../../src/notifications/channels/target.js';
import { DedupeWindow, TokenBucket } from '../../../../src/notifications/channels/rate-limit.js';
import { buildNotices } from '../../../../src/notifications/channels/detect-builds.js';
import { sleepingClock } from '../../../support/sleeping-clock.js';

const failed = (name: string) =>
  buildNotices(
    undefined,
    { metadata: { name, namespace: 'ns' }, status: { phase: 'Failed' } },
    '2026-01-01T00:00:00Z',
  )[0]!;

describe('a channel worker', () => {
  it('retries with capped exponential backoff, a bounded number of times', async () => {
    const clock = sleepingClock();
    const sent: HttpRequest[] = [];
    const router = createChannelRouter({
      channels: serverWideChannels(['generic+https://h/x'], []),
      transport: { http: async (req) => (sent.push(req), { status: 503 }) },
      retry: { maxAttempts: 5, initialDelayMs: 1000, maxDelayMs: 3000 },
      clock,
    });
    router.publish(failed('b-1'));
    await router.idle();
    expect(sent).toHaveLength(5);
    expect(clock.sleeps).toEqual([1000, 2000, 3000, 3000]);
    expect(router.deliveries('notify-1')[0]).toMatchObject({ result: 'failed', attempts: 5, status: 503 });
  });

  it('does not retry an answer that says the request itself is wrong', async () => {
    const clock = sleepingClock();
    let calls = 0;
    const router = createChannelRouter({
      channels: serverWideChannels(['generic+https://h/x'], []),
      transport: { http: async () => (calls++, { status: 404 }) },
      clock,
    });
    router.publish(failed('b-1'));
    await router.idle();
    expect(calls).toBe(1);
  });

  it('drops the oldest notice when its queue is full, and counts it', async () => {
    const clock = sleepingClock();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const router = createChannelRouter({
      channels: serverWideChannels(['generic+https://h/x'], []),
      transport: { http: async () => (await gate, { status: 200 }) },
      maxQueue: 2,
      clock,
    });
    router.publish(failed('b-1'));
    await new Promise((r) => setImmediate(r)); // the worker takes b-1 and waits on the receiver
    for (const n of ['b-2', 'b-3', 'b-4']) router.publish(failed(n));
    release();
    await router.idle();
    const results = router.deliveries('notify-1').map((d) => [d.key.split('/').pop(), d.result]);
    // b-1 was being sent; b-4 pushed the oldest waiting one, b-2, out
    expect(results).toEqual([
      ['b-2', 'dropped'],
      ['b-1', 'sent'],
      ['b-3', 'sent'],
      ['b-4', 'sent'],
    ]);
  });
});

describe('rate limit and de-duplication', () => {
  it('lets a burst through, then one per interval', () => {
    const bucket = new TokenBucket({ burst: 2, intervalMs: 1000 });
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([0, 0, 1000]);
    expect(bucket.take(500)).toBe(500);
    expect(bucket.take(1000)).toBe(0);
  });

  it('remembers a key for the window only', () => {
    const d = new DedupeWindow(1000);
    expect(d.repeat('k', 0)).toBe(false);
    expect(d.repeat('k', 999)).toBe(true);
    expect(d.repeat('k', 1000)).toBe(false);
  });
});
