/**
 * What a re-check of unchanged tags costs against the real registry: one manifest HEAD per tag,
 * no manifest or blob GET, and no stream write. IMPORTER_RECHECK_SCALE=REPOSxTAGS (default 3x10)
 * runs it bigger and prints the numbers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryClient, type ClientStats, type RegistryClient } from '../../../src/registry/index.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import { createImportService, IMAGE_STREAMS } from '../../../src/importer/import-service.js';
import type { ImageStreamImportObject } from '../../../src/importer/import-types.js';
import { pushImage, startRegistry, type TestRegistry } from '../../support/registry/index.js';

const [REPOS, TAGS] = (process.env.IMPORTER_RECHECK_SCALE ?? '3x10').split('x').map(Number) as [
  number,
  number,
];

function delta(a: ClientStats, b: ClientStats) {
  return {
    requests: b.requests - a.requests,
    head: (b.byMethod.HEAD ?? 0) - (a.byMethod.HEAD ?? 0),
    get: (b.byMethod.GET ?? 0) - (a.byMethod.GET ?? 0),
    bytes: b.bytesReceived - a.bytesReceived,
  };
}

function tagImport(name: string, repo: string, tags: string[]): ImageStreamImportObject {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStreamImport',
    metadata: { name },
    spec: {
      import: true,
      images: tags.map((t) => ({
        from: { kind: 'DockerImage', name: `${repo}:${t}` },
        to: { name: t },
        importPolicy: { insecure: true },
      })),
    },
  };
}

describe(`re-checking ${REPOS * TAGS} unchanged tags`, () => {
  let registry: TestRegistry;
  let store: Store;
  let client: RegistryClient;
  let dir: string;
  const tags = Array.from({ length: TAGS }, (_, i) => `v${i}`);

  beforeAll(async () => {
    registry = await startRegistry({ auth: 'none' });
    dir = mkdtempSync(join(tmpdir(), 'recheck-'));
    store = await openSqliteStore({ path: join(dir, 'db.sqlite') });
    client = createRegistryClient();
    for (let r = 0; r < REPOS; r++) for (const t of tags) await pushImage(registry, `bench/r${r}`, t);
  }, 600_000);

  afterAll(async () => {
    await client?.close();
    await store?.close();
    await registry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('costs one HEAD per tag, no GET and no write', async () => {
    const svc = createImportService({ client, store });
    const s0 = client.stats();
    let t = performance.now();
    for (let r = 0; r < REPOS; r++)
      await svc.importImages('ns', tagImport(`r${r}`, `${registry.host}/bench/r${r}`, tags));
    const firstMs = performance.now() - t;
    const s1 = client.stats();
    const versions = await Promise.all(
      Array.from(
        { length: REPOS },
        async (_, r) => (await store.get(IMAGE_STREAMS, 'ns', `r${r}`))?.metadata.resourceVersion,
      ),
    );
    t = performance.now();
    for (let r = 0; r < REPOS; r++)
      await svc.importImages('ns', tagImport(`r${r}`, `${registry.host}/bench/r${r}`, tags));
    const recheckMs = performance.now() - t;
    const s2 = client.stats();
    const first = delta(s0, s1);
    const recheck = delta(s1, s2);
    const n = REPOS * TAGS;
    process.stdout.write(
      `[importer] first import of ${n} tags: ${firstMs.toFixed(0)} ms, ${(first.requests / n).toFixed(2)} requests/tag ` +
        `(HEAD ${first.head}, GET ${first.get}, ${first.bytes} bytes)\n` +
        `[importer] re-check of ${n} unchanged tags: ${recheckMs.toFixed(0)} ms (${(recheckMs / n).toFixed(2)} ms/tag), ` +
        `${(recheck.requests / n).toFixed(2)} requests/tag (HEAD ${recheck.head}, GET ${recheck.get}), ` +
        `${(recheck.bytes / n).toFixed(1)} body bytes/tag\n`,
    );
    expect(recheck.head).toBe(n);
    expect(recheck.get).toBe(0);
    const after = await Promise.all(
      Array.from(
        { length: REPOS },
        async (_, r) => (await store.get(IMAGE_STREAMS, 'ns', `r${r}`))?.metadata.resourceVersion,
      ),
    );
    expect(after).toEqual(versions);
  }, 600_000);
});
