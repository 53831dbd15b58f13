import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import { manualClock } from '../../support/manual-clock.js';
import { IMAGE_STREAMS, IMAGES } from '../../../src/importer/import-service.js';
import { DAY_MS, pruneStore, startPruneSchedule } from '../../../src/importer/prune-schedule.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW - h * 3600_000).toISOString();
const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;

async function seed(store: Store): Promise<void> {
  const items = [5, 4, 3, 2, 1].map((n, i) => ({
    created: hoursAgo(10 * (i + 1)),
    dockerImageReference: `reg/app@${digest(n)}`,
    image: digest(n),
    generation: n,
  }));
  await store.create(IMAGE_STREAMS, {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name: 'app', namespace: 'ns' },
    spec: { tags: [] },
    status: { dockerImageRepository: '', tags: [{ tag: 'latest', items }] },
  } as KubeObject);
  for (const n of [5, 4, 3, 2, 1]) {
    await store.create(IMAGES, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'Image',
      metadata: { name: digest(n), creationTimestamp: hoursAgo(100) },
      dockerImageReference: `reg/app@${digest(n)}`,
    } as KubeObject);
  }
}

describe('pruneStore and startPruneSchedule', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'prune-'));
    store = await openSqliteStore({ path: join(dir, 'db.sqlite') });
    await seed(store);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('trims history to 3 revisions and deletes the Images no longer referenced', async () => {
    expect(await pruneStore(store, undefined, new Date(NOW))).toEqual({ events: 2, images: 2 });
    const s = (await store.get(IMAGE_STREAMS, 'ns', 'app')) as unknown as {
      status: { tags: { items: unknown[] }[] };
    };
    expect(s.status.tags[0]?.items).toHaveLength(3);
    expect((await store.list(IMAGES)).items.map((i) => i.metadata.name).sort()).toEqual(
      [digest(3), digest(4), digest(5)].sort(),
    );
    expect(await pruneStore(store, undefined, new Date(NOW))).toEqual({ events: 0, images: 0 });
  });

  it('runs once per interval, not before', async () => {
    // stop() waits for a prune that has started: one second short of a day, none had
    const early = manualClock(NOW);
    const before = startPruneSchedule({ store, clock: early });
    early.advance(DAY_MS - 1);
    await before.stop();
    expect((await store.list(IMAGES)).items).toHaveLength(5);
    const clock = manualClock(NOW);
    const schedule = startPruneSchedule({ store, clock });
    clock.advance(DAY_MS);
    await schedule.stop();
    expect((await store.list(IMAGES)).items).toHaveLength(3);
  });
});
