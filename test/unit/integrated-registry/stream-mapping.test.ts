import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import type { Image, ImageStream } from '../../../src/api/types.js';
import { markVerified, VERIFIED_IMAGE_ANNOTATION } from '../../../src/api/image-trust.js';
import {
  createManagedImage,
  MANAGED_IMAGE_ANNOTATION,
  recordPushedTag,
  recordRefusedTag,
} from '../../../src/integrated-registry/stream-mapping.js';
import { IMAGE_STREAMS, IMAGES, NAMESPACES } from '../../../src/store/resource-types.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';

const HOST = '127.0.0.1:5000';
const digest = (c: string): string => `sha256:${c.repeat(64)}`;

function image(d: string, repo = 'ns/app'): Image {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'Image',
    metadata: { name: d },
    dockerImageReference: `${HOST}/${repo}@${d}`,
    dockerImageMetadata: { kind: 'DockerImage', apiVersion: '1.0', Config: { Env: ['A=1'] } },
    dockerImageMetadataVersion: '1.0',
  } as unknown as Image;
}

const now = new Date('2026-01-02T03:04:05Z');
const tagImages = (s: KubeObject | undefined, tag: string): string[] =>
  ((s as unknown as ImageStream | undefined)?.status?.tags?.find((t) => t.tag === tag)?.items ?? []).map(
    (i) => i.image,
  );

