/**
 * BuildConfigs as a source of the trigger skeleton: what a BuildConfig follows (its ImageChange
 * triggers' tags, the strategy's image for an empty `from`), that a tag move wakes exactly the
 * BuildConfigs following it, that an edit re-indexes, and that a reconcile fires at most one build
 * per change, skips paused triggers and does nothing without leadership.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildConfigFollows,
  buildConfigKey,
  buildConfigTriggerSource,
  createBuildTriggers,
} from '../../../src/builds/image-change-source.js';
import type { BuildConfig } from '../../../src/builds/schema.js';
import type { ImageStream } from '../../../src/api/types.js';
import { BUILD_CONFIGS, BUILDS, IMAGE_STREAMS } from '../../../src/store/resource-types.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import type { TriggerController } from '../../../src/triggers/skeleton/trigger-controller.js';
import { manualClock } from '../../support/manual-clock.js';
import { ForwardingStore } from '../../../src/store/forwarding-store.js';
import type { KubeObject } from '../../../src/api/object.js';
import type { ResourceType } from '../../../src/store/store.js';
import type { EventRecorder } from '../../../src/notifications/outbound/event-recorder.js';

const NS = 'team';
const digest = (c: string): string => `sha256:${c.repeat(64)}`;
const A = digest('a');
const B = digest('b');
const C = digest('c');
const ref = (d: string): string => `quay.io/org/base@${d}`;

type Trigger = NonNullable<BuildConfig['spec']['triggers']>[number];

/** `name` with its `latest` and `v1` tags at the given digests */
function stream(name: string, latest: string, v1: string, namespace = NS): ImageStream {
  const item = (d: string) => ({
    created: '2026-01-01T00:00:00Z',
    dockerImageReference: ref(d),
    image: d,
    generation: 1,
  });
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { namespace, name },
    spec: { lookupPolicy: { local: false }, tags: [] },
    status: {
      dockerImageRepository: '',
      tags: [
        { tag: 'latest', items: [item(latest)] },
        { tag: 'v1', items: [item(v1)] },
      ],
    },
  };
}

const imageChange = (from?: string, paused = false): Trigger => ({
  type: 'ImageChange',
  imageChange: { ...(from ? { from: { kind: 'ImageStreamTag', name: from } } : {}), paused },
});

/** a BuildConfig built from `base:latest`, already built once from `built` (when given) */
function buildConfig(name: string, triggers: Trigger[], built?: string): BuildConfig {
  return {
    apiVersion: 'build.openshift.io/v1',
    kind: 'BuildConfig',
    metadata: { namespace: NS, name },
    spec: {
      runPolicy: 'Serial',
      source: { type: 'Dockerfile', dockerfile: 'FROM base\n' },
      strategy: { type: 'Docker', dockerStrategy: { from: { kind: 'ImageStreamTag', name: 'base:latest' } } },
      output: {},
      triggers,
    },
    status: {
      lastVersion: built ? 1 : 0,
      ...(built
        ? { imageChangeTriggers: [{ from: { name: 'base:latest' }, lastTriggeredImageID: ref(built) }] }
        : {}),
    },
  };
}

let store: Store;
let triggers: TriggerController<BuildConfig> | undefined;
const clock = manualClock(Date.parse('2026-01-01T00:00:00Z'));
beforeEach(async () => {
  store = await openSqliteStore({ path: ':memory:' });
});
afterEach(async () => {
  await triggers?.stop();
  triggers = undefined;
  await store.close();
});

/** the skeleton with the real source, recording which BuildConfigs it reconciled */
function recording(isLeader?: () => boolean) {
  const reconciled: string[] = [];
  const real = buildConfigTriggerSource({ store, registryHost: () => undefined });
  const t = createBuildTriggers({
    store,
    registryHost: () => undefined,
    clock,
    ...(isLeader ? { isLeader } : {}),
    source: {
      ...real,
      async reconcile(key, follower) {
        reconciled.push(key);
        await real.reconcile(key, follower);
      },
    },
  });
  triggers = t;
  const ran = async (): Promise<string[]> => {
    await t.idle();
    return reconciled.splice(0).sort();
  };
  return { t, ran };
}

