/**
 * Pushes to the integrated registry (the real docker-registry `isctl serve --with-registry`
 * starts) into streams under a cosign signature policy: the Image is recorded, but the stream tag
 * moves only for a digest signed with the stream's key (or the namespace's `--cosign-keys-file`
 * key); otherwise the tag keeps its image, with ImportSuccess=False and a Warning Event, as an
 * import would. A signature pushed after the image (cosign signs after `docker push`) moves the
 * refused tag. Signatures are made as `cosign sign --key` makes them (test/support/registry/cosign.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import type { ImageStream } from '../../../src/api/types.js';
import { importerExtension, parseCosignKeysFile } from '../../../src/importer/index.js';
import {
  integratedRegistryExtension,
  type IntegratedRegistryExtension,
} from '../../../src/integrated-registry/index.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { IMAGE_STREAMS, IMAGES } from '../../../src/store/resource-types.js';
import { cosignKeyPair, cosignLayer, pushCosignSignatures } from '../../support/registry/cosign.js';
import type { PushTarget } from '../../support/registry/index.js';
import { prepareTagPush } from '../../support/registry/prepared-push.js';
import { until } from '../../support/until.js';
import { waitForObject } from './wait-for.js';

const ANNOTATION = 'imagestreams.io/verify-cosign-key';

const tagOf = (o: KubeObject | undefined, tag: string) =>
  (o as unknown as ImageStream | undefined)?.status?.tags?.find((t) => t.tag === tag);
const imagesOf = (o: KubeObject | undefined, tag: string) => (tagOf(o, tag)?.items ?? []).map((i) => i.image);
const refusalOf = (o: KubeObject | undefined, tag: string) =>
  tagOf(o, tag)?.conditions?.find((c) => c.type === 'ImportSuccess' && c.status === 'False');

interface EventList {
  items: { type: string; reason: string; message: string; involvedObject: { name: string } }[];
}

describe('integrated registry pushes under a signature policy', () => {
  let dataDir: string;
  let server: RunningServer;
  let ext: IntegratedRegistryExtension;
  let target: PushTarget;
  let host: string;
  const key = cosignKeyPair();
  const other = cosignKeyPair();
  const nsKey = cosignKeyPair();

  const signWith = (k: typeof key, repo: string, digest: string) =>
    pushCosignSignatures(target, repo, digest, [
      cosignLayer(k.privateKey, { dockerReference: `${host}/${repo}`, digest }),
    ]);
  const warnings = async (ns: string, name: string) =>
    ((await (await fetch(`${server.url}/api/v1/namespaces/${ns}/events`)).json()) as EventList).items.filter(
      (e) => e.type === 'Warning' && e.involvedObject.name === name,
    );
  const waitStream = (ns: string, name: string, predicate: (o: KubeObject) => boolean) =>
    waitForObject(server.store, IMAGE_STREAMS, ns, name, predicate);

  /** an image in a repository without a policy (its push is recorded there) */
  const pushElsewhere = async (tag: string) => {
    const push = await prepareTagPush(target, 'default/source', tag);
    await push.commit();
    await waitStream('default', 'source', (o) => imagesOf(o, tag)[0] === push.digest);
    return push.digest;
  };
  const apiCall = (method: string, path: string, body: unknown) =>
    fetch(`${server.url}/apis/image.openshift.io/v1/namespaces/default/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'signed-pushes-it-'));
    ext = integratedRegistryExtension({
      dataDir,
      listen: '127.0.0.1:0',
      restart: { initialDelayMs: 100, maxDelayMs: 1_000 },
    });
    const cosignKeys = parseCosignKeysFile(`prod: |\n${nsKey.publicPem.replace(/^/gm, '  ')}`);
    server = await startServer({
      listen: '127.0.0.1:0',
      dataDir,
      // the importer first: its signature settings are the ones pushes are checked against
      extensions: [importerExtension({ cosignKeys, controller: false, prune: false, schedule: false }), ext],
    });
    host = ext.registryHost() ?? '';
    target = { url: `http://${host}`, pushAuthorization: () => undefined };
    const res = await fetch(`${server.url}/apis/image.openshift.io/v1/namespaces/default/imagestreams`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        metadata: { name: 'app', annotations: { [ANNOTATION]: key.publicPem } },
        spec: {},
      }),
    });
    expect(res.status).toBe(201);
  });

  afterAll(async () => {
    await server?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('an unsigned push records the Image but does not move the tag (condition + Warning Event)', async () => {
    const push = await prepareTagPush(target, 'default/app', 'v1');
    await push.commit();
    const stream = await waitStream('default', 'app', (o) => refusalOf(o, 'v1') !== undefined);
    expect(imagesOf(stream, 'v1')).toEqual([]);
    expect(refusalOf(stream, 'v1')).toMatchObject({ reason: 'SignatureMissing' });
    expect(refusalOf(stream, 'v1')?.message).toContain(push.digest);
    expect(await server.store.get(IMAGES, undefined, push.digest)).toBeDefined();
    const events = await until(
      'a Warning Event',
      async () => {
        const w = await warnings('default', 'app');
        return w.length > 0 ? w : undefined;
      },
      5000,
    );
    expect(events[0]).toMatchObject({ reason: 'SignatureMissing' });
    expect(events[0]?.message).toContain('app:v1');
  });

  it('a push signed with the stream key moves the tag and clears the refusal', async () => {
    const push = await prepareTagPush(target, 'default/app', 'v1');
    await signWith(key, 'default/app', push.digest);
    await push.commit();
    const stream = await waitStream('default', 'app', (o) => imagesOf(o, 'v1')[0] === push.digest);
    expect(tagOf(stream, 'v1')?.conditions ?? []).toEqual([]);
    // cosign's own tag is not a stream tag of a stream under a policy
    expect(tagOf(stream, `${push.digest.replace(':', '-')}.sig`)).toBeUndefined();
  });

  it('a signature with another key keeps the last good image (SignatureInvalid)', async () => {
    const before = imagesOf(await server.store.get(IMAGE_STREAMS, 'default', 'app'), 'v1');
    const push = await prepareTagPush(target, 'default/app', 'v1');
    await signWith(other, 'default/app', push.digest);
    await push.commit();
    const stream = await waitStream('default', 'app', (o) => refusalOf(o, 'v1') !== undefined);
    expect(refusalOf(stream, 'v1')).toMatchObject({ reason: 'SignatureInvalid' });
    expect(imagesOf(stream, 'v1')).toEqual(before);
  });

  it('a signature pushed after the image (cosign sign after docker push) moves the refused tag', async () => {
    const push = await prepareTagPush(target, 'default/app', 'v2');
    await push.commit();
    await waitStream('default', 'app', (o) => refusalOf(o, 'v2')?.message?.includes(push.digest) === true);
    await signWith(key, 'default/app', push.digest);
    const stream = await waitStream('default', 'app', (o) => imagesOf(o, 'v2')[0] === push.digest);
    expect(tagOf(stream, 'v2')?.conditions ?? []).toEqual([]);
  });

  it("the namespace's --cosign-keys-file key applies to a stream the push creates", async () => {
    const unsigned = await prepareTagPush(target, 'prod/api', 'v1');
    await unsigned.commit();
    const refused = await waitStream('prod', 'api', (o) => refusalOf(o, 'v1') !== undefined);
    expect(imagesOf(refused, 'v1')).toEqual([]);
    expect(refusalOf(refused, 'v1')).toMatchObject({ reason: 'SignatureMissing' });

    const signed = await prepareTagPush(target, 'prod/api', 'v1');
    await signWith(nsKey, 'prod/api', signed.digest);
    await signed.commit();
    const moved = await waitStream('prod', 'api', (o) => imagesOf(o, 'v1')[0] === signed.digest);
    expect(tagOf(moved, 'v1')?.conditions ?? []).toEqual([]);
  });

  it('a stream without a policy still records every push, cosign tags included', async () => {
    const push = await prepareTagPush(target, 'open/app', 'v1');
    await push.commit();
    await waitStream('open', 'app', (o) => imagesOf(o, 'v1')[0] === push.digest);
    await signWith(key, 'open/app', push.digest);
    const sigTag = `${push.digest.replace(':', '-')}.sig`;
    const stream = await waitStream('open', 'app', (o) => imagesOf(o, sigTag).length > 0);
    expect(refusalOf(stream, 'v1')).toBeUndefined();
  });

  describe('ImageStreamMappings', () => {
    const mapTo = (stream: string, tag: string, digest: string, repo: string) =>
      fetch(`${server.url}/apis/image.openshift.io/v1/namespaces/default/imagestreammappings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          apiVersion: 'image.openshift.io/v1',
          kind: 'ImageStreamMapping',
          metadata: { name: stream },
          image: { metadata: { name: digest }, dockerImageReference: `${host}/${repo}@${digest}` },
          tag,
        }),
      });

    it('refuses an unsigned image with 403 naming the policy, and writes nothing', async () => {
      const digest = await pushElsewhere('m1');
      const res = await mapTo('app', 'mapped', digest, 'default/source');
      expect(res.status).toBe(403);
      const body = (await res.json()) as { reason: string; message: string };
      expect(body.reason).toBe('SignatureMissing');
      expect(body.message).toContain('signature policy of image stream default/app');
      expect(body.message).toContain(digest);
      expect(tagOf(await server.store.get(IMAGE_STREAMS, 'default', 'app'), 'mapped')).toBeUndefined();
    });

    it('refuses an image signed with another key (SignatureInvalid)', async () => {
      const digest = await pushElsewhere('m2');
      await signWith(other, 'default/source', digest);
      const res = await mapTo('app', 'mapped', digest, 'default/source');
      expect(res.status).toBe(403);
      expect(((await res.json()) as { reason: string }).reason).toBe('SignatureInvalid');
    });

    it("maps an image signed with the stream's key", async () => {
      const digest = await pushElsewhere('m3');
      await signWith(key, 'default/source', digest);
      const res = await mapTo('app', 'mapped', digest, 'default/source');
      expect(res.status).toBe(201);
      expect(imagesOf(await server.store.get(IMAGE_STREAMS, 'default', 'app'), 'mapped')).toEqual([digest]);
    });
  });

  describe('tags copied from another stream (from: ImageStreamTag)', () => {
    const istag = (name: string, from: string, method = 'POST') =>
      apiCall(method, method === 'POST' ? 'imagestreamtags' : `imagestreamtags/app:${name}`, {
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStreamTag',
        metadata: { name: `app:${name}` },
        tag: { name, from: { kind: 'ImageStreamTag', name: from } },
      });

    it('keeps an unsigned source image out of the tag, with the refusal as its condition', async () => {
      const digest = await pushElsewhere('c1');
      expect((await istag('copied', 'source:c1')).status).toBe(201);
      const stream = await server.store.get(IMAGE_STREAMS, 'default', 'app');
      expect(imagesOf(stream, 'copied')).toEqual([]);
      expect(refusalOf(stream, 'copied')).toMatchObject({ reason: 'SignatureMissing' });
      expect(refusalOf(stream, 'copied')?.message).toContain(digest);
    });

    it('copies a source image signed with the destination key, through a stream update', async () => {
      const digest = await pushElsewhere('c2');
      await signWith(key, 'default/source', digest);
      const current = (await (await apiCall('GET', 'imagestreams/app', undefined)).json()) as ImageStream;
      const tags = [
        ...(current.spec.tags ?? []),
        { name: 'copied2', from: { kind: 'ImageStreamTag', name: 'source:c2' } },
      ];
      const res = await apiCall('PUT', 'imagestreams/app', { ...current, spec: { ...current.spec, tags } });
      expect(res.status).toBe(200);
      const stream = await server.store.get(IMAGE_STREAMS, 'default', 'app');
      expect(imagesOf(stream, 'copied2')).toEqual([digest]);
      expect(refusalOf(stream, 'copied2')).toBeUndefined();
    });

    it('refuses a source signed with another key, keeping the tag on its image', async () => {
      const good = await pushElsewhere('c3');
      await signWith(key, 'default/source', good);
      expect((await istag('copied3', 'source:c3')).status).toBe(201);
      const bad = await pushElsewhere('c4');
      await signWith(other, 'default/source', bad);
      expect((await istag('copied3', 'source:c4', 'PUT')).status).toBe(200);
      const stream = await server.store.get(IMAGE_STREAMS, 'default', 'app');
      expect(imagesOf(stream, 'copied3')).toEqual([good]);
      expect(refusalOf(stream, 'copied3')).toMatchObject({ reason: 'SignatureInvalid' });
    });
  });
});
