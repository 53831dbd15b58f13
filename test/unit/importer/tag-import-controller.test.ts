import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import type { Store } from '../../../src/store/store.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { createImportService, IMAGE_STREAMS } from '../../../src/importer/import-service.js';
import {
  startTagImportController,
  type TagImportController,
} from '../../../src/importer/tag-import-controller.js';
import { FakeRegistry } from './support/fake-registry.js';
import { eventually } from '../../support/until.js';

const REPO = 'reg.test:5000/team/app';

describe('startTagImportController', () => {
  let dir: string;
  let store: Store;
  let controller: TagImportController | undefined;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tag-controller-'));
    store = await openSqliteStore({ path: join(dir, 'db.sqlite') });
  });
  afterEach(async () => {
    await controller?.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a DockerImage tag of a newly created stream, once', async () => {
    const r = new FakeRegistry();
    const digest = r.pushImage(REPO, '1.0');
    controller = startTagImportController({
      store,
      importer: createImportService({ client: r, store }),
      rewatchDelayMs: 10,
    });
    await store.create(IMAGE_STREAMS, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 'app', namespace: 'ns', generation: 1 },
      spec: { tags: [{ name: '1.0', from: { kind: 'DockerImage', name: `${REPO}:1.0` }, generation: 1 }] },
    } as KubeObject);
    const item = await eventually(async () => {
      const s = (await store.get(IMAGE_STREAMS, 'ns', 'app')) as unknown as {
        status?: { tags?: { items: { image: string; generation: number }[] }[] };
      };
      return s.status?.tags?.[0]?.items?.[0];
    });
    expect(item.image).toBe(digest);
    const rv = (await store.get(IMAGE_STREAMS, 'ns', 'app'))?.metadata.resourceVersion;
    // another stream imported after it (the watch is ordered): the controller has seen its own
    // status write for app by then, and did not import app again
    const other = 'reg.test:5000/team/other';
    r.pushImage(other, '1.0', { seed: 'b' });
    await store.create(IMAGE_STREAMS, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 'other', namespace: 'ns', generation: 1 },
      spec: { tags: [{ name: '1.0', from: { kind: 'DockerImage', name: `${other}:1.0` }, generation: 1 }] },
    } as KubeObject);
    await eventually(async () => {
      const s = (await store.get(IMAGE_STREAMS, 'ns', 'other')) as unknown as {
        status?: { tags?: unknown[] };
      };
      return (s.status?.tags?.length ?? 0) > 0;
    });
    await controller.queue.idle();
    expect(r.calls.filter((c) => c.op === 'get' && !c.repo.endsWith('team/other'))).toHaveLength(1);
    expect((await store.get(IMAGE_STREAMS, 'ns', 'app'))?.metadata.resourceVersion).toBe(rv);
  });

  it('imports again when a tag is re-pointed with generation newer than its history', async () => {
    const r = new FakeRegistry();
    r.pushImage(REPO, '1.0', { seed: 'a' });
    const d2 = r.pushImage(REPO, '2.0', { seed: 'b' });
    controller = startTagImportController({
      store,
      importer: createImportService({ client: r, store }),
      rewatchDelayMs: 10,
    });
    await store.create(IMAGE_STREAMS, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 'app', namespace: 'ns', generation: 1 },
      spec: { tags: [{ name: 'live', from: { kind: 'DockerImage', name: `${REPO}:1.0` }, generation: 1 }] },
    } as KubeObject);
    await eventually(
      async () =>
        (await store.get(IMAGE_STREAMS, 'ns', 'app'))?.metadata.annotations?.[
          'openshift.io/image.dockerRepositoryCheck'
        ],
    );
    const cur = (await store.get(IMAGE_STREAMS, 'ns', 'app'))!;
    const gen = (cur.metadata.generation ?? 1) + 1;
    await store.update(IMAGE_STREAMS, {
      ...cur,
      metadata: { ...cur.metadata, generation: gen },
      spec: { tags: [{ name: 'live', from: { kind: 'DockerImage', name: `${REPO}:2.0` }, generation: gen }] },
    });
    const top = await eventually(async () => {
      const s = (await store.get(IMAGE_STREAMS, 'ns', 'app')) as unknown as {
        status?: { tags?: { items: { image: string }[] }[] };
      };
      const first = s.status?.tags?.[0]?.items?.[0];
      return first?.image === d2 ? s.status?.tags?.[0]?.items : undefined;
    });
    expect(top).toHaveLength(2);
  });

  it('re-imports scheduled tags on a scheduled check, and a plain check of an up-to-date stream does nothing', async () => {
    const r = new FakeRegistry();
    r.pushImage(REPO, '1.0', { seed: 'a' });
    controller = startTagImportController({
      store,
      importer: createImportService({ client: r, store }),
      rewatchDelayMs: 10,
    });
    await store.create(IMAGE_STREAMS, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 'app', namespace: 'ns', generation: 1 },
      spec: {
        tags: [
          {
            name: '1.0',
            from: { kind: 'DockerImage', name: `${REPO}:1.0` },
            generation: 1,
            importPolicy: { scheduled: true },
          },
        ],
      },
    } as KubeObject);
    const items = async () =>
      (
        (await store.get(IMAGE_STREAMS, 'ns', 'app')) as unknown as {
          status?: { tags?: { items: unknown[] }[] };
        }
      ).status?.tags?.[0]?.items ?? [];
    await eventually(async () => ((await items()).length === 1 ? true : undefined));
    const d2 = r.pushImage(REPO, '1.0', { seed: 'b' });
    controller.enqueue('ns/app');
    await controller.queue.idle();
    expect(await items()).toHaveLength(1);
    controller.enqueueScheduled('ns/app');
    await controller.queue.idle();
    const after = (await items()) as { image: string }[];
    expect(after.map((i) => i.image)[0]).toBe(d2);
    expect(after).toHaveLength(2);
  });
});