async function put(bc: BuildConfig): Promise<BuildConfig> {
  return store.create(BUILD_CONFIGS, bc);
}

const builds = async (): Promise<string[]> =>
  (await store.list(BUILDS, { namespace: NS })).items.map((b) => b.metadata.name).sort();

describe('buildConfigFollows', () => {
  it("follows each ImageChange trigger's tag, the strategy's image for an empty from", () => {
    const bc = buildConfig('web', [
      imageChange(),
      imageChange('other:v2'),
      {
        type: 'ImageChange',
        imageChange: { from: { kind: 'ImageStreamTag', name: 'x:y', namespace: 'ops' } },
      },
      { type: 'ConfigChange' },
    ]);
    expect(buildConfigFollows(bc)).toEqual([
      { namespace: NS, stream: 'base', tag: 'latest' },
      { namespace: NS, stream: 'other', tag: 'v2' },
      { namespace: 'ops', stream: 'x', tag: 'y' },
    ]);
  });

  it('follows nothing without an ImageChange trigger, or with a DockerImage strategy image', () => {
    expect(buildConfigFollows(buildConfig('web', [{ type: 'ConfigChange' }]))).toEqual([]);
    const docker = buildConfig('web', [imageChange()]);
    docker.spec.strategy.dockerStrategy = { from: { kind: 'DockerImage', name: 'quay.io/x/y:1' } };
    expect(buildConfigFollows(docker)).toEqual([]);
  });
});

