/**
 * The importer against the real Debian docker-registry (open and htpasswd), through the real
 * registry client and a real SQLite store: what a tag import records, what a re-import costs,
 * and how failures show up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCredentialStore,
  createRegistryClient,
  type RegistryClient,
} from '../../../src/registry/index.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import { createRegistryAllowList } from '../../../src/importer/allowed-registries.js';
import {
  createImportService,
  IMAGE_STREAMS,
  IMAGES,
  type ImportService,
} from '../../../src/importer/import-service.js';
import type { ImageStreamImportObject } from '../../../src/importer/import-types.js';
import {
  freePort,
  pushImage,
  pushIndex,
  startFaultProxy,
  startRegistry,
  type FaultProxy,
  type TestRegistry,
} from '../../support/registry/index.js';
import { storedImage, storedStream } from '../../support/image-stream.js';

function isi(
  name: string,
  from: string,
  tag: string,
  policy: Record<string, unknown> = { insecure: true },
): ImageStreamImportObject {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStreamImport',
    metadata: { name },
    spec: {
      import: true,
      images: [{ from: { kind: 'DockerImage', name: from }, to: { name: tag }, importPolicy: policy }],
    },
  };
}

describe('importer against a real registry', () => {
  let open: TestRegistry;
  let locked: TestRegistry;
  let dir: string;
  let store: Store;
  let client: RegistryClient;
  let importer: ImportService;
  let proxy: FaultProxy;

  const stream = (name: string) => storedStream(store, 'ns', name);

  beforeAll(async () => {
    [open, locked] = await Promise.all([
      startRegistry({ auth: 'none' }),
      startRegistry({ auth: 'htpasswd' }),
    ]);
    proxy = await startFaultProxy(open.url);
    dir = mkdtempSync(join(tmpdir(), 'importer-it-'));
    store = await openSqliteStore({ path: join(dir, 'db.sqlite') });
    client = createRegistryClient({ retry: { maxAttempts: 2, baseDelayMs: 10 } });
    importer = createImportService({ client, store });
  });

  afterAll(async () => {
    await client?.close();
    await store?.close();
    await proxy?.stop();
    await Promise.all([open?.stop(), locked?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('imports a tag: history item by digest, Image with Env and Labels from the config blob', async () => {
    const pushed = await pushImage(open, 'team/app', '1.0', {
      env: ['GREETING=hi'],
      labels: { tier: 'web' },
    });
    const out = await importer.importImages('ns', isi('app', `${open.host}/team/app:1.0`, '1.0'));
    expect(out.status?.images?.[0]?.status.status).toBe('Success');
    const s = await stream('app');
    expect(s.status?.tags?.[0]?.items?.[0]).toMatchObject({
      image: pushed.digest,
      dockerImageReference: `${open.host}/team/app@${pushed.digest}`,
      generation: 1,
    });
    const image = await storedImage(store, pushed.digest);
    expect(image.dockerImageMetadata?.Config?.Env).toContain('GREETING=hi');
    expect(image.dockerImageMetadata?.Config?.Labels).toMatchObject({ tier: 'web' });
  });

  it('re-imports an unchanged tag with one HEAD and no write, then records a new digest on top', async () => {
    await pushImage(open, 'team/again', 'v1');
    await importer.importImages('ns', isi('again', `${open.host}/team/again:v1`, 'v1'));
    const before = await stream('again');
    const stats0 = client.stats();
    await importer.importImages('ns', isi('again', `${open.host}/team/again:v1`, 'v1'));
    const after = await stream('again');
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(after.status?.tags?.[0]?.items).toHaveLength(1);
    const stats1 = client.stats();
    // one HEAD for the unchanged tag: no manifest GET, no blob GET
    expect(stats1.byMethod.HEAD! - (stats0.byMethod.HEAD ?? 0)).toBe(1);
    expect((stats1.byMethod.GET ?? 0) - (stats0.byMethod.GET ?? 0)).toBe(0);

    const second = await pushImage(open, 'team/again', 'v1');
    await importer.importImages('ns', isi('again', `${open.host}/team/again:v1`, 'v1'));
    const grown = await stream('again');
    expect(grown.status?.tags?.[0]?.items?.map((i) => i.image)[0]).toBe(second.digest);
    expect(grown.status?.tags?.[0]?.items?.map((i) => i.generation)).toEqual([2, 1]);
  });

  it('imports a repository in priority order beyond one page of tags and lists the rest', async () => {
    const tags = [
      'latest',
      '1.0',
      '1.1',
      ...Array.from({ length: 12 }, (_, i) => `build-${String(i).padStart(2, '0')}`),
    ];
    for (const t of tags) await pushImage(open, 'team/many', t);
    proxy.paginateTags({ defaultPageSize: 4 });
    const limited = createImportService({ client, store, maxTagsPerRepository: 10, tagPageSize: 4 });
    const out = await limited.importImages('ns', {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamImport',
      metadata: { name: 'many' },
      spec: {
        import: true,
        repository: {
          from: { kind: 'DockerImage', name: `${proxy.host}/team/many` },
          importPolicy: { insecure: true },
        },
      },
    });
    proxy.paginateTags(undefined);
    expect(proxy.requests.filter((r) => r.path.includes('/tags/list')).length).toBeGreaterThanOrEqual(4);
    expect(out.status?.repository?.images.map((i) => i.tag).slice(0, 3)).toEqual(['latest', '1.1', '1.0']);
    expect(out.status?.repository?.images).toHaveLength(10);
    expect(out.status?.repository?.additionalTags).toHaveLength(5);
    expect((await stream('many')).status?.tags).toHaveLength(10);
  });

  it('picks linux/amd64 from an index in Legacy mode and keeps the index in PreserveOriginal', async () => {
    const index = await pushIndex(open, 'team/multi', 'v1', [
      { architecture: 'arm64', os: 'linux' },
      { architecture: 'amd64', os: 'linux' },
    ]);
    const amd = index.children.find((c) => c.platform.architecture === 'amd64')!;
    await importer.importImages('ns', isi('multi', `${open.host}/team/multi:v1`, 'legacy'));
    await importer.importImages(
      'ns',
      isi('multi', `${open.host}/team/multi:v1`, 'whole', { insecure: true, importMode: 'PreserveOriginal' }),
    );
    const s = await stream('multi');
    const byTag = Object.fromEntries((s.status?.tags ?? []).map((t) => [t.tag, t.items?.[0]?.image]));
    expect(byTag.legacy).toBe(amd.digest);
    expect(byTag.whole).toBe(index.digest);
    const list = await storedImage(store, index.digest);
    expect(list.dockerImageManifests?.map((m) => m.architecture).sort()).toEqual(['amd64', 'arm64']);
    for (const child of index.children)
      expect(await store.get(IMAGES, undefined, child.digest)).toBeDefined();
  });

  it('records wrong credentials as Unauthorized and keeps the history', async () => {
    const pushed = await pushImage(locked, 'team/private', 'v1');
    const good = createRegistryClient({
      credentials: createCredentialStore({
        [locked.host]: { username: locked.username!, password: locked.password! },
      }),
    });
    const bad = createRegistryClient({
      credentials: createCredentialStore({
        [locked.host]: { username: locked.username!, password: 'wrong-password' },
      }),
    });
    try {
      await createImportService({ client: good, store }).importImages(
        'ns',
        isi('private', `${locked.host}/team/private:v1`, 'v1'),
      );
      const out = await createImportService({ client: bad, store }).importImages(
        'ns',
        isi('private', `${locked.host}/team/private:v1`, 'v1'),
      );
      const status = out.status?.images?.[0]?.status;
      expect(status?.reason).toBe('Unauthorized');
      expect(status?.message).not.toContain('wrong-password');
      const tag = (await stream('private')).status?.tags?.[0];
      expect(tag?.items?.[0]?.image).toBe(pushed.digest);
      expect(tag?.conditions?.[0]).toMatchObject({
        type: 'ImportSuccess',
        status: 'False',
        reason: 'Unauthorized',
      });
      expect(JSON.stringify(await store.get(IMAGE_STREAMS, 'ns', 'private'))).not.toContain('wrong-password');
    } finally {
      await Promise.all([good.close(), bad.close()]);
    }
  });

  it('records a missing tag as NotFound', async () => {
    await pushImage(open, 'team/some', 'v1');
    const out = await importer.importImages('ns', isi('some', `${open.host}/team/some:nope`, 'nope'));
    expect(out.status?.images?.[0]?.status).toMatchObject({ reason: 'NotFound', code: 404 });
    expect((await stream('some')).status?.tags?.[0]?.conditions?.[0]?.reason).toBe('NotFound');
  });

  it('survives a registry that is down, with a condition instead of a crash', async () => {
    const port = await freePort();
    const out = await importer.importImages('ns', isi('down', `127.0.0.1:${port}/team/app:v1`, 'v1'));
    expect(out.status?.images?.[0]?.status.status).toBe('Failure');
    const cond = (await stream('down')).status?.tags?.[0]?.conditions?.[0];
    expect(cond).toMatchObject({ type: 'ImportSuccess', status: 'False' });
    expect(['ServiceUnavailable', 'Timeout', 'InternalError', 'BadRequest']).toContain(cond?.reason);
  });

  it('records persistent 500s as ServiceUnavailable and a corrupted manifest as a digest failure', async () => {
    await pushImage(open, 'team/flaky', 'v1');
    proxy.inject({
      fault: { type: 'status', status: 500 },
      times: Infinity,
      match: { path: /team\/flaky\/manifests/ },
    });
    const out = await importer.importImages('ns', isi('flaky', `${proxy.host}/team/flaky:v1`, 'v1'));
    proxy.clear();
    expect(out.status?.images?.[0]?.status).toMatchObject({ code: 503, reason: 'ServiceUnavailable' });
    proxy.inject({
      fault: { type: 'corrupt' },
      times: Infinity,
      match: { method: 'GET', path: /team\/flaky\/manifests/ },
    });
    const bad = await importer.importImages('ns', isi('flaky', `${proxy.host}/team/flaky:v1`, 'v1'));
    proxy.clear();
    expect(bad.status?.images?.[0]?.status).toMatchObject({ code: 500, reason: 'InternalError' });
    expect(bad.status?.images?.[0]?.status.message).toContain('does not match its digest');
    expect((await stream('flaky')).status?.tags?.[0]?.items ?? []).toHaveLength(0);
  });

  it('refuses plain HTTP unless the import policy allows insecure access', async () => {
    await pushImage(open, 'team/plain', 'v1');
    const out = await importer.importImages('ns', isi('plain', `${open.host}/team/plain:v1`, 'v1', {}));
    expect(out.status?.images?.[0]?.status).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect(out.status?.images?.[0]?.status.message).toContain('requires the insecure flag');
  });

  it('refuses a registry outside the allow-list with Forbidden', async () => {
    const guarded = createImportService({ client, store, allowList: createRegistryAllowList(['quay.io']) });
    const out = await guarded.importImages('ns', isi('blocked', `${open.host}/team/app:1.0`, '1.0'));
    expect(out.status?.images?.[0]?.status).toMatchObject({ code: 403, reason: 'Forbidden' });
    expect(out.status?.images?.[0]?.status.message).toContain('not allowed by whitelist');
  });
});
