/**
 * migrateStore from a real SQLite store to a real etcd: everything is copied with its identity
 * and content, a second run skips it all, and a differing object in the target is reported, not
 * overwritten.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import { openEtcdStore } from '../../../src/store/etcd/etcd-store.js';
import { migrateStore, type MigrateProgress } from '../../../src/store/migrate.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { ResourceType, Store } from '../../../src/store/store.js';
import { startEtcd, type EtcdCluster } from '../../support/etcd.js';

const IS: ResourceType = { group: 'image.openshift.io', resource: 'imagestreams', namespaced: true };
const IMAGES: ResourceType = { group: 'image.openshift.io', resource: 'images', namespaced: false };

function imageStream(i: number): KubeObject {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: {
      name: `app-${i}`,
      namespace: `ns-${i % 4}`,
      generation: 3,
      labels: { team: `t${i % 3}` },
      annotations: { 'openshift.io/display-name': `App ${i}` },
    },
    spec: {
      lookupPolicy: { local: false },
      tags: [{ name: 'latest', from: { kind: 'DockerImage', name: `r/app-${i}:latest` } }],
    },
    status: {
      dockerImageRepository: `r/app-${i}`,
      tags: [{ tag: 'latest', items: [{ image: `sha256:${i}`, generation: 3 }] }],
    },
  };
}

function image(i: number): KubeObject {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'Image',
    metadata: { name: `sha256:${i}` },
    dockerImageReference: `r/app@sha256:${i}`,
  };
}

const withoutRv = (o: KubeObject): KubeObject => {
  const { resourceVersion: _rv, ...metadata } = o.metadata;
  return { ...o, metadata };
};

describe('migrateStore sqlite -> etcd', () => {
  let etcd: EtcdCluster;
  let dir: string;
  let from: Store;
  let to: Store;

  beforeAll(async () => {
    etcd = await startEtcd();
    dir = await mkdtemp(join(tmpdir(), 'imagestreams-migrate-'));
    from = await openSqliteStore({ path: join(dir, 'source.db') });
    to = await openEtcdStore({ endpoints: etcd.endpoints, compactionIntervalMs: 0 });
    for (let i = 0; i < 1_100; i++) await from.create(IS, imageStream(i));
    for (let i = 0; i < 30; i++) await from.create(IMAGES, image(i));
  });
  afterAll(async () => {
    await to?.close();
    await from?.close();
    await etcd?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('copies every object with uid, creationTimestamp, labels, annotations, spec and status', async () => {
    const progress: MigrateProgress[] = [];
    const result = await migrateStore(from, to, [IS, IMAGES], { onProgress: (p) => progress.push(p) });
    expect(result).toEqual({ copied: 1_130, skipped: 0, conflicts: [] });
    expect(progress.filter((p) => p.type === IS).at(-1)).toMatchObject({ copied: 1_100 });
    expect(progress.length).toBeGreaterThan(2); // reported per page
    const source = (await from.list(IS)).items.map(withoutRv);
    const target = (await to.list(IS)).items.map(withoutRv);
    expect(target).toEqual(source);
    expect((await to.list(IMAGES)).items.map(withoutRv)).toEqual(
      (await from.list(IMAGES)).items.map(withoutRv),
    );
    const one = await to.get(IS, 'ns-1', 'app-5');
    expect(one?.metadata.uid).toBe((await from.get(IS, 'ns-1', 'app-5'))?.metadata.uid);
  });

  it('skips everything on a second run and reports an object that differs in the target', async () => {
    const changed = await to.get(IS, 'ns-2', 'app-2');
    await to.update(IS, { ...changed!, spec: { edited: true } });
    const before = await to.currentResourceVersion();
    const result = await migrateStore(from, to, [IS, IMAGES]);
    expect(result.copied).toBe(0);
    expect(result.skipped).toBe(1_129);
    expect(result.conflicts).toEqual([
      {
        type: 'imagestreams.image.openshift.io',
        namespace: 'ns-2',
        name: 'app-2',
        reason: 'content differs',
      },
    ]);
    expect(await to.currentResourceVersion()).toBe(before);
    expect((await to.get(IS, 'ns-2', 'app-2'))?.spec).toEqual({ edited: true });
  });
});
