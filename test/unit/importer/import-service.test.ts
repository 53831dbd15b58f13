import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { createImportService, IMAGE_STREAMS, IMAGES } from '../../../src/importer/import-service.js';
import type { ImageStreamImportObject } from '../../../src/importer/import-types.js';
import { FakeRegistry } from './support/fake-registry.js';

const REPO = 'reg.test:5000/team/app';

function isi(
  tag: string,
  meta: Partial<ImageStreamImportObject['metadata']> = {},
  doImport = true,
): ImageStreamImportObject {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStreamImport',
    metadata: { name: 'app', ...meta },
    spec: {
      import: doImport,
      images: [{ from: { kind: 'DockerImage', name: `${REPO}:${tag}` }, to: { name: tag } }],
    },
  };
}

describe('createImportService', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'import-service-'));
    store = await openSqliteStore({ path: join(dir, 'db.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the stream and the Image, and an unchanged re-import keeps the resourceVersion', async () => {
    const r = new FakeRegistry();
    const digest = r.pushImage(REPO, '1.0', { env: ['A=1'] });
    const svc = createImportService({ client: r, store });
    const out = await svc.importImages('ns', isi('1.0'));
    expect(out.status?.import?.metadata.resourceVersion).toBeDefined();
    expect((await store.get(IMAGES, undefined, digest))?.dockerImageMetadata).toMatchObject({
      Config: { Env: ['A=1'] },
    });
    const before = await store.get(IMAGE_STREAMS, 'ns', 'app');
    r.calls = [];
    await svc.importImages('ns', isi('1.0'));
    const after = await store.get(IMAGE_STREAMS, 'ns', 'app');
    expect(after?.metadata.resourceVersion).toBe(before?.metadata.resourceVersion);
    expect(r.calls.map((c) => c.op)).toEqual(['head']);
  });

  it('creates a pruned Image again when its digest is imported again', async () => {
    const r = new FakeRegistry();
    const digest = r.pushImage(REPO, '1.0');
    const svc = createImportService({ client: r, store });
    await svc.importImages('ns', isi('1.0'));
    await store.delete(IMAGES, undefined, digest);
    await svc.importImages('ns', isi('1.0'));
    expect(await store.get(IMAGES, undefined, digest)).toBeDefined();
  });

  it('writes nothing for a dry run', async () => {
    const r = new FakeRegistry();
    r.pushImage(REPO, '1.0');
    const out = await createImportService({ client: r, store }).importImages('ns', isi('1.0', {}, false));
    expect(out.status?.images?.[0]?.status.status).toBe('Success');
    expect(await store.get(IMAGE_STREAMS, 'ns', 'app')).toBeUndefined();
    expect((await store.list(IMAGES)).items).toEqual([]);
  });

  it('enforces the resourceVersion (409) and UID (404) preconditions', async () => {
    const r = new FakeRegistry();
    r.pushImage(REPO, '1.0');
    const svc = createImportService({ client: r, store });
    await expect(svc.importImages('ns', isi('1.0', { uid: 'x' }))).rejects.toMatchObject({ code: 404 });
    const created = await svc.importImages('ns', isi('1.0'));
    const rv = created.status?.import?.metadata.resourceVersion;
    await expect(svc.importImages('ns', isi('1.0', { resourceVersion: '1' }))).rejects.toMatchObject({
      code: 409,
      reason: 'Conflict',
    });
    await expect(svc.importImages('ns', isi('1.0', { uid: 'other' }))).rejects.toMatchObject({ code: 404 });
    await expect(svc.importImages('ns', isi('1.0', { resourceVersion: rv }))).resolves.toBeDefined();
  });

  it('merges again on a concurrent write instead of losing it', async () => {
    const r = new FakeRegistry();
    r.pushImage(REPO, '1.0', { seed: 'a' });
    const svc = createImportService({ client: r, store });
    await svc.importImages('ns', isi('1.0'));
    const d2 = r.pushImage(REPO, '1.0', { seed: 'b' });
    // another writer changes labels between our read and our write
    const realUpdate = store.update.bind(store);
    let raced = false;
    store.update = async (type, obj, pre) => {
      if (!raced) {
        raced = true;
        const cur = (await store.get(IMAGE_STREAMS, 'ns', 'app'))!;
        await realUpdate(IMAGE_STREAMS, { ...cur, metadata: { ...cur.metadata, labels: { team: 'x' } } });
      }
      return realUpdate(type, obj, pre);
    };
    await svc.importImages('ns', isi('1.0'));
    const s = (await store.get(IMAGE_STREAMS, 'ns', 'app')) as unknown as {
      metadata: { labels?: Record<string, string> };
      status: { tags: { items: { image: string }[] }[] };
    };
    expect(s.metadata.labels).toEqual({ team: 'x' });
    expect(s.status.tags[0]?.items[0]?.image).toBe(d2);
    expect(s.status.tags[0]?.items).toHaveLength(2);
  });
});
