/**
 * Many registry requests under one long-lived signal (the server's `closing`, one import's signal
 * over all its tags) add no listener to it, so Node never warns MaxListenersExceededWarning, and
 * aborting it still aborts every request in flight.
 */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { RateLimitObserver } from '../../../src/registry/rate-limit.js';
import { Requester } from '../../../src/registry/request.js';
import { DEFAULT_RETRY_POLICY, realSleep } from '../../../src/registry/retry.js';
import { RequestKind, StatsCounter } from '../../../src/registry/stats.js';
import type { HttpRequest, HttpResponse, Transport } from '../../../src/registry/transport.js';

const IN_FLIGHT = 25;

/** Answers each request only when `release` is called, or fails when its signal aborts. */
function heldTransport() {
  const held: { req: HttpRequest; answer: (r: HttpResponse) => void }[] = [];
  const transport = {
    send: (req: HttpRequest) =>
      new Promise<HttpResponse>((resolve, reject) => {
        req.signal?.addEventListener('abort', () => reject(req.signal?.reason), { once: true });
        held.push({ req, answer: resolve });
      }),
  } as unknown as Transport;
  const release = () => {
    for (const h of held.splice(0))
      h.answer({ status: 200, headers: {}, body: Buffer.alloc(0), url: h.req.url });
  };
  return { transport, held, release };
}

function requester(transport: Transport): Requester {
  const stats = new StatsCounter();
  return new Requester({
    transport,
    policy: DEFAULT_RETRY_POLICY,
    sleep: realSleep,
    random: () => 0.5,
    now: () => Date.now(),
    stats,
    rateLimits: new RateLimitObserver(),
    deadlineMs: 60_000,
  });
}

const request = (signal: AbortSignal): HttpRequest => ({
  url: new URL('http://registry.test/v2/team/app/manifests/latest'),
  method: 'HEAD',
  headers: {},
  tlsVerify: false,
  kind: RequestKind.ManifestHead,
  maxBytes: 1024,
  signal,
});

const target = { registry: 'registry.test', repository: 'team/app' };
const settle = () => new Promise((r) => setImmediate(r));

describe('requests sharing one caller signal', () => {
  it(`${IN_FLIGHT} requests in flight add no listener to it`, async () => {
    const { transport, held, release } = heldTransport();
    const shared = new AbortController().signal;
    const r = requester(transport);
    const answers = Array.from({ length: IN_FLIGHT }, () => r.fetch(request(shared), target));
    await settle();
    expect(held).toHaveLength(IN_FLIGHT);
    expect(getEventListeners(shared, 'abort')).toHaveLength(0);
    release();
    expect((await Promise.all(answers)).map((a) => a.status)).toEqual(Array(IN_FLIGHT).fill(200));
    expect(getEventListeners(shared, 'abort')).toHaveLength(0);
  });

  it('aborting it still aborts every request in flight', async () => {
    const { transport, held } = heldTransport();
    const shared = new AbortController();
    const r = requester(transport);
    const answers = Array.from({ length: IN_FLIGHT }, () =>
      r.fetch(request(shared.signal), target).then(
        () => 'answered',
        () => 'aborted',
      ),
    );
    await settle();
    expect(held).toHaveLength(IN_FLIGHT);
    shared.abort(new Error('server closing'));
    expect(await Promise.all(answers)).toEqual(Array(IN_FLIGHT).fill('aborted'));
  });
});
