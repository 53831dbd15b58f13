/**
 * The integrated registry next to the notifications part, wired as `isctl serve` wires them
 * (buildExtensions over the serve settings): a push creates the pushed stream through the
 * integrated registry's receiver, and a stream importing from the integrated registry follows
 * the push through `/notifications/distribution`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import type { ImageStream } from '../../../src/api/types.js';
import { buildExtensions, type ServeSettings } from '../../../src/cli/commands/serve-flags.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { IMAGE_STREAMS } from '../../../src/store/resource-types.js';
import { freePort, pushImage } from '../../support/registry/index.js';
import { waitForObject } from './wait-for.js';

const current = (o: KubeObject, tag: string): string | undefined =>
  (o as unknown as ImageStream).status?.tags?.find((t) => t.tag === tag)?.items?.[0]?.image;

describe('integrated registry with the notifications part', () => {
  let dataDir: string;
  let server: RunningServer;
  let host: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'integrated-registry-notify-'));
    host = `127.0.0.1:${await freePort()}`;
    const settings = {
      listen: `127.0.0.1:${await freePort()}`,
      dataDir,
      withRegistry: true,
      registryListen: host,
      notificationsToken: 'notifications-token-for-tests',
      disableScheduledImport: true,
    } as ServeSettings;
    const extensions = await buildExtensions(settings);
    server = await startServer({ ...settings, extensions });
  });

  afterAll(async () => {
    await server?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('a push moves both the pushed stream and a stream importing from that repository', async () => {
    await server.store.create(IMAGE_STREAMS, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 'mirror', namespace: 'follow' },
      spec: {
        tags: [
          {
            name: 'v1',
            from: { kind: 'DockerImage', name: `${host}/team-x/src:v1` },
            importPolicy: { insecure: true },
          },
        ],
      },
    });
    const pushed = await pushImage(
      { url: `http://${host}`, pushAuthorization: () => undefined },
      'team-x/src',
      'v1',
    );
    await waitForObject(
      server.store,
      IMAGE_STREAMS,
      'team-x',
      'src',
      (o) => current(o, 'v1') === pushed.digest,
    );
    await waitForObject(
      server.store,
      IMAGE_STREAMS,
      'follow',
      'mirror',
      (o) => current(o, 'v1') === pushed.digest,
      15_000,
    );
  });
});
