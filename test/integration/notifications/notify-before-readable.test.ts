/**
 * A registry that notifies before the tag is readable: distribution sends its push event from
 * the manifest write and links the tag right after. Here the event arrives 400 ms before the tag
 * link exists (the manifest is already stored under another tag), against the real server as
 * `isctl serve --notifications-token` builds it and the Debian docker-registry. The import that
 * starts with the event still finds the previous image; its retries pick the push up.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExtensions, type ServeSettings } from '../../../src/cli/commands/serve-flags.js';
import { DISTRIBUTION_EVENTS_MEDIA_TYPE } from '../../../src/notifications/index.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { IMAGE_STREAMS } from '../../../src/store/resource-types.js';
import {
  pushImage,
  pushManifest,
  startRegistry,
  type PushedImage,
  type TestRegistry,
} from '../../support/registry/index.js';
import { until } from '../../support/until.js';

const TOKEN = 'notify-before-readable-token';
const LINK_DELAY_MS = 400;

interface StreamStatus {
  status?: { tags?: { tag: string; items?: { image: string }[] }[] };
}

describe('a notification that arrives before the tag is readable', () => {
  let dir: string;
  let server: RunningServer;
  let registry: TestRegistry;

  const current = async (): Promise<string | undefined> => {
    const stream = (await server.store.get(IMAGE_STREAMS, 'default', 'app')) as StreamStatus | undefined;
    return stream?.status?.tags?.find((t) => t.tag === 'latest')?.items?.[0]?.image;
  };

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    expect(res.status).toBeLessThan(300);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'notify-before-readable-'));
    const settings = { listen: '127.0.0.1:0', dataDir: dir, notificationsToken: TOKEN } as ServeSettings;
    server = await startServer({
      listen: '127.0.0.1:0',
      dataDir: dir,
      extensions: await buildExtensions(settings),
    });
    registry = await startRegistry({ auth: 'none' });
    const v1 = await pushImage(registry, 'team/app', 'latest');
    const from = { kind: 'DockerImage', name: `${registry.host}/team/app:latest` };
    const api = '/apis/image.openshift.io/v1/namespaces/default';
    await post(`${api}/imagestreams`, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 'app' },
      spec: { tags: [{ name: 'latest', from, importPolicy: { insecure: true } }] },
    });
    await post(`${api}/imagestreamimports`, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamImport',
      metadata: { name: 'app' },
      spec: { import: true, images: [{ from, to: { name: 'latest' }, importPolicy: { insecure: true } }] },
    });
    expect(await current()).toBe(v1.digest);
  });

  afterAll(async () => {
    await registry?.stop();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('moves the tag once the registry links it', async () => {
    // the manifest is in the registry, but `latest` still points at v1
    const v2: PushedImage = await pushImage(registry, 'team/app', 'staging');
    const event = {
      id: 'e-v2',
      timestamp: new Date().toISOString(),
      action: 'push',
      target: { mediaType: v2.mediaType, digest: v2.digest, repository: 'team/app', tag: 'latest' },
      request: { host: registry.host },
    };
    await post(
      '/notifications/distribution',
      { events: [event] },
      { authorization: `Bearer ${TOKEN}`, 'content-type': DISTRIBUTION_EVENTS_MEDIA_TYPE },
    );
    await new Promise((r) => setTimeout(r, LINK_DELAY_MS));
    expect(await current()).not.toBe(v2.digest);
    await pushManifest(registry, 'team/app', 'latest', v2.manifest, v2.mediaType);
    // no scheduled import and no second notification: only the retry can move it
    await until('the tag moved to v2', async () => (await current()) === v2.digest, 5_000, 25);
  });
});
