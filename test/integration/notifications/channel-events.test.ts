/**
 * Channel notices end to end: the real API server with the notifications extension, the Debian
 * docker-registry, real imports through the import service, a server-wide channel and a
 * namespace's channel Secret, both to HTTP receivers on loopback. An import that fails, fails
 * again and then recovers sends exactly two messages; failed rollouts and builds are announced
 * once; a channel Secret with a bad URL is refused naming its key, never quoting the URL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportService, type ImportService } from '../../../src/importer/index.js';
import { serverWideChannels } from '../../../src/notifications/channels/channel-config.js';
import { notificationsExtension, type RunningNotifications } from '../../../src/notifications/index.js';
import { createRegistryClient } from '../../../src/registry/index.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { BUILDS, ROLLOUTS } from '../../../src/store/resource-types.js';
import { pushImage, startRegistry, type TestRegistry } from '../../support/registry/index.js';
import { until } from '../../support/until.js';
import { startReceiver, type Receiver } from './receiver.js';

interface Sent {
  event: string;
  title: string;
  namespace: string;
}

const NS = 'team';

describe('channel notices from stored changes', () => {
  let registry: TestRegistry;
  let server: RunningServer;
  let receiver: Receiver;
  let importer: ImportService;
  let notifications: RunningNotifications | undefined;
  let dir: string;

  const sent = (path: string): Sent[] =>
    receiver.requests.filter((r) => r.path === path).map((r) => JSON.parse(r.body) as Sent);
  const api = (path: string, init?: RequestInit): Promise<Response> =>
    fetch(`${server.url}${path}`, { headers: { 'content-type': 'application/json' }, ...init });

  const importLatest = () =>
    importer.importImages(NS, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamImport',
      metadata: { name: 'app' },
      spec: {
        import: true,
        images: [
          {
            from: { kind: 'DockerImage', name: `${registry.host}/team/app:latest` },
            to: { name: 'latest' },
            importPolicy: { insecure: true },
          },
        ],
      },
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'channel-events-'));
    receiver = await startReceiver();
    registry = await startRegistry({ auth: 'none' });
    const extension = notificationsExtension(
      {
        channels: serverWideChannels(
          [`generic+http://${new URL(receiver.url).host}/server-wide`],
          [
            {
              name: 'moves',
              url: `generic+http://${new URL(receiver.url).host}/moves`,
              events: ['tag-moved'],
            },
          ],
        ),
        channelOptions: { retry: { maxAttempts: 2, initialDelayMs: 20, maxDelayMs: 20 } },
      },
      { importTags: async () => undefined },
    );
    server = await startServer({ listen: '127.0.0.1:0', dataDir: dir, extensions: [extension] });
    notifications = extension.running();
    importer = createImportService({ store: server.store, client: createRegistryClient() });
    await notifications?.ready();
  }, 30_000);

  afterAll(async () => {
    await registry?.stop();
    await server?.close();
    await receiver?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a channel Secret whose URL cannot be used, naming the key and never the URL', async () => {
    const res = await api(`/api/v1/namespaces/${NS}/secrets`, {
      method: 'POST',
      body: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'bad-channels' },
        type: 'imagestreams.io/notification-channels',
        stringData: { chat: 'slack://hook:not-a-real-token-s3cret@webhook' },
      }),
    });
    expect(res.status).toBe(422);
    const status = (await res.json()) as { details: { causes: { field: string; message: string }[] } };
    expect(status.details.causes).toEqual([
      expect.objectContaining({
        field: 'data[chat]',
        message: expect.stringContaining('slack: the Slack webhook token'),
      }),
    ]);
    expect(JSON.stringify(status)).not.toContain('s3cret');
  });

  it('takes a namespace channel from its Secret', async () => {
    const res = await api(`/api/v1/namespaces/${NS}/secrets`, {
      method: 'POST',
      body: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'channels',
          annotations: { 'imagestreams.io/notify-events': 'import-failing,import-recovered,rollout-failed' },
        },
        type: 'imagestreams.io/notification-channels',
        stringData: { hook: `generic+http://${new URL(receiver.url).host}/team` },
      }),
    });
    expect(res.status).toBe(201);
    await until(
      'the namespace channel',
      () => notifications?.channels.channelIds().includes(`${NS}/channels/hook`),
      10_000,
    );
    const stream = await api(`/apis/image.openshift.io/v1/namespaces/${NS}/imagestreams`, {
      method: 'POST',
      body: JSON.stringify({
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        metadata: { name: 'app' },
        spec: {
          tags: [{ name: 'latest', from: { kind: 'DockerImage', name: `${registry.host}/team/app:latest` } }],
        },
      }),
    });
    expect(stream.status).toBe(201);
  });

  it('sends exactly two messages for an import that fails, keeps failing, then recovers', async () => {
    await importLatest(); // nothing pushed yet: the import fails
    await until('the failing notice', () => sent('/team').length === 1 || undefined, 10_000);
    await importLatest(); // still failing: no news
    await pushImage(registry, 'team/app', 'latest');
    await importLatest();
    await until('the recovered notice', () => sent('/team').length === 2 || undefined, 10_000);
    await importLatest(); // still fine: no news
    await until('the server-wide channel', () => sent('/server-wide').length === 2 || undefined, 10_000);
    await notifications?.channels.idle();
    await new Promise((r) => setTimeout(r, 300)); // a third message would have come by now
    // the push moved the tag: only the channel that asked for tag moves hears of it
    await until('the tag move', () => sent('/moves').length === 1 || undefined, 10_000);
    expect(sent('/moves')[0]).toMatchObject({ event: 'tag-moved', title: `Tag moved: ${NS}/app:latest` });
    for (const path of ['/team', '/server-wide'])
      expect(sent(path).map((s) => [s.event, s.title])).toEqual([
        ['import-failing', `Import failing: ${NS}/app:latest`],
        ['import-recovered', `Import recovered: ${NS}/app:latest`],
      ]);
  });

  it('announces a failed rollout and a failed build once; the namespace channel gets only its events', async () => {
    const rollout = {
      apiVersion: 'imagestreams.io/v1',
      kind: 'Rollout',
      metadata: { name: 'r-1', namespace: NS },
      spec: {
        target: 'docker:compose/shop/web',
        from: { kind: 'ImageStreamTag', name: 'app:latest' },
        toDigest: 'sha256:' + 'b'.repeat(64),
      },
      status: { started: '2026-12-06T05:00:00Z' },
    };
    const created = await server.store.create(ROLLOUTS, rollout);
    await server.store.update(ROLLOUTS, {
      ...created,
      status: { ...rollout.status, result: 'Failed', reason: 'health check failed' },
    });
    await server.store.create(BUILDS, {
      apiVersion: 'build.openshift.io/v1',
      kind: 'Build',
      metadata: { name: 'app-1', namespace: NS },
      spec: {},
      status: {
        phase: 'Error',
        reason: 'PushImageToRegistryFailed',
        message: 'Failed to push the image to the registry.',
      },
    });
    await until('rollout and build notices', () => sent('/server-wide').length === 4 || undefined, 10_000);
    await until('rollout notice to the namespace', () => sent('/team').length === 3 || undefined, 10_000);
    expect(
      sent('/server-wide')
        .slice(2)
        .map((s) => [s.event, s.title]),
    ).toEqual(
      expect.arrayContaining([
        ['rollout-failed', 'Rollout failed: docker:compose/shop/web'],
        ['build-failed', `Build failed: ${NS}/app-1`],
      ]),
    );
    // build-failed is not among the Secret's events
    expect(sent('/team').map((s) => s.event)).toEqual([
      'import-failing',
      'import-recovered',
      'rollout-failed',
    ]);
  });
});
