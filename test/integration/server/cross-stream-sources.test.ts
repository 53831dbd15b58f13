/**
 * A tag whose source is a tag of another stream, also in another namespace, copies that tag's
 * current image when it is set (as `oc tag dev/web:latest prod/web:live` does), through every
 * write path: the stream itself, and the imagestreamtags resource.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../support/api-server.js';

const G = '/apis/image.openshift.io/v1';
const digest = (c: string) => `sha256:${c.repeat(64)}`;

interface Stream {
  status?: { tags?: { tag: string; items: { image: string; dockerImageReference: string }[] | null }[] };
}

describe('tags copied from other streams', () => {
  let api: TestApiServer;
  const call = async (method: string, path: string, body?: object) => {
    const res = await fetch(`${api.url}${G}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const image = (s: Stream, tag: string) => s.status?.tags?.find((t) => t.tag === tag)?.items?.[0]?.image;

  beforeAll(async () => {
    api = await startTestApiServer();
    const stream = {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 'web' },
      spec: {},
    };
    expect((await call('POST', '/namespaces/dev/imagestreams', stream)).status).toBe(201);
    const mapping = {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamMapping',
      metadata: { name: 'web' },
      image: { metadata: { name: digest('a') }, dockerImageReference: `quay.io/team/web@${digest('a')}` },
      tag: 'latest',
    };
    expect((await call('POST', '/namespaces/dev/imagestreammappings', mapping)).status).toBe(201);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('copies the current image of a tag in another namespace when a stream is created with it', async () => {
    const created = await call('POST', '/namespaces/prod/imagestreams', {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 'web' },
      spec: {
        tags: [{ name: 'live', from: { kind: 'ImageStreamTag', name: 'web:latest', namespace: 'dev' } }],
      },
    });
    expect(created.status).toBe(201);
    expect(image(created.body as Stream, 'live')).toBe(digest('a'));
  });

  it('copies it through the imagestreamtags resource, creating the stream', async () => {
    const res = await call('POST', '/namespaces/staging/imagestreamtags', {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamTag',
      metadata: { name: 'web:candidate' },
      tag: { name: 'candidate', from: { kind: 'ImageStreamTag', name: 'web:latest', namespace: 'dev' } },
    });
    expect(res.status).toBe(201);
    const istag = await call('GET', '/namespaces/staging/imagestreamtags/web:candidate');
    expect(istag.status).toBe(200);
    expect((istag.body.image as { metadata: { name: string } }).metadata.name).toBe(digest('a'));
  });

  it('answers 422 naming the tag source when the source stream does not exist, and stores nothing', async () => {
    const res = await call('POST', '/namespaces/prod/imagestreams', {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 'orphan' },
      spec: {
        tags: [{ name: 'x', from: { kind: 'ImageStreamTag', name: 'missing:latest', namespace: 'dev' } }],
      },
    });
    expect(res.status).toBe(422);
    const causes = (res.body.details as { causes: { field: string }[] }).causes;
    expect(causes.some((c) => c.field === 'spec.tags[x].from.name')).toBe(true);
    expect((await call('GET', '/namespaces/prod/imagestreams/orphan')).status).toBe(404);
  });
});
