/**
 * A user cannot poison another namespace's Image metadata: one who creates the Image of a digest
 * first, through imagestreammappings, with a fake reference, Env, Labels and annotations, sees it
 * replaced by what the registry serves as soon as another namespace imports the digest, and that
 * namespace's istag shows the registry's metadata only. Real docker-registry, real API server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importerExtension } from '../../../src/importer/index.js';
import {
  integratedRegistryExtension,
  type IntegratedRegistryExtension,
} from '../../../src/integrated-registry/index.js';
import { IMAGE_STREAMS } from '../../../src/store/resource-types.js';
import { waitForObject } from '../integrated-registry/wait-for.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { pushImage, startRegistry, type TestRegistry } from '../../support/registry/index.js';

interface ImageView {
  metadata: { name: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  dockerImageReference?: string;
  dockerImageMetadata?: { Config?: { Env?: string[]; Labels?: Record<string, string> } };
}

describe('poisoned Image metadata through imagestreammappings', () => {
  let registry: TestRegistry;
  let server: RunningServer;
  let dir: string;
  const api = (ns: string) => `${server.url}/apis/image.openshift.io/v1/namespaces/${ns}`;
  const post = (url: string, body: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    registry = await startRegistry({ auth: 'none' });
    dir = mkdtempSync(join(tmpdir(), 'poisoned-image-'));
    server = await startServer({
      listen: '127.0.0.1:0',
      dataDir: dir,
      extensions: [importerExtension({ schedule: false, prune: false })],
    });
  });

  afterAll(async () => {
    await server?.close();
    await registry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the registry metadata in the importing namespace, never the forged one', async () => {
    const pushed = await pushImage(registry, 'team/app', 'v1', {
      env: ['REAL=1'],
      labels: { origin: 'registry' },
    });
    // the attacker's namespace: a stream, and a mapping that creates the Image of that digest first
    expect((await post(`${api('attacker')}/imagestreams`, { metadata: { name: 'bait' } })).status).toBe(201);
    const mapping = await post(`${api('attacker')}/imagestreammappings`, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamMapping',
      metadata: { name: 'bait' },
      tag: 'latest',
      image: {
        metadata: {
          name: pushed.digest,
          annotations: { forged: 'yes', 'imagestreams.io/verified-from-registry': 'true' },
          labels: { forged: 'yes' },
        },
        dockerImageReference: `evil.example/fake@${pushed.digest}`,
        dockerImageMetadata: {
          kind: 'DockerImage',
          apiVersion: '1.0',
          Config: { Env: ['FORGED=1', 'PATH=/evil'], Labels: { forged: 'yes' } },
        },
        dockerImageMetadataVersion: '1.0',
      },
    });
    expect(mapping.status).toBe(201);
    const before = (await (
      await fetch(`${server.url}/apis/image.openshift.io/v1/images/${pushed.digest}`)
    ).json()) as ImageView;
    expect(before.dockerImageMetadata?.Config?.Env).toContain('FORGED=1');

    // the victim imports the same digest from the registry
    const imported = await post(`${api('victim')}/imagestreamimports`, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamImport',
      metadata: { name: 'app' },
      spec: {
        import: true,
        images: [
          {
            from: { kind: 'DockerImage', name: `${registry.host}/team/app@${pushed.digest}` },
            to: { name: 'v1' },
            importPolicy: { insecure: true },
          },
        ],
      },
    });
    expect(imported.status).toBeLessThan(300);

    const istag = (await (await fetch(`${api('victim')}/imagestreamtags/app:v1`)).json()) as {
      image: ImageView;
    };
    const text = JSON.stringify(istag);
    expect(istag.image.metadata.name).toBe(pushed.digest);
    expect(istag.image.dockerImageMetadata?.Config?.Env).toContain('REAL=1');
    expect(istag.image.dockerImageMetadata?.Config?.Labels).toMatchObject({ origin: 'registry' });
    expect(text).not.toMatch(/FORGED|forged|evil\.example|\/evil/);

    // the stored Image itself was replaced: every namespace now sees the registry's metadata
    const image = (await (
      await fetch(`${server.url}/apis/image.openshift.io/v1/images/${pushed.digest}`)
    ).json()) as ImageView;
    expect(JSON.stringify(image)).not.toMatch(/FORGED|forged|evil\.example/);
    expect(image.dockerImageReference).toBe(`${registry.host}/team/app@${pushed.digest}`);
  });
});

describe('poisoned Image metadata and the integrated registry', () => {
  let scratch: TestRegistry;
  let server: RunningServer;
  let integrated: IntegratedRegistryExtension;
  let dir: string;

  beforeAll(async () => {
    scratch = await startRegistry({ auth: 'none' });
    dir = mkdtempSync(join(tmpdir(), 'poisoned-image-integrated-'));
    integrated = integratedRegistryExtension({ dataDir: dir, listen: '127.0.0.1:0' });
    server = await startServer({ listen: '127.0.0.1:0', dataDir: dir, extensions: [integrated] });
  });

  afterAll(async () => {
    await server?.close();
    await scratch?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a push of the digest replaces the forged Image with what the registry holds', async () => {
    const content = { env: ['REAL=1'], nonce: 'fixed-for-digest', layers: [Buffer.from('one fixed layer')] };
    // the digest is known before the push (the same manifest anywhere): learn it on a scratch registry
    const { digest } = await pushImage(scratch, 'x/y', 'v1', content);
    const api = `${server.url}/apis/image.openshift.io/v1/namespaces/attacker`;
    const post = (url: string, body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post(`${api}/imagestreams`, { metadata: { name: 'bait' } })).status).toBe(201);
    const mapped = await post(`${api}/imagestreammappings`, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamMapping',
      metadata: { name: 'bait' },
      tag: 'latest',
      image: {
        metadata: { name: digest, annotations: { forged: 'yes' } },
        dockerImageReference: `evil.example/fake@${digest}`,
        dockerImageMetadata: { kind: 'DockerImage', apiVersion: '1.0', Config: { Env: ['FORGED=1'] } },
        dockerImageMetadataVersion: '1.0',
      },
    });
    expect(mapped.status).toBe(201);

    const registryHost = integrated.registryHost() ?? '';
    await pushImage(
      { url: `http://${registryHost}`, pushAuthorization: () => undefined },
      'victim/app',
      'v1',
      content,
    );
    await waitForObject(server.store, IMAGE_STREAMS, 'victim', 'app', (o) =>
      JSON.stringify(o).includes(digest),
    );
    const istag = await (
      await fetch(`${server.url}/apis/image.openshift.io/v1/namespaces/victim/imagestreamtags/app:v1`)
    ).text();
    expect(istag).toContain('REAL=1');
    expect(istag).not.toMatch(/FORGED|forged|evil\.example/);
  });
});
