/**
 * `isctl serve --with-registry` end to end: the real API server with the extension, the Debian
 * docker-registry it starts, raw image pushes to it, and the stored streams and Images that the
 * registry's notifications (never our polling) produce.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KubeObject } from '../../../src/api/object.js';
import type { Image, ImageStream } from '../../../src/api/types.js';
import {
  integratedRegistryExtension,
  MANAGED_IMAGE_ANNOTATION,
  measurePushToTagLatency,
  type IntegratedRegistryExtension,
} from '../../../src/integrated-registry/index.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { IMAGE_STREAMS, IMAGES } from '../../../src/store/resource-types.js';
import { pushImage, type PushTarget } from '../../support/registry/index.js';
import { prepareTagPush } from '../../support/registry/prepared-push.js';
import { waitForObject } from './wait-for.js';

const items = (o: KubeObject, tag: string): { image: string; dockerImageReference: string }[] =>
  ((o as unknown as ImageStream).status?.tags?.find((t) => t.tag === tag)?.items ?? []) as {
    image: string;
    dockerImageReference: string;
  }[];

interface ReceiverEndpoint {
  url: string;
  authorization: string;
}

async function receiverEndpoint(dataDir: string): Promise<ReceiverEndpoint> {
  const config = parse(await readFile(join(dataDir, 'registry', 'config.yml'), 'utf8')) as {
    notifications: { endpoints: { name: string; url: string; headers: { Authorization: string[] } }[] };
  };
  const endpoint = config.notifications.endpoints.find((e) => e.name === 'integrated-registry');
  if (!endpoint) throw new Error('no integrated-registry endpoint in the registry config');
  return { url: endpoint.url, authorization: endpoint.headers.Authorization[0] ?? '' };
}

function envelope(repository: string, digest: string, tag?: string): string {
  return JSON.stringify({
    events: [
      {
        id: 'replayed-1',
        action: 'push',
        target: {
          mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
          digest,
          repository,
          ...(tag ? { tag } : {}),
        },
      },
    ],
  });
}

/** 50 in `npm test`; the benchmark's 100 with INTEGRATED_REGISTRY_PUSHES=100 */
const PUSHES = Number(process.env.INTEGRATED_REGISTRY_PUSHES ?? 50);

