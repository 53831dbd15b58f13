/**
 * --request-timeout with a store that stops answering: the server talks to a real etcd through a
 * TCP relay that the test freezes (it stops passing bytes), so a GET waits on the store until the
 * deadline answers it 504 Timeout; a watch is not cut by the deadline.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdCluster } from '../../support/etcd.js';
import { startTestApiServer, type TestApiServer } from '../../support/api-server.js';

const G = '/apis/image.openshift.io/v1';

interface Relay {
  port: number;
  freeze(frozen: boolean): void;
  close(): Promise<void>;
}

/** A TCP relay to `target` whose connections can be frozen (no bytes pass either way). */
async function startRelay(target: URL): Promise<Relay> {
  let frozen = false;
  const pairs = new Set<[net.Socket, net.Socket]>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    if (frozen) for (const s of pair) s.pause();
    const drop = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    freeze(value) {
      frozen = value;
      for (const pair of pairs)
        for (const s of pair)
          if (value) s.pause();
          else s.resume();
    },
    async close() {
      for (const pair of pairs) for (const s of pair) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let etcd: EtcdCluster;
let relay: Relay;
let api: TestApiServer;

beforeAll(async () => {
  etcd = await startEtcd();
  relay = await startRelay(new URL(etcd.endpoints[0]!));
  api = await startTestApiServer({ storeUrl: `etcd://127.0.0.1:${relay.port}`, requestTimeoutMs: 700 });
}, 60_000);

afterAll(async () => {
  relay?.freeze(false);
  await api?.close();
  await relay?.close();
  await etcd?.stop();
});

describe('request timeout', () => {
  it('answers a request the store does not answer in time with 504 Timeout, and serves again after', async () => {
    const created = await fetch(`${api.url}${G}/namespaces/default/imagestreams`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        metadata: { name: 'a' },
      }),
    });
    expect(created.status).toBe(201);
    const watch = new AbortController();
    const watching = await fetch(`${api.url}${G}/namespaces/default/imagestreams?watch=1`, {
      signal: watch.signal,
    });
    expect(watching.status).toBe(200);
    relay.freeze(true);
    try {
      const started = Date.now();
      const res = await fetch(`${api.url}${G}/namespaces/default/imagestreams/a`, {
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await res.json()) as Record<string, unknown>;
      expect(res.status).toBe(504);
      expect(body).toMatchObject({ kind: 'Status', reason: 'Timeout', code: 504 });
      expect(Date.now() - started).toBeLessThan(10_000);
      // the client's own ?timeout= is shorter
      const short = await fetch(`${api.url}${G}/namespaces/default/imagestreams/a?timeout=100ms`);
      expect(short.status).toBe(504);
    } finally {
      relay.freeze(false);
    }
    const again = await fetch(`${api.url}${G}/namespaces/default/imagestreams/a`, {
      signal: AbortSignal.timeout(10_000),
    });
    expect(again.status).toBe(200);
    // the watch opened before was not cut by the deadline
    const reader = watching.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('"ADDED"');
    watch.abort();
  }, 40_000);
});
