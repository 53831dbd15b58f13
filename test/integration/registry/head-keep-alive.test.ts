/**
 * HEADs to a plain-HTTP registry reuse their connection: undici closes an HTTP/1.1 connection
 * after every HEAD by default, which cost one TCP connection per scheduled check. Counted on the
 * server side (sockets accepted by a loopback registry stand-in) and, against the real
 * docker-registry, by the client's own connection count.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryClient, type RegistryClient } from '../../../src/registry/index.js';
import { pushImage, startRegistry, type TestRegistry } from '../../support/registry/index.js';

const HEADS = 20;
/** one per HEAD before the fix (21 for 20 HEADs) */
const MAX_CONNECTIONS = 4;
const DIGEST = `sha256:${'a'.repeat(64)}`;
const insecure = { insecure: true };

interface CountingRegistry {
  host: string;
  sockets: () => number;
  heads: () => number;
  close: () => Promise<void>;
}

/** Answers the ping and manifest HEADs the way distribution does: headers only, keep-alive. */
async function startCountingRegistry(): Promise<CountingRegistry> {
  let sockets = 0;
  let heads = 0;
  const server: Server = createServer((req, res) => {
    if (req.url === '/v2/') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    if (req.method === 'HEAD' && req.url === '/v2/team/app/manifests/latest') {
      heads++;
      res
        .writeHead(200, {
          'content-type': 'application/vnd.oci.image.manifest.v1+json',
          'content-length': '512',
          'docker-content-digest': DIGEST,
        })
        .end();
      return;
    }
    res.writeHead(404).end();
  });
  server.on('connection', () => sockets++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    sockets: () => sockets,
    heads: () => heads,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('HEAD requests to a plain-HTTP registry', () => {
  let server: CountingRegistry;
  let client: RegistryClient;

  beforeAll(async () => {
    server = await startCountingRegistry();
    client = createRegistryClient();
  });
  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it(`${HEADS} HEADs one after another reuse their connections`, async () => {
    const repo = { registry: server.host, repository: 'team/app' };
    for (let i = 0; i < HEADS; i++) {
      expect((await client.headManifest(repo, 'latest', insecure)).digest).toBe(DIGEST);
    }
    expect(server.heads()).toBe(HEADS);
    // the HTTPS probe of an insecure registry, then plain HTTP: the pool may open a second
    // connection when the next request leaves before the last answer's end was processed
    expect(server.sockets()).toBeLessThanOrEqual(MAX_CONNECTIONS);
  });
});

describe('HEAD requests to the real docker-registry', () => {
  let registry: TestRegistry;
  let client: RegistryClient;

  beforeAll(async () => {
    registry = await startRegistry({ auth: 'none' });
    client = createRegistryClient();
  });
  afterAll(async () => {
    await client?.close();
    await registry?.stop();
  });

  it('keep their connection open between checks', async () => {
    const pushed = await pushImage(registry, 'team/app', 'latest');
    const repo = { registry: registry.host, repository: 'team/app' };
    for (let i = 0; i < HEADS; i++) {
      expect((await client.headManifest(repo, 'latest', insecure)).digest).toBe(pushed.digest);
    }
    const stats = client.stats();
    expect(stats.byKind.manifestHead).toBe(HEADS);
    expect(stats.connections).toBeLessThanOrEqual(MAX_CONNECTIONS);
  });
});
