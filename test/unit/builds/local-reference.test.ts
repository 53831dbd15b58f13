/**
 * A build's ImageStreamTag with the Local reference policy resolves to the registry serving the
 * streams (`<host>/<namespace>/<stream>@<digest>`), as OpenShift's ResolveLatestTaggedImage does
 * for builds; without a registry host, to its source.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { instantiate } from '../../../src/builds/instantiate.js';
import type { BuildConfig } from '../../../src/builds/schema.js';
import { resolveStreamTagImage } from '../../../src/builds/stream-tag-image.js';
import { fireTriggers } from '../../../src/builds/triggers.js';
import { BUILD_CONFIGS, BUILDS, IMAGE_STREAMS } from '../../../src/store/resource-types.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';

const NS = 'team';
const DIGEST = `sha256:${'b'.repeat(64)}`;
const SOURCE = `quay.io/org/base@${DIGEST}`;
const HOST = '127.0.0.1:5000';
const LOCAL = `${HOST}/${NS}/base@${DIGEST}`;

const stream = (policy: 'Local' | 'Source') => ({
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: { namespace: NS, name: 'base' },
  spec: { tags: [{ name: 'latest', referencePolicy: { type: policy } }] },
  status: {
    dockerImageRepository: '',
    tags: [
      {
        tag: 'latest',
        items: [
          { created: '2026-01-01T00:00:00Z', dockerImageReference: SOURCE, image: DIGEST, generation: 1 },
        ],
      },
    ],
  },
});

const buildConfig = {
  apiVersion: 'build.openshift.io/v1',
  kind: 'BuildConfig',
  metadata: { namespace: NS, name: 'web' },
  spec: {
    runPolicy: 'Serial',
    source: { type: 'Dockerfile', dockerfile: 'FROM base\n' },
    strategy: { type: 'Docker', dockerStrategy: { from: { kind: 'ImageStreamTag', name: 'base:latest' } } },
    output: {},
    triggers: [{ type: 'ImageChange', imageChange: {} }],
  },
  status: { lastVersion: 0 },
};

const request = { apiVersion: 'build.openshift.io/v1', kind: 'BuildRequest', metadata: { name: 'web' } };

let store: Store;
beforeEach(async () => {
  store = await openSqliteStore({ path: ':memory:' });
});
afterEach(async () => store.close());

const builtFrom = async (): Promise<string[]> =>
  (
    (await store.list(BUILDS, { namespace: NS })).items as unknown as {
      spec: { strategy: BuildConfig['spec']['strategy'] };
    }[]
  ).map((b) => b.spec.strategy.dockerStrategy?.from?.name ?? '');

describe('a build from an ImageStreamTag', () => {
  it('resolves a Local tag to the registry serving the streams, by digest', async () => {
    await store.create(IMAGE_STREAMS, stream('Local'));
    expect(await resolveStreamTagImage(store, NS, 'base:latest', () => HOST)).toEqual({
      reference: LOCAL,
      digest: DIGEST,
    });
  });

  it('resolves a Local tag to its source when no registry serves the streams (as before)', async () => {
    await store.create(IMAGE_STREAMS, stream('Local'));
    expect((await resolveStreamTagImage(store, NS, 'base:latest', () => undefined))?.reference).toBe(SOURCE);
  });

  it('resolves a Source tag to its source even with a registry', async () => {
    await store.create(IMAGE_STREAMS, stream('Source'));
    expect((await resolveStreamTagImage(store, NS, 'base:latest', () => HOST))?.reference).toBe(SOURCE);
  });

  it('instantiates with the Local pull spec and records it as the trigger image', async () => {
    await store.create(IMAGE_STREAMS, stream('Local'));
    await store.create(BUILD_CONFIGS, buildConfig);
    const build = await instantiate(store, NS, 'web', request, { registryHost: () => HOST });
    expect(build.spec.strategy.dockerStrategy?.from).toEqual({ kind: 'DockerImage', name: LOCAL });
    const bc = (await store.get(BUILD_CONFIGS, NS, 'web')) as unknown as BuildConfig;
    expect(bc.status?.imageChangeTriggers?.[0]?.lastTriggeredImageID).toBe(LOCAL);
  });

  it('fires an ImageChange trigger once for a Local tag: the image it compares is the one it records', async () => {
    await store.create(IMAGE_STREAMS, stream('Local'));
    await store.create(BUILD_CONFIGS, { ...buildConfig, status: { lastVersion: 1 } });
    const current = async () => (await store.get(BUILD_CONFIGS, NS, 'web')) as unknown as BuildConfig;
    expect(await fireTriggers(store, await current(), () => HOST)).toBe(true);
    expect(await fireTriggers(store, await current(), () => HOST)).toBe(false);
    expect(await builtFrom()).toEqual([LOCAL]);
  });
});
