/** --allowed-registries refuses, at write time, spec tags pointing outside the list (422 Forbidden), as OpenShift does. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importerExtension } from '../../../src/importer/index.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { kubeconfigYaml, runKubectl } from '../../support/api-server.js';
import { writeFile } from 'node:fs/promises';

let dir: string;
let server: RunningServer;
let kubeconfig: string;

const base = () => `${server.url}/apis/image.openshift.io/v1/namespaces/default`;

async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base()}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const stream = (name: string, tags: { name: string; from: string }[]) => ({
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: { name },
  spec: { tags: tags.map((t) => ({ name: t.name, from: { kind: 'DockerImage', name: t.from } })) },
});

const causes = (body: Record<string, unknown>) =>
  (body.details as { causes?: { field: string; message: string; reason: string }[] }).causes ?? [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imagestreams-allowed-'));
  server = await startServer({
    listen: '127.0.0.1:0',
    dataDir: dir,
    extensions: [
      importerExtension({
        allowedRegistries: ['quay.io', '*.example.com'],
        controller: false,
        schedule: false,
        prune: false,
      }),
    ],
  });
  kubeconfig = join(dir, 'kubeconfig');
  await writeFile(kubeconfig, kubeconfigYaml(server.url, undefined));
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('--allowed-registries at write time', () => {
  it('refuses to create a stream whose tag points outside the list, naming the tag', async () => {
    const r = await call(
      'POST',
      '/imagestreams',
      stream('web', [{ name: 'latest', from: 'docker.io/library/nginx:1' }]),
    );
    expect(r.status).toBe(422);
    expect(causes(r.body)).toEqual([
      {
        reason: 'FieldValueForbidden',
        field: 'spec.tags[latest].from.name',
        message: 'Forbidden: registry "docker.io" not allowed by whitelist: "quay.io", "*.example.com"',
      },
    ]);
    expect((await call('GET', '/imagestreams/web')).status).toBe(404);
  });

  it('shows the refusal through kubectl', async () => {
    const manifest = JSON.stringify(stream('kube', [{ name: 'v1', from: 'ghcr.io/team/app:v1' }]));
    const r = await runKubectl(kubeconfig, ['create', '-f', '-'], { input: manifest });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'spec.tags[v1].from.name: Forbidden: registry "ghcr.io" not allowed by whitelist',
    );
  });

  it('accepts allowed registries', async () => {
    const ok = await call(
      'POST',
      '/imagestreams',
      stream('app', [
        { name: 'a', from: 'quay.io/team/app:1' },
        { name: 'b', from: 'r.example.com/x:1' },
      ]),
    );
    expect(ok.status).toBe(201);
  });

  it('checks only new or changed tags: a stream stored before the list narrowed stays editable', async () => {
    const check = server.context.settings.registryNotAllowed;
    delete server.context.settings.registryNotAllowed;
    expect(
      (await call('POST', '/imagestreams', stream('old', [{ name: 'x', from: 'docker.io/library/nginx:1' }])))
        .status,
    ).toBe(201);
    server.context.settings.registryNotAllowed = check;
    const current = (await call('GET', '/imagestreams/old')).body as { spec: { tags: unknown[] } };
    current.spec.tags.push({ name: 'y', from: { kind: 'DockerImage', name: 'quay.io/team/y:1' } });
    expect((await call('PUT', '/imagestreams/old', current)).status).toBe(200);
  });

  it('refuses an update that points a tag outside the list', async () => {
    const current = (await call('GET', '/imagestreams/app')).body as {
      spec: { tags: { name: string; from: { name: string } }[] };
    };
    current.spec.tags[0]!.from.name = 'docker.io/library/redis:7';
    const r = await call('PUT', '/imagestreams/app', current);
    expect(r.status).toBe(422);
    expect(causes(r.body).map((c) => c.field)).toEqual(['spec.tags[a].from.name']);
  });

  it('refuses imagestreamtags and imagetags that set such a from, on their own field', async () => {
    const istag = await call('POST', '/imagestreamtags', {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamTag',
      metadata: { name: 'app:c' },
      tag: { name: 'c', from: { kind: 'DockerImage', name: 'docker.io/library/redis:7' } },
    });
    expect(istag.status).toBe(422);
    expect(causes(istag.body)).toEqual([
      expect.objectContaining({ field: 'tag.from.name', reason: 'FieldValueForbidden' }),
    ]);
    const itag = await call('POST', '/imagetags', {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageTag',
      metadata: { name: 'app:d' },
      spec: { name: 'd', from: { kind: 'DockerImage', name: 'evil.com/x:1' } },
    });
    expect(itag.status).toBe(422);
    expect(causes(itag.body)).toEqual([
      expect.objectContaining({ field: 'spec.from.name', reason: 'FieldValueForbidden' }),
    ]);
    const allowed = await call('POST', '/imagestreamtags', {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamTag',
      metadata: { name: 'app:e' },
      tag: { name: 'e', from: { kind: 'DockerImage', name: 'quay.io/team/app:2' } },
    });
    expect(allowed.status).toBe(201);
  });
});
