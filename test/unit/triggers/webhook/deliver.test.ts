import { describe, expect, it } from 'vitest';
import { verifyHmacSha256 } from '../../../../src/notifications/inbound/secrets.js';
import type { OutboundMessage } from '../../../../src/notifications/outbound/cloudevent.js';
import { deliverEvent } from '../../../../src/triggers/webhook/deliver.js';
import { TRIGGER_FIRED_TYPE, triggerFiredEvent } from '../../../../src/triggers/webhook/fired-event.js';

const D = `sha256:${'a'.repeat(64)}`;
const event = triggerFiredEvent(
  {
    namespace: 'team',
    stream: 'web',
    tag: 'latest',
    oldDigest: null,
    newDigest: D,
    dockerImageReference: `quay.io/t/web@${D}`,
    trigger: 'deploy',
    triggerNamespace: 'team',
  },
  'uid-1',
  new Date('2026-01-01T00:00:00Z'),
);
const policy = { maxAttempts: 3, initialDelayMs: 10, maxDelayMs: 100, factor: 2 };
const noSleep = { sleep: async () => undefined };

function scripted(statuses: Array<number | Error>) {
  const sent: OutboundMessage[] = [];
  const send = async (_url: string, m: OutboundMessage) => {
    sent.push(m);
    const next = statuses.shift() ?? 200;
    if (next instanceof Error) throw next;
    return { status: next };
  };
  return { sent, send };
}

describe('deliverEvent', () => {
  it('sends one signed trigger.fired CloudEvent', async () => {
    const r = scripted([200]);
    const out = await deliverEvent(
      event,
      { url: 'http://h/x', secret: 's3cr3t' },
      {
        send: r.send,
        policy,
        clock: noSleep,
        signal: new AbortController().signal,
      },
    );
    expect(out).toEqual({ ok: true, status: 200, attempts: 1 });
    const m = r.sent[0]!;
    expect(JSON.parse(m.body)).toMatchObject({
      type: TRIGGER_FIRED_TYPE,
      data: { trigger: 'deploy', newDigest: D },
    });
    expect(verifyHmacSha256('s3cr3t', Buffer.from(m.body), m.headers['x-imagestreams-signature'])).toBe(true);
  });

  it('retries 5xx up to the limit and reports the failure', async () => {
    const r = scripted([503, 503, 503]);
    const out = await deliverEvent(
      event,
      { url: 'http://h/x' },
      {
        send: r.send,
        policy,
        clock: noSleep,
        signal: new AbortController().signal,
      },
    );
    expect(out).toMatchObject({ ok: false, attempts: 3, status: 503 });
  });

  it('does not retry a 4xx', async () => {
    const r = scripted([404]);
    const out = await deliverEvent(
      event,
      { url: 'http://h/x' },
      {
        send: r.send,
        policy,
        clock: noSleep,
        signal: new AbortController().signal,
      },
    );
    expect(out).toMatchObject({ ok: false, attempts: 1, status: 404 });
  });

  it('keeps the secret and the URL out of the error', async () => {
    const r = scripted([new Error('connect failed to http://h/x?token=abc with s3cr3t'), 200]);
    const out = await deliverEvent(
      event,
      { url: 'http://h/x?token=abc', secret: 's3cr3t' },
      {
        send: r.send,
        policy: { ...policy, maxAttempts: 1 },
        clock: noSleep,
        signal: new AbortController().signal,
      },
    );
    expect(out.error).toBeDefined();
    expect(out.error).not.toContain('s3cr3t');
    expect(out.error).not.toContain('token=abc');
  });

  it('gives the same event id for the same trigger and digest', () => {
    const again = triggerFiredEvent(event.data!, 'uid-1', new Date());
    expect(again.id).toBe(event.id);
  });
});
