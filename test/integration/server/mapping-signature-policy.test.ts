/**
 * A server without the importer cannot verify signatures: an ImageStreamMapping into a stream
 * carrying a signature policy annotation is refused with 403 (fail closed), a tag copied into it
 * from another stream keeps its image with the refusal as condition; a stream without a policy
 * takes both as before. (With the importer, the check itself is tested in
 * test/integration/integrated-registry/signed-pushes.test.ts against the real registry.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { cosignKeyPair } from '../../support/registry/cosign.js';

const digest = `sha256:${'e'.repeat(64)}`;

describe('ImageStreamMappings without an importer', () => {
  let server: RunningServer;
  let dir: string;
  const api = () => `${server.url}/apis/image.openshift.io/v1/namespaces/default`;
  const post = (path: string, body: unknown) =>
    fetch(`${api()}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const stream = (name: string, annotations?: Record<string, string>) =>
    post('imagestreams', {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name, ...(annotations ? { annotations } : {}) },
    });
  const mapping = (name: string) =>
    post('imagestreammappings', {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamMapping',
      metadata: { name },
      image: { metadata: { name: digest }, dockerImageReference: `quay.io/example/${name}@${digest}` },
      tag: 'latest',
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mapping-policy-'));
    server = await startServer({ listen: '127.0.0.1:0', dataDir: dir });
  });

  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a mapping into a stream that requires signatures', async () => {
    const key = cosignKeyPair();
    expect((await stream('signed', { 'imagestreams.io/verify-cosign-key': key.publicPem })).status).toBe(201);
    const res = await mapping('signed');
    expect(res.status).toBe(403);
    const body = (await res.json()) as { reason: string; message: string };
    expect(body.reason).toBe('SignatureMissing');
    expect(body.message).toContain('default/signed requires signatures');
  });

  it('records a mapping into a stream without a policy', async () => {
    expect((await stream('open')).status).toBe(201);
    expect((await mapping('open')).status).toBe(201);
  });

  it('keeps a tag copied from another stream out of a stream that requires signatures', async () => {
    const res = await post('imagestreamtags', {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamTag',
      metadata: { name: 'signed:copy' },
      tag: { name: 'copy', from: { kind: 'ImageStreamTag', name: 'open:latest' } },
    });
    expect(res.status).toBe(201);
    const stream = (await (await fetch(`${api()}/imagestreams/signed`)).json()) as {
      status?: { tags?: { tag: string; items: unknown[] | null; conditions?: { reason?: string }[] }[] };
    };
    const copy = stream.status?.tags?.find((t) => t.tag === 'copy');
    expect(copy?.items ?? []).toEqual([]);
    expect(copy?.conditions?.[0]?.reason).toBe('SignatureMissing');
  });
});
