/**
 * Notifications end to end: the real API server with the notifications extension, the Debian
 * docker-registry notifying it, a real import of the pushed tag, and CloudEvents receivers
 * (good, flaky and down) for the tag move it causes; `kubectl get events` shows the move.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportService } from '../../../src/importer/index.js';
import {
  hmacSha256Signature,
  notificationsExtension,
  type ImportTagRequest,
  type RunningNotifications,
} from '../../../src/notifications/index.js';
import { IMAGE_STREAMS } from '../../../src/store/resource-types.js';
import { createRegistryClient } from '../../../src/registry/index.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import {
  freePort,
  pushImage,
  startNotifyingRegistry,
  type TestRegistry,
} from '../../support/registry/index.js';
import { startReceiver, type Receiver } from './receiver.js';

const exec = promisify(execFile);
const TOKEN = 'notify-token-for-tests';
const SECRET = 'webhook-secret-for-tests';

interface StreamStatus {
  status?: { tags?: { tag: string; items?: { image: string }[] }[] };
}

async function until<T>(fn: () => Promise<T | undefined> | T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('registry notifications and outbound events', () => {
  let registry: TestRegistry;
  let server: RunningServer;
  let receiver: Receiver;
  let dir: string;
  let notifications: RunningNotifications | undefined;
  const calls: ImportTagRequest[][] = [];
  let pushedDigest = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'notifications-it-'));
    receiver = await startReceiver();
    receiver.script('/flaky', [500, 503]);
    const downPort = await freePort();
    const importer: { service?: ReturnType<typeof createImportService> } = {};
    const requester = {
      async importTags(requests: ImportTagRequest[]) {
        calls.push(requests);
        for (const r of requests) {
          await importer.service?.importImages(r.namespace, {
            apiVersion: 'image.openshift.io/v1',
            kind: 'ImageStreamImport',
            metadata: { name: r.stream },
            spec: {
              import: true,
              images: [
                {
                  from: { kind: 'DockerImage', name: `${registry.host}/team/app:${r.tag}` },
                  to: { name: r.tag },
                  importPolicy: { insecure: true },
                },
              ],
            },
          });
        }
      },
    };
    const extension = notificationsExtension(
      {
        notificationsToken: TOKEN,
        coalesceWindowMs: 100,
        webhooks: [
          { name: 'good', url: `${receiver.url}/good`, secret: SECRET },
          { name: 'flaky', url: `${receiver.url}/flaky`, secret: SECRET, mode: 'binary' },
          { name: 'down', url: `http://127.0.0.1:${downPort}/hook`, secret: SECRET },
          { name: 'elsewhere', url: `${receiver.url}/elsewhere`, namespaces: ['other'] },
        ],
        webhookOptions: { retry: { maxAttempts: 4, initialDelayMs: 100, maxDelayMs: 400 }, timeoutMs: 2000 },
      },
      requester,
    );
    server = await startServer({ listen: '127.0.0.1:0', dataDir: dir, extensions: [extension] });
    notifications = extension.running();
    importer.service = createImportService({ store: server.store, client: createRegistryClient() });
    registry = await startNotifyingRegistry(server.url, TOKEN);
    await notifications?.ready();
    const created = await fetch(`${server.url}/apis/image.openshift.io/v1/namespaces/default/imagestreams`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        metadata: { name: 'app' },
        spec: {
          tags: [
            {
              name: 'latest',
              from: { kind: 'DockerImage', name: `${registry.host}/team/app:latest` },
              importPolicy: { insecure: true },
            },
          ],
        },
      }),
    });
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await registry?.stop();
    await server?.close();
    await receiver?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a push of a followed tag reaches the importer through the registry notification', async () => {
    const pushed = await pushImage(registry, 'team/app', 'latest');
    pushedDigest = pushed.digest;
    const request = await until(() => calls.flat().find((r) => r.stream === 'app'));
    expect(request).toEqual({
      namespace: 'default',
      stream: 'app',
      tag: 'latest',
      expectedDigest: pushed.digest,
      source: 'distribution',
    });
  });

  it('the tag moves to the pushed digest without any polling', async () => {
    const image = await until(async () => {
      const s = (await server.store.get(IMAGE_STREAMS, 'default', 'app')) as StreamStatus | undefined;
      return s?.status?.tags?.find((t) => t.tag === 'latest')?.items?.[0]?.image;
    });
    expect(image).toBe(pushedDigest);
  });

  it('a push of a tag nobody follows imports nothing', async () => {
    const before = calls.flat().length;
    await pushImage(registry, 'team/unfollowed', 'latest');
    await pushImage(registry, 'team/app', 'not-followed');
    await new Promise((r) => setTimeout(r, 1500));
    expect(calls.flat().length).toBe(before);
  });

  it('the move is a TagUpdated Event that kubectl get events lists', async () => {
    const out = await until(async () => {
      const { stdout } = await exec(
        'kubectl',
        ['--server', server.url, '-n', 'default', 'get', 'events', '-o', 'json'],
        { timeout: 30_000 },
      );
      const list = JSON.parse(stdout) as {
        items: { reason: string; message: string; involvedObject: { kind: string; name: string } }[];
      };
      return list.items.find((e) => e.reason === 'TagUpdated');
    });
    expect(out.involvedObject).toMatchObject({ kind: 'ImageStream', name: 'app' });
    expect(out.message).toBe(`Tag app:latest set to ${pushedDigest.slice(0, 19)}…`);
    const { stdout } = await exec('kubectl', ['--server', server.url, '-n', 'default', 'get', 'events'], {
      timeout: 30_000,
    });
    const [header, row] = stdout.split('\n');
    expect(header).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE/);
    expect(row).toMatch(/Normal\s+TagUpdated\s+imagestream\/app\s+Tag app:latest set to sha256:/);
  });

  it('a CloudEvents receiver gets the move, signed over the body', async () => {
    const req = await until(() => receiver.requests.find((r) => r.path === '/good'));
    expect(req.headers['x-imagestreams-signature']).toBe(hmacSha256Signature(SECRET, req.body));
    const event = JSON.parse(req.body) as Record<string, unknown>;
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'io.imagestreams.tag.updated',
      source: '/apis/image.openshift.io/v1/namespaces/default/imagestreams/app',
      subject: 'app:latest',
      data: { namespace: 'default', stream: 'app', tag: 'latest', oldDigest: null, newDigest: pushedDigest },
    });
    expect(String((event.data as Record<string, string>).dockerImageReference)).toContain(`@${pushedDigest}`);
    expect(receiver.requests.filter((r) => r.path === '/elsewhere')).toEqual([]);
  });

  it('a receiver failing twice gets retries and then the event (binary mode)', async () => {
    const attempts = await until(() => {
      const got = receiver.requests.filter((r) => r.path === '/flaky');
      return got.length >= 3 ? got : undefined;
    });
    expect(attempts).toHaveLength(3);
    expect(attempts[2]!.headers['ce-type']).toBe('io.imagestreams.tag.updated');
    expect(attempts[2]!.headers['x-imagestreams-signature']).toBe(
      hmacSha256Signature(SECRET, attempts[2]!.body),
    );
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(90);
    const record = await until(() =>
      notifications?.dispatcher.deliveries('flaky').find((d) => d.result === 'success'),
    );
    expect(record.attempts).toBe(3);
  });

  it('a receiver that is down neither blocks the next import nor the other receivers', async () => {
    const goodBefore = receiver.requests.filter((r) => r.path === '/good').length;
    const started = Date.now();
    const pushed = await pushImage(registry, 'team/app', 'latest');
    await until(async () => {
      const s = (await server.store.get(IMAGE_STREAMS, 'default', 'app')) as StreamStatus | undefined;
      return s?.status?.tags?.find((t) => t.tag === 'latest')?.items?.[0]?.image === pushed.digest
        ? true
        : undefined;
    });
    const second = await until(() => receiver.requests.filter((r) => r.path === '/good')[goodBefore]);
    expect(JSON.parse(second.body).data).toMatchObject({ oldDigest: pushedDigest, newDigest: pushed.digest });
    expect(Date.now() - started).toBeLessThan(10_000);
    const failed = await until(() =>
      notifications?.dispatcher.deliveries('down').find((d) => d.result === 'failure'),
    );
    expect(failed.attempts).toBe(4);
    expect(failed.error).not.toContain(SECRET);
  });

  it('the endpoint rejects unsigned and malformed notifications through the real server', async () => {
    const unsigned = await fetch(`${server.url}/notifications/distribution`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.docker.distribution.events.v1+json' },
      body: '{"events":[]}',
    });
    expect(unsigned.status).toBe(401);
    const malformed = await fetch(`${server.url}/notifications/distribution`, {
      method: 'POST',
      headers: {
        'content-type': 'application/vnd.docker.distribution.events.v1+json',
        authorization: `Bearer ${TOKEN}`,
      },
      body: '{"events":',
    });
    expect(malformed.status).toBe(400);
  });
});
