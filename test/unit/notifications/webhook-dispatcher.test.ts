import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../../src/notifications/outbound/cloudevent.js';
import { createWebhookDispatcher } from '../../../src/notifications/outbound/webhook-dispatcher.js';
import { hmacSha256Signature } from '../../../src/notifications/inbound/secrets.js';
import { D1, D2 } from './fixtures.js';

const change = (namespace = 'team', tag = 'latest') => ({
  namespace,
  stream: 'app',
  tag,
  oldDigest: D1,
  newDigest: D2,
  dockerImageReference: `reg/app@${D2}`,
});

interface Sent {
  url: string;
  message: OutboundMessage;
}

/** A sender answering from a script of statuses (a thrown string is a network error). */
function scriptedSender(script: Array<number | string>) {
  const sent: Sent[] = [];
  const send = async (url: string, message: OutboundMessage) => {
    sent.push({ url, message });
    const next = script.shift() ?? 200;
    if (typeof next === 'string') throw new Error(next);
    return { status: next };
  };
  return { sent, send };
}

function fakeSleep() {
  const waits: number[] = [];
  return {
    waits,
    clock: {
      now: () => Date.parse('2026-01-01T00:00:00Z'),
      sleep: async (ms: number) => void waits.push(ms),
    },
  };
}

const retry = { maxAttempts: 4, initialDelayMs: 100, maxDelayMs: 250 };

describe('webhook dispatcher', () => {
  it('delivers a signed structured CloudEvent to the subscription', async () => {
    const { sent, send } = scriptedSender([200]);
    const { clock } = fakeSleep();
    const d = createWebhookDispatcher({
      subscriptions: [{ name: 'ci', url: 'http://ci/hook', secret: 'k' }],
      send,
      clock,
      retry,
    });
    d.publish(change());
    await d.idle();
    expect(sent).toHaveLength(1);
    const { message } = sent[0]!;
    expect(message.headers['x-imagestreams-signature']).toBe(hmacSha256Signature('k', message.body));
    expect(JSON.parse(message.body)).toMatchObject({
      type: 'io.imagestreams.tag.updated',
      subject: 'app:latest',
      data: { newDigest: D2, oldDigest: D1 },
    });
    expect(d.deliveries('ci')).toMatchObject([
      { result: 'success', attempts: 1, status: 200, subject: 'app:latest' },
    ]);
  });

  it('retries failures with the capped exponential schedule, then succeeds', async () => {
    const { sent, send } = scriptedSender([500, 'ECONNREFUSED', 503, 200]);
    const { waits, clock } = fakeSleep();
    const d = createWebhookDispatcher({
      subscriptions: [{ name: 'ci', url: 'http://ci/hook' }],
      send,
      clock,
      retry,
    });
    d.publish(change());
    await d.idle();
    expect(sent).toHaveLength(4);
    expect(waits).toEqual([100, 200, 250]);
    expect(d.deliveries('ci')).toMatchObject([{ result: 'success', attempts: 4, status: 200 }]);
    // every attempt carries the same event id
    expect(new Set(sent.map((s) => JSON.parse(s.message.body).id)).size).toBe(1);
  });

  it('gives up after the bounded attempts and records the failure', async () => {
    const { sent, send } = scriptedSender([500, 500, 500, 500, 500]);
    const { clock } = fakeSleep();
    const d = createWebhookDispatcher({
      subscriptions: [{ name: 'ci', url: 'http://ci/hook' }],
      send,
      clock,
      retry,
    });
    d.publish(change());
    await d.idle();
    expect(sent).toHaveLength(4);
    expect(d.deliveries('ci')).toMatchObject([
      { result: 'failure', attempts: 4, status: 500, error: 'the receiver answered HTTP 500' },
    ]);
  });

  it('does not retry a 4xx answer', async () => {
    const { sent, send } = scriptedSender([404]);
    const { waits, clock } = fakeSleep();
    const d = createWebhookDispatcher({
      subscriptions: [{ name: 'ci', url: 'http://ci/hook' }],
      send,
      clock,
      retry,
    });
    d.publish(change());
    await d.idle();
    expect(sent).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(d.deliveries('ci')[0]?.result).toBe('failure');
  });

  it('sends only the namespaces a subscription asked for, and everything to global ones', async () => {
    const { sent, send } = scriptedSender([]);
    const { clock } = fakeSleep();
    const d = createWebhookDispatcher({
      subscriptions: [
        { name: 'a-only', url: 'http://a/hook', namespaces: ['a'] },
        { name: 'all', url: 'http://all/hook' },
      ],
      send,
      clock,
    });
    d.publish(change('a'));
    d.publish(change('b'));
    await d.idle();
    expect(sent.map((s) => `${s.url} ${JSON.parse(s.message.body).data.namespace}`).sort()).toEqual([
      'http://a/hook a',
      'http://all/hook a',
      'http://all/hook b',
    ]);
  });

  it('drops the oldest event when a queue is full, and counts it', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const seen: string[] = [];
    const send = async (_url: string, m: OutboundMessage) => {
      await gate;
      seen.push(JSON.parse(m.body).subject);
      return { status: 200 };
    };
    const { clock } = fakeSleep();
    const d = createWebhookDispatcher({
      subscriptions: [{ name: 'slow', url: 'http://slow/hook' }],
      send,
      clock,
      maxQueue: 2,
    });
    for (const tag of ['t1', 't2', 't3', 't4']) d.publish(change('team', tag));
    // t1 is in flight; t2 was pushed out by t4
    expect(d.queueDepth('slow')).toBe(2);
    release();
    await d.idle();
    expect(seen).toEqual(['app:t1', 'app:t3', 'app:t4']);
    expect(d.deliveries('slow').map((r) => `${r.subject} ${r.result}`)).toEqual([
      'app:t2 dropped',
      'app:t1 success',
      'app:t3 success',
      'app:t4 success',
    ]);
  });

  it('publishes without waiting for a receiver that hangs, and stop() ends the wait', async () => {
    const send = (_u: string, _m: OutboundMessage, signal: AbortSignal) =>
      new Promise<{ status: number }>((_resolve, reject) =>
        signal.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    const { clock } = fakeSleep();
    const d = createWebhookDispatcher({
      subscriptions: [{ name: 'hung', url: 'http://hung/hook' }],
      send,
      clock,
    });
    const started = Date.now();
    for (let i = 0; i < 100; i++) d.publish(change('team', `t${i}`));
    expect(Date.now() - started).toBeLessThan(1000);
    await d.stop();
    expect(d.deliveries('hung')[0]?.result).toBe('failure');
  });

  it('keeps secrets and the URL out of recorded errors', async () => {
    const { send } = scriptedSender(['connect failed to http://user:topsecret@x/hook?token=topsecret']);
    const { clock } = fakeSleep();
    const d = createWebhookDispatcher({
      subscriptions: [
        { name: 'x', url: 'http://user:topsecret@x/hook?token=topsecret', secret: 'topsecret' },
      ],
      send,
      clock,
      retry: { maxAttempts: 1 },
    });
    d.publish(change());
    await d.idle();
    expect(d.deliveries('x')[0]?.error).not.toContain('topsecret');
  });
});
