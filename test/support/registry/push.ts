/**
 * Pushing test images over the distribution API: monolithic blob upload (POST then PUT with the
 * digest) and manifest PUT with its media type. Content is small and built here: a config with
 * a nonce label (so every push is a new digest unless the caller pins it) and tiny layers.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';

export interface PushTarget {
  url: string;
  pushAuthorization(repository: string): string | undefined;
}

export interface TestPlatform {
  architecture: string;
  os: string;
  variant?: string;
}

export interface PushImageOptions {
  format?: 'docker' | 'oci';
  layers?: Buffer[];
  /** the whole config blob; default: one built from platform, env, labels and a nonce */
  config?: Record<string, unknown>;
  platform?: TestPlatform;
  env?: string[];
  labels?: Record<string, string>;
  /** fixed nonce for a repeatable digest; default random */
  nonce?: string;
}

export interface PushedImage {
  digest: string;
  configDigest: string;
  mediaType: string;
  manifest: Buffer;
  size: number;
  platform: TestPlatform;
}

const MT = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;

const agent = new Agent({ connect: { rejectUnauthorized: false } });

export function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function headers(
  target: PushTarget,
  repo: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  const auth = target.pushAuthorization(repo);
  return auth ? { ...extra, authorization: auth } : extra;
}

async function expectStatus(
  res: Awaited<ReturnType<typeof request>>,
  ok: number,
  what: string,
): Promise<string> {
  const text = await res.body.text();
  if (res.statusCode !== ok) throw new Error(`${what}: HTTP ${res.statusCode} ${text.slice(0, 300)}`);
  return text;
}

export async function pushBlob(target: PushTarget, repo: string, bytes: Buffer): Promise<string> {
  const digest = sha256(bytes);
  const start = await request(`${target.url}/v2/${repo}/blobs/uploads/`, {
    method: 'POST',
    headers: headers(target, repo),
    dispatcher: agent,
  });
  const location = start.headers.location;
  await expectStatus(start, 202, `start upload to ${repo}`);
  if (typeof location !== 'string') throw new Error('upload without Location');
  const url = new URL(location, target.url);
  url.searchParams.set('digest', digest);
  const put = await request(url, {
    method: 'PUT',
    headers: headers(target, repo, { 'content-type': 'application/octet-stream' }),
    body: bytes,
    dispatcher: agent,
  });
  await expectStatus(put, 201, `upload blob to ${repo}`);
  return digest;
}

export async function pushManifest(
  target: PushTarget,
  repo: string,
  reference: string,
  bytes: Buffer,
  mediaType: string,
): Promise<string> {
  const res = await request(`${target.url}/v2/${repo}/manifests/${reference}`, {
    method: 'PUT',
    headers: headers(target, repo, { 'content-type': mediaType }),
    body: bytes,
    dispatcher: agent,
  });
  await expectStatus(res, 201, `put manifest ${repo}:${reference}`);
  return sha256(bytes);
}

function defaultConfig(
  opts: PushImageOptions,
  platform: TestPlatform,
  diffIds: string[],
): Record<string, unknown> {
  const config: Record<string, unknown> = {
    created: '2026-01-02T03:04:05Z',
    architecture: platform.architecture,
    os: platform.os,
    config: {
      Env: opts.env ?? ['PATH=/usr/local/bin:/usr/bin:/bin'],
      Labels: { 'test.nonce': opts.nonce ?? randomUUID(), ...opts.labels },
      Cmd: ['/bin/sh'],
      WorkingDir: '/',
      ExposedPorts: { '8080/tcp': {} },
    },
    rootfs: { type: 'layers', diff_ids: diffIds },
  };
  if (platform.variant) config.variant = platform.variant;
  return config;
}

/** Pushes one image (config, layers, manifest) and tags it; `tag` may be a digest to skip tagging. */
export async function pushImage(
  target: PushTarget,
  repo: string,
  tag: string | undefined,
  opts: PushImageOptions = {},
): Promise<PushedImage> {
  const oci = opts.format === 'oci';
  const platform = opts.platform ?? { architecture: 'amd64', os: 'linux' };
  const layers = opts.layers ?? [Buffer.from(`layer of ${repo} ${opts.nonce ?? randomUUID()}`)];
  const layerDescriptors = [];
  for (const layer of layers) {
    layerDescriptors.push({
      mediaType: oci ? MT.ociLayer : MT.dockerLayer,
      size: layer.length,
      digest: await pushBlob(target, repo, layer),
    });
  }
  const configBytes = Buffer.from(
    JSON.stringify(
      opts.config ??
        defaultConfig(
          opts,
          platform,
          layerDescriptors.map((l) => l.digest),
        ),
    ),
  );
  const configDigest = await pushBlob(target, repo, configBytes);
  const mediaType = oci ? MT.ociManifest : MT.dockerManifest;
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType,
      config: {
        mediaType: oci ? MT.ociConfig : MT.dockerConfig,
        size: configBytes.length,
        digest: configDigest,
      },
      layers: layerDescriptors,
    }),
  );
  const digest = await pushManifest(target, repo, tag ?? sha256(manifest), manifest, mediaType);
  return { digest, configDigest, mediaType, manifest, size: manifest.length, platform };
}

export interface PushedIndex {
  digest: string;
  mediaType: string;
  children: PushedImage[];
}

/** Pushes one image per platform (untagged, by digest) and an OCI index or Docker manifest list over them. */
export async function pushIndex(
  target: PushTarget,
  repo: string,
  tag: string,
  platforms: Array<TestPlatform | PushImageOptions>,
  format: 'oci' | 'docker' = 'oci',
): Promise<PushedIndex> {
  const children: PushedImage[] = [];
  for (const p of platforms) {
    const opts: PushImageOptions = 'architecture' in p ? { platform: p } : p;
    children.push(await pushImage(target, repo, undefined, { format, ...opts }));
  }
  const mediaType = format === 'oci' ? MT.ociIndex : MT.dockerList;
  const bytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType,
      manifests: children.map((c) => ({
        mediaType: c.mediaType,
        size: c.size,
        digest: c.digest,
        platform: c.platform,
      })),
    }),
  );
  const digest = await pushManifest(target, repo, tag, bytes, mediaType);
  return { digest, mediaType, children };
}
