/**
 * Hostile registries (node servers on 127.0.0.1) against the real importer: a registry that
 * trickles its manifests holds only its own lane of the tag import controller while a healthy
 * registry's import goes ahead; a trickled manifest fails the import at the request deadline;
 * a registry answering endless tag pages yields at most --max-listed-tags tags.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import { startImporter, type Importer } from '../../../src/importer/index.js';
import { IMAGE_STREAMS } from '../../../src/importer/import-service.js';
import type { ImageStreamImportObject } from '../../../src/importer/import-types.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import {
  pushImage,
  startHostileServer,
  startRegistry,
  tinyManifest,
  type HostileServer,
  type PushedImage,
  type TestRegistry,
} from '../../support/registry/index.js';

const manifest = tinyManifest();
let healthy: TestRegistry;
let image: PushedImage;
let dir: string;
let store: Store;
let importer: Importer | undefined;
const servers: HostileServer[] = [];

/** A registry whose manifest GETs trickle one byte a second, for as long as the client waits. */
function trickle(req: { url?: string; method?: string }, res: ServerResponse): void {
  if (req.url === '/v2/') return void res.end('{}');
  if (req.method === 'HEAD') {
    // no digest header: the client has to GET the manifest
    res.writeHead(200, { 'content-type': manifest.mediaType });
    return void res.end();
  }
  res.writeHead(200, { 'content-type': manifest.mediaType, 'content-length': manifest.bytes.length });
  let at = 0;
  const timer = setInterval(() => res.write(manifest.bytes.subarray(at, ++at)), 1000);
  res.on('close', () => clearInterval(timer));
}

async function hostile(handler: Parameters<typeof startHostileServer>[0]): Promise<HostileServer> {
  const s = await startHostileServer(handler);
  servers.push(s);
  return s;
}

function stream(name: string, from: string): KubeObject {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name, namespace: 'ns', generation: 1 },
    spec: {
      tags: [
        {
          name: 'v1',
          from: { kind: 'DockerImage', name: from },
          generation: 1,
          importPolicy: { insecure: true },
        },
      ],
    },
  } as KubeObject;
}

async function importedDigest(name: string): Promise<string | undefined> {
  const s = (await store.get(IMAGE_STREAMS, 'ns', name)) as unknown as {
    status?: { tags?: { items?: { image: string }[] }[] };
  };
  return s?.status?.tags?.[0]?.items?.[0]?.image;
}

beforeAll(async () => {
  healthy = await startRegistry({ auth: 'none' });
  image = await pushImage(healthy, 'team/healthy', 'v1');
});
afterAll(() => healthy?.stop());
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hostile-import-'));
  store = await openSqliteStore({ path: join(dir, 'db.sqlite') });
});
afterEach(async () => {
  await importer?.close();
  importer = undefined;
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a slow registry', () => {
  it("holds only its own lane: a healthy registry's import completes while its imports still trickle", async () => {
    const slow = await hostile(trickle);
    importer = startImporter({ store, schedule: false, prune: false });
    // more slow streams than the controller has workers per lane
    for (let i = 0; i < 6; i++)
      await store.create(IMAGE_STREAMS, stream(`slow-${i}`, `${slow.host}/team/slow-${i}:v1`));
    await expect.poll(() => slow.open(), { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
    await store.create(IMAGE_STREAMS, stream('healthy', `${healthy.host}/team/healthy:v1`));
    await expect.poll(() => importedDigest('healthy'), { timeout: 10_000, interval: 50 }).toBe(image.digest);
    // the slow imports were still running the whole time: the healthy one did not wait for them
    expect(slow.open()).toBeGreaterThanOrEqual(4);
    expect(await importedDigest('slow-0')).toBeUndefined();
  });

  it('a manifest trickled at 1 byte/s fails the import at --registry-request-timeout', async () => {
    const slow = await hostile(trickle);
    importer = startImporter({ store, controller: false, prune: false, registryRequestTimeoutMs: 1000 });
    const isi: ImageStreamImportObject = {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamImport',
      metadata: { name: 'slow' },
      spec: {
        import: false,
        images: [
          {
            from: { kind: 'DockerImage', name: `${slow.host}/team/slow:v1` },
            importPolicy: { insecure: true },
          },
        ],
      },
    };
    const started = Date.now();
    const result = await importer.service.importImages('ns', isi);
    const status = result.status?.images?.[0]?.status;
    expect(status?.reason).toBe('Timeout');
    expect(status?.code).toBe(504);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('a registry answering endless tag pages', () => {
  it('yields at most --max-listed-tags tags, in one page read', async () => {
    let pages = 0;
    const tags = await hostile((req, res) => {
      if (req.url === '/v2/') return void res.end('{}');
      if (!req.url?.includes('/tags/list')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        return void res.end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"unknown"}]}');
      }
      pages++;
      // endless in spirit; 20 pages here so a client without the bound also ends
      if (pages < 20) res.setHeader('link', `</v2/team/many/tags/list?n=1000&last=p${pages}>; rel="next"`);
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          name: 'team/many',
          tags: Array.from({ length: 100_000 }, (_, i) => `p${pages}-${i}`),
        }),
      );
    });
    importer = startImporter({ store, controller: false, prune: false });
    const result = await importer.service.importImages('ns', {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamImport',
      metadata: { name: 'many' },
      spec: {
        import: false,
        repository: {
          from: { kind: 'DockerImage', name: `${tags.host}/team/many` },
          importPolicy: { insecure: true },
        },
      },
    });
    const repository = result.status?.repository;
    expect(repository?.images).toHaveLength(50);
    expect(repository?.additionalTags).toHaveLength(10_000 - 50);
    expect(pages).toBe(1);
  });
});
