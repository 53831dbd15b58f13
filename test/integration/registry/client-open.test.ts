/**
 * The registry client against a real, open docker-registry over plain HTTP: manifests by tag
 * and digest, image config, indexes in both formats, tags, missing things, the insecure rule,
 * request accounting, and an independent client (skopeo) agreeing on digests.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRegistryClient,
  MediaType,
  RegistryError,
  type RegistryClient,
} from '../../../src/registry/index.js';
import { pushImage, pushIndex, startRegistry, type TestRegistry } from '../../support/registry/index.js';

const run = promisify(execFile);
const insecure = { insecure: true };

let reg: TestRegistry;
let client: RegistryClient;

beforeAll(async () => {
  reg = await startRegistry({ auth: 'none' });
});
afterAll(async () => {
  await client?.close();
  await reg?.stop();
});

function repo(repository: string) {
  return { registry: reg.host, repository };
}

async function rejection(p: Promise<unknown>): Promise<RegistryError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RegistryError);
  return err as RegistryError;
}

describe('manifests on an open registry', () => {
  beforeAll(() => {
    client = createRegistryClient();
  });

  it('HEAD by tag returns the pushed digest, media type and size', async () => {
    const img = await pushImage(reg, 'team/app', 'v1');
    const head = await client.headManifest(repo('team/app'), 'v1', insecure);
    expect(head).toEqual({ digest: img.digest, mediaType: MediaType.DockerManifest, size: img.size });
  });

  it('GET by tag and by digest return the same verified bytes and parsed manifest', async () => {
    const img = await pushImage(reg, 'team/app', 'v2', { format: 'oci' });
    const byTag = await client.getManifest(repo('team/app'), 'v2', insecure);
    const byDigest = await client.getManifest(repo('team/app'), img.digest, insecure);
    expect(byTag.digest).toBe(img.digest);
    expect(byDigest.digest).toBe(img.digest);
    expect(byTag.bytes.equals(img.manifest)).toBe(true);
    expect(byTag.manifest.kind).toBe('image');
    expect(byTag.mediaType).toBe(MediaType.OciManifest);
    if (byTag.manifest.kind === 'image') expect(byTag.manifest.config.digest).toBe(img.configDigest);
  });

  it('reads image metadata (env, labels, ports, layers, sizes) from the config blob', async () => {
    const layers = [Buffer.from('first layer'), Buffer.from('second layer, longer')];
    await pushImage(reg, 'team/meta', 'latest', {
      layers,
      env: ['A=1', 'B=two'],
      labels: { 'org.opencontainers.image.title': 'meta' },
      platform: { architecture: 'arm64', os: 'linux', variant: 'v8' },
    });
    const m = await client.getManifest(repo('team/meta'), 'latest', insecure);
    if (m.manifest.kind !== 'image') throw new Error('expected an image manifest');
    const cfg = await client.getImageConfig(repo('team/meta'), m.manifest, insecure);
    expect(cfg.architecture).toBe('arm64');
    expect(cfg.os).toBe('linux');
    expect(cfg.variant).toBe('v8');
    expect(cfg.created).toBe('2026-01-02T03:04:05Z');
    expect(cfg.config.Env).toEqual(['A=1', 'B=two']);
    expect(cfg.config.Labels?.['org.opencontainers.image.title']).toBe('meta');
    expect(cfg.config.ExposedPorts).toEqual({ '8080/tcp': {} });
    expect(cfg.config.Cmd).toEqual(['/bin/sh']);
    expect(cfg.layers.map((l) => l.size)).toEqual(layers.map((l) => l.length));
    expect(cfg.totalSize).toBe(m.manifest.config.size + layers[0]!.length + layers[1]!.length);
    expect(cfg.configDigest).toBe(m.manifest.config.digest);
  });

  it.each([
    ['oci', MediaType.OciIndex],
    ['docker', MediaType.DockerManifestList],
  ] as const)('reads a %s multi-platform index with each platform', async (format, mediaType) => {
    const pushed = await pushIndex(
      reg,
      `multi/${format}`,
      'latest',
      [
        { architecture: 'amd64', os: 'linux' },
        { architecture: 'arm', os: 'linux', variant: 'v7' },
      ],
      format,
    );
    const head = await client.headManifest(repo(`multi/${format}`), 'latest', insecure);
    expect(head.digest).toBe(pushed.digest);
    expect(head.mediaType).toBe(mediaType);
    const m = await client.getManifest(repo(`multi/${format}`), 'latest', insecure);
    if (m.manifest.kind !== 'index') throw new Error('expected an index');
    expect(m.manifest.manifests.map((d) => d.digest)).toEqual(pushed.children.map((c) => c.digest));
    expect(m.manifest.manifests[1]?.platform).toEqual({ architecture: 'arm', os: 'linux', variant: 'v7' });
    const child = await client.getManifest(repo(`multi/${format}`), pushed.children[1]!.digest, insecure);
    expect(child.manifest.kind).toBe('image');
  });

  it('lists every tag of a repository', async () => {
    for (const t of ['a', 'b', 'c']) await pushImage(reg, 'team/tags', t);
    const tags = await client.listTags(repo('team/tags'), insecure);
    expect([...tags].sort()).toEqual(['a', 'b', 'c']);
  });

  it('a missing tag is NotFound naming the tag and repository', async () => {
    await pushImage(reg, 'team/app', 'exists');
    const err = await rejection(client.headManifest(repo('team/app'), 'nope', insecure));
    expect(err.kind).toBe('NotFound');
    expect(err.message).toContain('"nope"');
    expect(err.message).toContain(`${reg.host}/team/app`);
    const get = await rejection(client.getManifest(repo('team/app'), 'nope', insecure));
    expect(get.kind).toBe('NotFound');
    expect(get.code).toBe('MANIFEST_UNKNOWN');
  });

  it('a missing repository is NotFound for manifests and tags', async () => {
    expect((await rejection(client.headManifest(repo('no/such'), 'latest', insecure))).kind).toBe('NotFound');
    const tags = await rejection(client.listTags(repo('no/such'), insecure));
    expect(tags.kind).toBe('NotFound');
    expect(tags.code).toBe('NAME_UNKNOWN');
  });

  it('plain HTTP without the insecure flag is InsecureRequired, loopback included', async () => {
    const strict = createRegistryClient({ retry: { maxAttempts: 1 } });
    try {
      const err = await rejection(strict.headManifest(repo('team/app'), 'v1'));
      expect(err.kind).toBe('InsecureRequired');
      expect(err.message).toContain('requires the insecure flag');
      expect(err.message).toContain(reg.host);
    } finally {
      await strict.close();
    }
  });
});

describe('request accounting', () => {
  it('a re-check of unchanged tags costs one HEAD each and no manifest or blob GET', async () => {
    for (const t of ['r1', 'r2', 'r3', 'r4']) await pushImage(reg, 'bench/app', t);
    const c = createRegistryClient();
    try {
      await c.headManifest(repo('bench/app'), 'r1', insecure); // ping and scheme discovery
      const before = c.stats();
      for (const t of ['r1', 'r2', 'r3', 'r4']) await c.headManifest(repo('bench/app'), t, insecure);
      const after = c.stats();
      expect(after.requests - before.requests).toBe(4);
      expect(after.byKind.manifestHead - before.byKind.manifestHead).toBe(4);
      expect(after.byKind.manifestGet).toBe(0);
      expect(after.byKind.blobGet).toBe(0);
      expect(after.byKind.ping).toBe(before.byKind.ping);
      expect(after.bytesReceived).toBe(before.bytesReceived);
    } finally {
      await c.close();
    }
  });

  it('reuses keep-alive connections for GETs', async () => {
    await pushImage(reg, 'bench/ka', 'x');
    const c = createRegistryClient();
    try {
      await c.getManifest(repo('bench/ka'), 'x', insecure);
      const before = c.stats().connections;
      for (let i = 0; i < 10; i++) await c.getManifest(repo('bench/ka'), 'x', insecure);
      // undici may open a second socket while the first is released; never one per request
      expect(c.stats().connections - before).toBeLessThanOrEqual(2);
    } finally {
      await c.close();
    }
  });
});

describe('independent client', () => {
  it('skopeo inspect reports the same digest as headManifest', async () => {
    const img = await pushImage(reg, 'skopeo/app', 'v1');
    const { stdout } = await run(
      'skopeo',
      ['inspect', '--tls-verify=false', `docker://${reg.host}/skopeo/app:v1`],
      { timeout: 30_000, env: { ...process.env, HOME: process.env.HOME ?? '/tmp' } },
    );
    const skopeo = JSON.parse(stdout) as { Digest: string };
    const c = createRegistryClient();
    try {
      const head = await c.headManifest(repo('skopeo/app'), 'v1', insecure);
      expect(skopeo.Digest).toBe(img.digest);
      expect(head.digest).toBe(skopeo.Digest);
    } finally {
      await c.close();
    }
  });
});