describe('the push mapping write', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openSqliteStore({ path: ':memory:' });
  });
  afterEach(async () => {
    await store.close();
  });

  it('creates the Image annotated as managed by the registry', async () => {
    expect(await createManagedImage(store, image(digest('a')))).toEqual({ changed: true });
    const stored = await store.get(IMAGES, undefined, digest('a'));
    expect(stored?.metadata.annotations?.[MANAGED_IMAGE_ANNOTATION]).toBe('true');
  });

  it('keeps an existing verified Image as it is', async () => {
    await store.create(IMAGES, markVerified(image(digest('a'))) as unknown as KubeObject);
    const before = await store.get(IMAGES, undefined, digest('a'));
    expect(await createManagedImage(store, image(digest('a')))).toEqual({ changed: false });
    expect((await store.get(IMAGES, undefined, digest('a')))?.metadata.resourceVersion).toBe(
      before?.metadata.resourceVersion,
    );
  });

  it('replaces an existing Image the server did not derive (made through a mapping)', async () => {
    const forged = image(digest('a'));
    (forged.dockerImageMetadata as { Config: { Env: string[] } }).Config.Env = ['FORGED=1'];
    await store.create(IMAGES, forged as unknown as KubeObject);
    expect(await createManagedImage(store, markVerified(image(digest('a'))))).toEqual({ changed: true });
    const stored = (await store.get(IMAGES, undefined, digest('a'))) as unknown as Image;
    expect(JSON.stringify(stored)).not.toContain('FORGED');
    expect(stored.metadata.annotations?.[VERIFIED_IMAGE_ANNOTATION]).toBe('true');
  });

  it('creates a missing stream (and its namespace) with the tag already recorded', async () => {
    await recordPushedTag(store, {
      namespace: 'ns',
      stream: 'app',
      tag: 'v1',
      image: image(digest('a')),
      now,
    });
    const stream = await store.get(IMAGE_STREAMS, 'ns', 'app');
    expect(tagImages(stream, 'v1')).toEqual([digest('a')]);
    const item = (stream as unknown as ImageStream).status?.tags?.[0]?.items?.[0];
    expect(item?.dockerImageReference).toBe(`${HOST}/ns/app@${digest('a')}`);
    expect(item?.generation).toBe(1);
    expect(item?.created).toBe('2026-01-02T03:04:05Z');
    expect(await store.get(NAMESPACES, undefined, 'ns')).toBeDefined();
  });

  it('prepends a new image to the history and writes nothing for a replay', async () => {
    const w = { namespace: 'ns', stream: 'app', tag: 'v1', now };
    await recordPushedTag(store, { ...w, image: image(digest('a')) });
    expect(await recordPushedTag(store, { ...w, image: image(digest('b')) })).toEqual({ changed: true });
    const before = await store.get(IMAGE_STREAMS, 'ns', 'app');
    expect(tagImages(before, 'v1')).toEqual([digest('b'), digest('a')]);
    expect(await recordPushedTag(store, { ...w, image: image(digest('b')) })).toEqual({ changed: false });
    expect((await store.get(IMAGE_STREAMS, 'ns', 'app'))?.metadata.resourceVersion).toBe(
      before?.metadata.resourceVersion,
    );
  });

  it('moves the spec tags tracking the pushed tag, as an ImageStreamMapping does', async () => {
    await store.create(IMAGE_STREAMS, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 'app', namespace: 'ns', generation: 3 },
      spec: { tags: [{ name: 'stable', from: { kind: 'ImageStreamTag', name: 'app:v1' }, generation: 2 }] },
      status: { dockerImageRepository: '' },
    });
    await recordPushedTag(store, {
      namespace: 'ns',
      stream: 'app',
      tag: 'v1',
      image: image(digest('c')),
      now,
    });
    const stream = await store.get(IMAGE_STREAMS, 'ns', 'app');
    expect(tagImages(stream, 'v1')).toEqual([digest('c')]);
    expect(tagImages(stream, 'stable')).toEqual([digest('c')]);
    // a tag without a spec takes the stream's generation
    expect(
      (stream as unknown as ImageStream).status?.tags?.find((t) => t.tag === 'v1')?.items?.[0]?.generation,
    ).toBe(3);
  });

  describe('a push the signature policy refused', () => {
    const refusal = {
      namespace: 'ns',
      stream: 'app',
      tag: 'v1',
      reason: 'SignatureMissing',
      message: `no cosign signature for ${HOST}/ns/app@${digest('b')}`,
      now,
    };
    const conditionsOf = (s: KubeObject | undefined) =>
      (s as unknown as ImageStream | undefined)?.status?.tags?.find((t) => t.tag === 'v1')?.conditions ?? [];

    it('keeps the tag, records ImportSuccess=False once, and creates a missing stream', async () => {
      expect(await recordRefusedTag(store, refusal)).toEqual({ changed: true });
      const created = await store.get(IMAGE_STREAMS, 'ns', 'app');
      expect(tagImages(created, 'v1')).toEqual([]);
      expect(conditionsOf(created)).toEqual([
        expect.objectContaining({ type: 'ImportSuccess', status: 'False', reason: 'SignatureMissing' }),
      ]);
      await recordPushedTag(store, {
        namespace: 'ns',
        stream: 'app',
        tag: 'v1',
        image: image(digest('a')),
        now,
      });
      expect(await recordRefusedTag(store, refusal)).toEqual({ changed: true });
      // the same refusal again (a replayed event) writes nothing: no second Warning Event
      expect(await recordRefusedTag(store, refusal)).toEqual({ changed: false });
      const stream = await store.get(IMAGE_STREAMS, 'ns', 'app');
      expect(tagImages(stream, 'v1')).toEqual([digest('a')]);
      expect(conditionsOf(stream)).toHaveLength(1);
    });

    it("clears the refusal when the tag's own image is pushed again", async () => {
      const w = { namespace: 'ns', stream: 'app', tag: 'v1', image: image(digest('a')), now };
      await recordPushedTag(store, w);
      await recordRefusedTag(store, refusal);
      expect(await recordPushedTag(store, w)).toEqual({ changed: true });
      const stream = await store.get(IMAGE_STREAMS, 'ns', 'app');
      expect(tagImages(stream, 'v1')).toEqual([digest('a')]);
      expect(conditionsOf(stream)).toEqual([]);
    });
  });
});