describe('BuildConfigs on the trigger skeleton', () => {
  it('a tag move wakes exactly the BuildConfigs that follow it', async () => {
    const { t, ran } = recording();
    const all = [
      buildConfig('strategy', [imageChange()], A),
      buildConfig('explicit', [imageChange('base:v1')], A),
      buildConfig('other', [imageChange('other:latest')], A),
      buildConfig('config', [{ type: 'ConfigChange' }], A),
    ];
    for (const bc of all) t.upsert(buildConfigKey(bc), await put(bc));
    expect(await ran()).toEqual(['team/config', 'team/explicit', 'team/other', 'team/strategy']);
    t.onImageStreamChanged(stream('base', A, A));
    expect(await ran()).toEqual(['team/explicit', 'team/strategy']);

    t.onImageStreamChanged(stream('base', B, A));
    expect(await ran()).toEqual(['team/strategy']);
    t.onImageStreamChanged(stream('base', B, C));
    expect(await ran()).toEqual(['team/explicit']);
    // the same stream in another namespace: nobody here
    t.onImageStreamChanged(stream('base', C, C, 'ops'));
    expect(await ran()).toEqual([]);
  });

  it('a BuildConfig edited to follow another tag is re-indexed; an edit of nothing it reads wakes nobody', async () => {
    const { t, ran } = recording();
    const bc = await put(buildConfig('web', [imageChange('base:latest')], A));
    t.upsert(buildConfigKey(bc), bc);
    t.onImageStreamChanged(stream('base', A, A));
    await ran();

    t.upsert(buildConfigKey(bc), { ...bc, metadata: { ...bc.metadata, labels: { team: 'x' } } });
    expect(await ran()).toEqual([]);
    t.upsert(buildConfigKey(bc), { ...bc, spec: { ...bc.spec, triggers: [imageChange('base:v1')] } });
    expect(await ran()).toEqual(['team/web']);
    t.onImageStreamChanged(stream('base', B, A));
    expect(await ran()).toEqual([]);
    t.onImageStreamChanged(stream('base', B, B));
    expect(await ran()).toEqual(['team/web']);

    t.remove(buildConfigKey(bc));
    t.onImageStreamChanged(stream('base', C, C));
    expect(await ran()).toEqual([]);
  });

  it('fires one build per change, named after lastVersion, with the cause "Image change"', async () => {
    const { t, ran } = recording();
    await store.create(IMAGE_STREAMS, stream('base', B, A));
    const bc = await put(buildConfig('web', [imageChange()], A));
    t.upsert(buildConfigKey(bc), bc);
    await ran();
    expect(await builds()).toEqual(['web-2']);
    const build = await store.get(BUILDS, NS, 'web-2');
    expect(build?.spec.triggeredBy?.[0]?.message).toBe('Image change');
    expect(build?.spec.strategy.dockerStrategy?.from?.name).toBe(ref(B));

    // the same stream looked at again (a relist), and the BuildConfig as the build left it: no second build
    t.forgetStreams();
    t.onImageStreamChanged(stream('base', B, A));
    const after = await store.get(BUILD_CONFIGS, NS, 'web');
    t.upsert(buildConfigKey(bc), after!);
    // looked at (once or twice: the upsert may come while the stream's look runs), built nothing
    expect(new Set(await ran())).toEqual(new Set(['team/web']));
    expect(await builds()).toEqual(['web-2']);
  });

  it('a stale look at a BuildConfig starts no second build (instantiate names lastVersion)', async () => {
    const { t, ran } = recording();
    await store.create(IMAGE_STREAMS, stream('base', B, A));
    const bc = await put(buildConfig('web', [imageChange()], A));
    t.upsert(buildConfigKey(bc), bc);
    await ran();
    t.wake(buildConfigKey(bc));
    t.wake(buildConfigKey(bc));
    await ran();
    expect(await builds()).toEqual(['web-2']);
  });

  it('skips a paused trigger, and fires once it is resumed', async () => {
    const { t, ran } = recording();
    await store.create(IMAGE_STREAMS, stream('base', B, A));
    const bc = await put(buildConfig('web', [imageChange(undefined, true)], A));
    t.upsert(buildConfigKey(bc), bc);
    expect(await ran()).toEqual(['team/web']);
    expect(await builds()).toEqual([]);

    const resumed = await store.update(BUILD_CONFIGS, {
      ...bc,
      spec: { ...bc.spec, triggers: [imageChange()] },
    });
    t.upsert(buildConfigKey(resumed), resumed);
    expect(await ran()).toEqual(['team/web']);
    expect(await builds()).toEqual(['web-2']);
  });

  it('does not reconcile without leadership', async () => {
    let leader = false;
    const { t, ran } = recording(() => leader);
    await store.create(IMAGE_STREAMS, stream('base', B, A));
    const bc = await put(buildConfig('web', [imageChange()], A));
    t.upsert(buildConfigKey(bc), bc);
    t.onImageStreamChanged(stream('base', B, A));
    expect(await ran()).toEqual([]);
    expect(await builds()).toEqual([]);

    leader = true;
    t.wakeAll();
    expect(await ran()).toEqual(['team/web']);
    expect(await builds()).toEqual(['web-2']);
  });

  it('records a failed trigger as the Warning BuildConfigTriggerFailed on the BuildConfig, and retries', async () => {
    /** a store whose Build creates fail while `failing` is set */
    class FailingBuilds extends ForwardingStore {
      failing = true;
      override create<T extends KubeObject>(type: ResourceType<T>, obj: KubeObject): Promise<T> {
        if (this.failing && type.resource === BUILDS.resource) return Promise.reject(new Error('disk full'));
        return super.create(type, obj);
      }
    }
    const failing = new FailingBuilds(store);
    const recorded: Parameters<EventRecorder['record']>[] = [];
    const events: EventRecorder = {
      recordTagUpdated: () => Promise.resolve(undefined),
      record: (...args) => {
        recorded.push(args);
        return Promise.resolve(undefined);
      },
    };
    await store.create(IMAGE_STREAMS, stream('base', B, A));
    const bc = await put(buildConfig('web', [imageChange()], A));
    const t = createBuildTriggers({ store: failing, registryHost: () => undefined, clock, events });
    triggers = t;
    t.upsert(buildConfigKey(bc), bc);
    await t.idle();
    expect(recorded.length).toBeGreaterThan(0);
    const [involved, type, reason, message] = recorded[0]!;
    expect(involved).toMatchObject({
      kind: 'BuildConfig',
      apiVersion: 'build.openshift.io/v1',
      namespace: NS,
      name: 'web',
    });
    expect(type).toBe('Warning');
    expect(reason).toBe('BuildConfigTriggerFailed');
    expect(message).toBe('error triggering Build for BuildConfig team/web: disk full');
    expect(await builds()).toEqual([]);

    // the queue retries with backoff: once the store takes Builds again, the build starts
    failing.failing = false;
    await clock.advance(60_000);
    await t.idle();
    expect(await builds()).toEqual(['web-2']);
  });
});
