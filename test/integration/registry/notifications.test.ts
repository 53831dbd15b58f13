/**
 * The test registry's `notifications:` endpoint configuration works: a push is delivered to a
 * local HTTP receiver with the bearer token, as the watching part will rely on.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { pushImage, startRegistry, type TestRegistry } from '../../support/registry/index.js';

interface Event {
  action: string;
  target: { mediaType: string; digest: string; repository: string; tag?: string };
}

let server: Server | undefined;
let reg: TestRegistry | undefined;
afterAll(async () => {
  await reg?.stop();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
});

it('delivers the manifest push event to the configured endpoint with its Authorization header', async () => {
  const received: Array<{ auth: string | undefined; event: Event }> = [];
  let delivered: () => void = () => {};
  const got = new Promise<void>((r) => (delivered = r));
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      for (const event of (JSON.parse(body) as { events: Event[] }).events) {
        received.push({ auth: req.headers.authorization, event });
        if (event.target.tag) delivered();
      }
      res.writeHead(200);
      res.end();
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  reg = await startRegistry({ notify: { url, token: 'notify-secret' } });
  const img = await pushImage(reg, 'watched/app', 'v1');
  await Promise.race([
    got,
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error('no manifest notification in 20 s')), 20_000),
    ),
  ]);
  const manifest = received.find((r) => r.event.target.tag !== undefined);
  expect(manifest?.auth).toBe('Bearer notify-secret');
  expect(manifest?.event).toMatchObject({
    action: 'push',
    target: { digest: img.digest, repository: 'watched/app', tag: 'v1', mediaType: img.mediaType },
  });
});
