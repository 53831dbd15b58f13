import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../../support/manual-clock.js';
import { createImportService, IMAGE_STREAMS } from '../../../../src/importer/import-service.js';
import type { ImportRegistryClient } from '../../../../src/importer/resolve-image.js';
import {
  memoryCheckpoints,
  startScheduledImportController,
  type CheckpointStore,
  type ScheduledImportController,
} from '../../../../src/importer/schedule/index.js';
import {
  createRegistryAllowList,
  type RegistryAllowList,
} from '../../../../src/importer/allowed-registries.js';
import { openSqliteStore } from '../../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../../src/store/store.js';
import { FakeRegistry } from '../support/fake-registry.js';
import { storedStream } from '../../../support/image-stream.js';

const REPO = 'reg.test:5000/team/app';
const START = Date.parse('2026-11-27T03:00:00Z');
const I = 60_000;
const CHECK = 'openshift.io/image.dockerRepositoryCheck';

const settle = async () => {
  for (let i = 0; i < 40; i++) await new Promise((r) => setImmediate(r));
};

describe('scheduled import controller', () => {
  let dir: string;
  let store: Store;
  let registry: FakeRegistry;
  let clock: ReturnType<typeof manualClock>;
  let controllers: ScheduledImportController[] = [];

  let allow: RegistryAllowList | undefined;
  const service = (client: ImportRegistryClient) =>
    createImportService({
      store,
      client,
      now: () => new Date(clock.now()),
      ...(allow ? { allowList: allow } : {}),
    });

  async function importTag(name: string, tag: string, from: string): Promise<void> {
    await service(registry).importImages('ns', {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamImport',
      metadata: { name },
      spec: {
        import: true,
        images: [
          { from: { kind: 'DockerImage', name: from }, to: { name: tag }, importPolicy: { scheduled: true } },
        ],
      },
    });
  }

  async function start(
    checkpoints: CheckpointStore = memoryCheckpoints(),
    catchUpMs = 20_000,
    allowList?: RegistryAllowList,
  ) {
    const c = startScheduledImportController({
      ...(allowList ? { allowList } : {}),
      store,
      client: registry,
      importServiceFor: service,
      clock,
      intervalMs: I,
      maxPerMinute: -1,
      checkpoints,
      catchUpMs,
      rewatchDelayMs: 10,
    });
    controllers.push(c);
    await c.ready();
    return c;
  }

  async function advance(ms: number, step = 1000) {
    for (let t = 0; t < ms; t += step) {
      clock.advance(Math.min(step, ms - t));
      await settle();
    }
  }

  const stream = (name: string) => storedStream(store, 'ns', name);
  const heads = () => registry.calls.filter((c) => c.op === 'head').length;
  const gets = () => registry.calls.filter((c) => c.op === 'get').length;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scheduled-import-'));
    store = await openSqliteStore({ path: join(dir, 'db.sqlite') });
    registry = new FakeRegistry();
    clock = manualClock(START);
    allow = undefined;
  });
  afterEach(async () => {
    for (const c of controllers) await c.stop();
    controllers = [];
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('re-checks unchanged tags with one HEAD per check shared by every stream following the reference, writing nothing', async () => {
    registry.pushImage(REPO, 'latest', { seed: 'a' });
    await importTag('one', 'latest', `${REPO}:latest`);
    await importTag('two', 'live', `${REPO}:latest`);
    const before = [
      (await stream('one')).metadata.resourceVersion,
      (await stream('two')).metadata.resourceVersion,
    ];
    registry.calls = [];
    const c = await start();
    expect(c.stats()).toMatchObject({ tags: 2, groups: 1 });
    await advance(3 * I);
    expect(heads()).toBeGreaterThanOrEqual(2);
    expect(heads()).toBeLessThanOrEqual(3);
    expect(registry.calls.every((call) => call.op === 'head')).toBe(true);
    expect([
      (await stream('one')).metadata.resourceVersion,
      (await stream('two')).metadata.resourceVersion,
    ]).toEqual(before);
  });

  it('imports a changed digest into the history of every stream following the reference', async () => {
    registry.pushImage(REPO, 'latest', { seed: 'a' });
    await importTag('one', 'latest', `${REPO}:latest`);
    await importTag('two', 'live', `${REPO}:latest`);
    await start();
    const moved = registry.pushImage(REPO, 'latest', { seed: 'b' });
    registry.calls = [];
    await advance(I + 1000);
    for (const [name, tag] of [
      ['one', 'latest'],
      ['two', 'live'],
    ] as const) {
      const items = (await stream(name)).status?.tags?.find((t) => t.tag === tag)?.items ?? [];
      expect(items.map((i) => i.image)[0]).toBe(moved);
      expect(items).toHaveLength(2);
    }
    expect(gets()).toBeGreaterThanOrEqual(1);
  });

  it('does not re-check a tag pinned to a digest once it has an image', async () => {
    const digest = registry.pushImage(REPO, 'latest', { seed: 'a' });
    await importTag('pinned', 'v1', `${REPO}@${digest}`);
    registry.calls = [];
    const c = await start();
    expect(c.stats().tags).toBe(0);
    await advance(3 * I);
    expect(registry.calls).toEqual([]);
  });

  it('postpones the next scheduled check after a manual import', async () => {
    registry.pushImage(REPO, 'latest', { seed: 'a' });
    await importTag('one', 'latest', `${REPO}:latest`);
    const c = await start();
    const due = c.nextCheck('ns/one:latest')!;
    // a manual import of a new digest just before the check was due
    await advance(due - clock.now() - 5000);
    registry.pushImage(REPO, 'latest', { seed: 'b' });
    await importTag('one', 'latest', `${REPO}:latest`);
    await settle();
    const later = c.nextCheck('ns/one:latest')!;
    expect(later).toBeGreaterThanOrEqual(clock.now() + I / 2);
    registry.calls = [];
    await advance(10_000);
    expect(heads()).toBe(0);
  });

  it('checks at once when a user moves the dockerRepositoryCheck annotation back', async () => {
    registry.pushImage(REPO, 'latest', { seed: 'a' });
    await importTag('one', 'latest', `${REPO}:latest`);
    await start();
    await advance(1000);
    registry.calls = [];
    const s = await stream('one');
    s.metadata.annotations = { ...s.metadata.annotations, [CHECK]: '2020-01-01T00:00:00Z' };
    await store.update(IMAGE_STREAMS, s);
    await settle();
    await advance(1000);
    expect(heads()).toBe(1);
  });

  it('after a restart keeps the schedule: no check fires before its slot when the checkpoint covers the past', async () => {
    for (let i = 0; i < 20; i++) registry.pushImage(REPO, `t${i}`, { seed: 'a' });
    for (let i = 0; i < 20; i++) await importTag(`s${i}`, 'latest', `${REPO}:t${i}`);
    const checkpoints = memoryCheckpoints();
    const first = await start(checkpoints);
    await advance(3 * I); // every group checked at least twice: the stored times are now old
    await first.stop();
    controllers = [];
    const saved = checkpoints.current();
    expect(saved?.checkedThroughMs).toBe(clock.now());
    // down for 5 s: at most the slots inside those 5 s are owed
    clock.advance(5000);
    registry.calls = [];
    // a short catch-up window: were the past slots taken as missed, all 20 would fire in it
    const second = await start(checkpoints, 2000);
    await advance(2000, 500);
    // only the slots of the 5 s down and the 2 s since (about 7/60 of 20 tags)
    expect(heads()).toBeLessThanOrEqual(6);
    const dues = Array.from({ length: 20 }, (_, i) => second.nextCheck(`ns/s${i}:latest`)!);
    expect(dues.every((d) => d <= clock.now() + I)).toBe(true);
    await advance(I);
    // every tag is checked again within one interval of the restart, none skipped
    const checked = new Set(registry.calls.filter((c) => c.op === 'head').map((c) => c.ref));
    expect(checked.size).toBe(20);
    expect(heads()).toBeLessThanOrEqual(24);
  });

  it('without a checkpoint catches overdue checks up over a short window, not all at once', async () => {
    for (let i = 0; i < 20; i++) registry.pushImage(REPO, `t${i}`, { seed: 'a' });
    for (let i = 0; i < 20; i++) await importTag(`s${i}`, 'latest', `${REPO}:t${i}`);
    clock.advance(10 * I);
    registry.calls = [];
    await start();
    clock.advance(0);
    await settle();
    expect(heads()).toBeLessThanOrEqual(3);
    await advance(20_000);
    expect(new Set(registry.calls.filter((c) => c.op === 'head').map((c) => c.ref)).size).toBe(20);
  });

  it('never asks a registry that --allowed-registries does not allow, and records why on the tag', async () => {
    registry.pushImage(REPO, 'latest', { seed: 'a' });
    await importTag('one', 'latest', `${REPO}:latest`);
    registry.calls = [];
    allow = createRegistryAllowList(['quay.io']);
    await start(memoryCheckpoints(), 20_000, allow);
    await advance(I + 1000);
    expect(registry.calls).toEqual([]);
    const s = await stream('one');
    expect(s.status?.tags?.[0]?.conditions?.[0]?.reason).toBe('Forbidden');
  });
});