describe('integrated registry (isctl serve --with-registry)', () => {
  let dataDir: string;
  let server: RunningServer;
  let ext: IntegratedRegistryExtension;
  let target: PushTarget;
  let host: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'integrated-registry-it-'));
    ext = integratedRegistryExtension({
      dataDir,
      listen: '127.0.0.1:0',
      restart: { initialDelayMs: 100, maxDelayMs: 1_000 },
    });
    server = await startServer({ listen: '127.0.0.1:0', dataDir, extensions: [ext] });
    host = ext.registryHost() ?? '';
    target = { url: `http://${host}`, pushAuthorization: () => undefined };
  });

  afterAll(async () => {
    await server?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('stores the registry under the data dir and passes the readiness check', async () => {
    expect(host).toMatch(/^127\.0\.0\.1:\d+$/);
    const res = await request(`${server.url}/readyz?verbose`);
    const text = await res.body.text();
    expect(res.statusCode).toBe(200);
    expect(text).toContain('[+]integrated-registry ok');
    const config = await readFile(join(dataDir, 'registry', 'config.yml'), 'utf8');
    expect(config).toContain(join(dataDir, 'registry', 'storage'));
  });

  it('a push by tag creates the stream, the managed Image and the tag event', async () => {
    const pushed = await pushImage(target, 'team-a/app', 'v1', {
      env: ['PATH=/bin', 'MODE=first'],
      labels: { 'org.example.component': 'app' },
    });
    const stream = await waitForObject(server.store, IMAGE_STREAMS, 'team-a', 'app', (o) =>
      items(o, 'v1').some((i) => i.image === pushed.digest),
    );
    const first = items(stream, 'v1')[0];
    expect(first?.image).toBe(pushed.digest);
    expect(first?.dockerImageReference).toBe(`${host}/team-a/app@${pushed.digest}`);

    const image = (await server.store.get(IMAGES, undefined, pushed.digest)) as unknown as Image | undefined;
    expect(image?.metadata.annotations?.[MANAGED_IMAGE_ANNOTATION]).toBe('true');
    const config = (
      image?.dockerImageMetadata as { Config?: { Env?: string[]; Labels?: Record<string, string> } }
    ).Config;
    expect(config?.Env).toContain('MODE=first');
    expect(config?.Labels?.['org.example.component']).toBe('app');

    const res = await request(`${server.url}/apis/image.openshift.io/v1/namespaces/team-a/imagestreams/app`);
    const served = (await res.body.json()) as ImageStream;
    expect(served.status?.dockerImageRepository).toBe(`${host}/team-a/app`);
  });

  it('a second push of a new digest prepends the history', async () => {
    const before = await waitForObject(
      server.store,
      IMAGE_STREAMS,
      'team-a',
      'app',
      (o) => items(o, 'v1').length > 0,
    );
    const old = items(before, 'v1')[0]?.image;
    const pushed = await pushImage(target, 'team-a/app', 'v1');
    const after = await waitForObject(
      server.store,
      IMAGE_STREAMS,
      'team-a',
      'app',
      (o) => items(o, 'v1')[0]?.image === pushed.digest,
    );
    expect(items(after, 'v1').map((i) => i.image)).toEqual([pushed.digest, old]);
  });

  it('a push by digest creates only the Image', async () => {
    const pushed = await pushImage(target, 'team-b/bydigest', undefined);
    const image = await waitForObject(server.store, IMAGES, undefined, pushed.digest, () => true);
    expect(image.metadata.annotations?.[MANAGED_IMAGE_ANNOTATION]).toBe('true');
    expect(await server.store.get(IMAGE_STREAMS, 'team-b', 'bydigest')).toBeUndefined();
  });

  it('ignores repository paths that are not NAMESPACE/STREAM', async () => {
    const odd = await pushImage(target, 'deep/nested/repo', 'v1');
    // the registry notifies in order: once the next push is recorded, the odd one was handled
    const next = await pushImage(target, 'team-c/after', 'v1');
    await waitForObject(
      server.store,
      IMAGE_STREAMS,
      'team-c',
      'after',
      (o) => items(o, 'v1')[0]?.image === next.digest,
    );
    expect(await server.store.get(IMAGES, undefined, odd.digest)).toBeUndefined();
    expect(await server.store.get(IMAGE_STREAMS, 'deep', 'nested')).toBeUndefined();
  });

  it('a replayed notification changes nothing', async () => {
    const stream = await waitForObject(
      server.store,
      IMAGE_STREAMS,
      'team-a',
      'app',
      (o) => items(o, 'v1').length === 2,
    );
    const digest = items(stream, 'v1')[0]?.image ?? '';
    const image = await server.store.get(IMAGES, undefined, digest);
    const endpoint = await receiverEndpoint(dataDir);
    const res = await request(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/vnd.docker.distribution.events.v1+json',
        authorization: endpoint.authorization,
      },
      body: envelope('team-a/app', digest, 'v1'),
    });
    expect(res.statusCode).toBe(200);
    await res.body.dump();
    const again = await server.store.get(IMAGE_STREAMS, 'team-a', 'app');
    expect(again?.metadata.resourceVersion).toBe(stream.metadata.resourceVersion);
    expect((await server.store.get(IMAGES, undefined, digest))?.metadata.resourceVersion).toBe(
      image?.metadata.resourceVersion,
    );
  });

  it('a replayed older push does not move the tag back', async () => {
    const stream = await waitForObject(
      server.store,
      IMAGE_STREAMS,
      'team-a',
      'app',
      (o) => items(o, 'v1').length === 2,
    );
    const older = items(stream, 'v1')[1]?.image ?? '';
    const outcome = await ext.handlePush({ repository: 'team-a/app', tag: 'v1', digest: older });
    expect(outcome.result).toBe('ignored');
    const again = await server.store.get(IMAGE_STREAMS, 'team-a', 'app');
    expect(again?.metadata.resourceVersion).toBe(stream.metadata.resourceVersion);
  });

  it('the receiver refuses notifications without the token or with a malformed body', async () => {
    const endpoint = await receiverEndpoint(dataDir);
    const unsigned = await request(endpoint.url, {
      method: 'POST',
      body: envelope('team-a/app', 'sha256:' + 'a'.repeat(64), 'x'),
    });
    expect(unsigned.statusCode).toBe(401);
    await unsigned.body.dump();
    const malformed = await request(endpoint.url, {
      method: 'POST',
      headers: { authorization: endpoint.authorization, 'content-type': 'application/json' },
      body: '{"no":"events"}',
    });
    expect(malformed.statusCode).toBe(400);
    await malformed.body.dump();
  });

  it('restarts the registry after it is killed, and pushes are recorded again', async () => {
    const proc = ext.registryProcess();
    const pid = proc?.pid();
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, 'SIGKILL');
    const deadline = Date.now() + 15_000;
    for (;;) {
      // the process supervisor, not this test, restarts it; this only waits for the check to pass
      const ok = await proc!.check().then(
        () => true,
        () => false,
      );
      if (ok && proc!.pid() !== pid) break;
      if (Date.now() > deadline) throw new Error(`the registry was not restarted: ${proc!.recentLogs()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const pushed = await pushImage(target, 'team-a/app', 'after-restart');
    await waitForObject(
      server.store,
      IMAGE_STREAMS,
      'team-a',
      'app',
      (o) => items(o, 'after-restart')[0]?.image === pushed.digest,
    );
  });

  it(`measures push-to-tag-updated latency over ${PUSHES} pushes`, async () => {
    const summary = await measurePushToTagLatency({
      store: server.store,
      namespace: 'bench',
      stream: 'latency',
      tag: 'latest',
      count: PUSHES,
      prepare: () => prepareTagPush(target, 'bench/latency', 'latest'),
    });
    console.log(
      `integrated registry push-to-tag-updated over ${summary.count} pushes: p50 ${summary.p50Ms.toFixed(1)} ms, p99 ${summary.p99Ms.toFixed(1)} ms, max ${summary.maxMs.toFixed(1)} ms, mean ${summary.meanMs.toFixed(1)} ms`,
    );
    expect(summary.count).toBe(PUSHES);
    expect(summary.p99Ms).toBeLessThan(5_000);
    const stream = await server.store.get(IMAGE_STREAMS, 'bench', 'latency');
    expect(items(stream!, 'latest')).toHaveLength(PUSHES);
  });
});
