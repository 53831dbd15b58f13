/**
 * A push import meets docker-registry 2.8 answering HTTP 500 while it rewrites the tag link (its
 * notification goes out first; the link file is truncated, then written, and a read in between
 * fails with `invalid checksum digest format`). The registry client retries a push import's 5xx
 * first after 10 to 20 ms, a user's import after the usual 100 to 200 ms. The real registry, the
 * real client and a real SQLite store; the 500 comes from a fault proxy in front of the registry,
 * once, with distribution's own body; the client's sleeps are recorded, never waited.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createImportService,
  IMAGE_STREAMS,
  type ImportService,
} from '../../../src/importer/import-service.js';
import type { ImageStreamImportObject } from '../../../src/importer/import-types.js';
import { pushImportRequester } from '../../../src/importer/push-import.js';
import { createRegistryClient, type RegistryClient } from '../../../src/registry/index.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import {
  pushImage,
  startFaultProxy,
  startRegistry,
  type FaultProxy,
  type TestRegistry,
} from '../../support/registry/index.js';
import { storedStream } from '../../support/image-stream.js';

/** what docker-registry 2.8 answers a manifest GET by tag while the link file is empty */
const LINK_BEING_WRITTEN = {
  type: 'status' as const,
  status: 500,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: '{"errors":[{"code":"UNKNOWN","message":"unknown error","detail":{}}]}',
};

describe('push imports retry the registry quickly, user imports as before', () => {
  let registry: TestRegistry;
  let proxy: FaultProxy;
  let dir: string;
  let store: Store;
  let client: RegistryClient;
  let service: ImportService;
  const sleeps: number[] = [];

  const from = () => `${proxy.host}/team/app:latest`;
  const current = async () =>
    (await storedStream(store, 'ns', 'app')).status?.tags?.find((t) => t.tag === 'latest')?.items?.[0]?.image;
  const userImport = (): ImageStreamImportObject => ({
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStreamImport',
    metadata: { name: 'app' },
    spec: {
      import: true,
      images: [
        {
          from: { kind: 'DockerImage', name: from() },
          to: { name: 'latest' },
          importPolicy: { insecure: true },
        },
      ],
    },
  });
  /** the registry is answering 500 for the tag, once, as it does right after its notification */
  const linkBeingWritten = () =>
    proxy.inject({
      fault: LINK_BEING_WRITTEN,
      times: 1,
      match: { path: /^\/v2\/team\/app\/manifests\/latest$/ },
    });

  beforeAll(async () => {
    registry = await startRegistry({ auth: 'none' });
    proxy = await startFaultProxy(registry.url);
    dir = mkdtempSync(join(tmpdir(), 'push-retry-it-'));
    store = await openSqliteStore({ path: join(dir, 'db.sqlite') });
    // the default retry policy; jitter at its top, so each delay is the most it can be
    client = createRegistryClient({
      random: () => 0.999,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    service = createImportService({ client, store });
    await store.create(IMAGE_STREAMS, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { namespace: 'ns', name: 'app' },
      spec: {
        tags: [
          { name: 'latest', from: { kind: 'DockerImage', name: from() }, importPolicy: { insecure: true } },
        ],
      },
    });
    await pushImage(registry, 'team/app', 'latest');
    await service.importImages('ns', userImport());
  });

  afterAll(async () => {
    await client?.close();
    await store?.close();
    await proxy?.stop();
    await registry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    sleeps.length = 0;
    proxy.clear();
    proxy.requests.splice(0);
  });

  it('a push import retries the 500 after at most 20 ms and moves the tag', async () => {
    const pushed = await pushImage(registry, 'team/app', 'latest');
    linkBeingWritten();
    const pushSleeps: number[] = [];
    await pushImportRequester(service, store, {
      clock: {
        sleep: async (ms) => {
          pushSleeps.push(ms);
        },
      },
    }).importTags([
      {
        namespace: 'ns',
        stream: 'app',
        tag: 'latest',
        expectedDigest: pushed.digest,
        source: 'distribution',
      },
    ]);
    expect(proxy.requests.filter((r) => r.status === 500)).toHaveLength(1);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(10);
    expect(sleeps[0]).toBeLessThanOrEqual(20);
    // the registry client's retry found the tag: no import was tried again
    expect(pushSleeps).toEqual([]);
    expect(await current()).toBe(pushed.digest);
  });

  it('a push import that keeps getting 500s goes on with the usual backoff after the quick retry', async () => {
    const pushed = await pushImage(registry, 'team/app', 'latest');
    proxy.inject({
      fault: LINK_BEING_WRITTEN,
      times: 2,
      match: { path: /^\/v2\/team\/app\/manifests\/latest$/ },
    });
    await pushImportRequester(service, store).importTags([
      {
        namespace: 'ns',
        stream: 'app',
        tag: 'latest',
        expectedDigest: pushed.digest,
        source: 'distribution',
      },
    ]);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeLessThanOrEqual(20);
    expect(sleeps[1]).toBeGreaterThanOrEqual(100);
    expect(sleeps[1]).toBeLessThanOrEqual(200);
    expect(await current()).toBe(pushed.digest);
  });

  it("a user's import keeps the usual first retry of 100 to 200 ms", async () => {
    const pushed = await pushImage(registry, 'team/app', 'latest');
    linkBeingWritten();
    await service.importImages('ns', userImport());
    expect(proxy.requests.filter((r) => r.status === 500)).toHaveLength(1);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(100);
    expect(sleeps[0]).toBeLessThanOrEqual(200);
    expect(await current()).toBe(pushed.digest);
  });
});
