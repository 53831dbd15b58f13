/**
 * Image metadata from the config blob: `GET /v2/NAME/blobs/DIGEST`, following the redirect to
 * the registry's storage, bounded in size and verified against its digest.
 */
import { getBlob } from './blobs.js';
import type { RegistryErrorKind } from './errors.js';
import { RegistryError } from './errors.js';
import { ImageConfigBlobSchema } from './schema.js';
import type { Session } from './session.js';
import type {
  Descriptor,
  ImageConfig,
  ImageManifest,
  ImageRuntimeConfig,
  RepositoryRef,
  RequestOptions,
} from './types.js';

const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

function fail(kind: RegistryErrorKind, repo: RepositoryRef, message: string, cause?: unknown): RegistryError {
  return new RegistryError({ kind, registry: repo.registry, repository: repo.repository, message, cause });
}

export async function getImageConfig(
  session: Session,
  repo: RepositoryRef,
  source: Descriptor | ImageManifest,
  opts: RequestOptions,
): Promise<ImageConfig> {
  const manifest = 'kind' in source && source.kind === 'image' ? source : undefined;
  const descriptor: Descriptor = manifest ? manifest.config : (source as Descriptor);
  const body = await getBlob(session, repo, descriptor, opts, {
    maxBytes: MAX_CONFIG_BYTES,
    what: 'config blob',
  });
  return toImageConfig(body, descriptor, manifest, repo);
}

function toImageConfig(
  bytes: Buffer,
  descriptor: Descriptor,
  manifest: ImageManifest | undefined,
  repo: RepositoryRef,
): ImageConfig {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw fail('BadResponse', repo, `config blob ${descriptor.digest} is not valid JSON`, err);
  }
  const parsed = ImageConfigBlobSchema.safeParse(json);
  if (!parsed.success) {
    throw fail(
      'BadResponse',
      repo,
      `config blob ${descriptor.digest} is not an image config: ${parsed.error.issues[0]?.message ?? ''}`,
    );
  }
  const c = parsed.data;
  const layers = (manifest?.layers ?? []).map((l) => ({
    digest: l.digest,
    mediaType: l.mediaType,
    size: l.size,
  }));
  const out: ImageConfig = {
    configDigest: descriptor.digest,
    config: runtimeConfig(c.config),
    layers,
    totalSize: descriptor.size + layers.reduce((sum, l) => sum + l.size, 0),
  };
  if (c.created !== undefined) out.created = c.created;
  if (c.author !== undefined) out.author = c.author;
  if (c.architecture !== undefined) out.architecture = c.architecture;
  if (c.os !== undefined) out.os = c.os;
  if (c.variant !== undefined) out.variant = c.variant;
  return out;
}

function runtimeConfig(c: ImageConfigBlobSchema['config']): ImageRuntimeConfig {
  const out: ImageRuntimeConfig = {};
  if (!c) return out;
  if (c.Env) out.Env = c.Env;
  if (c.Labels) out.Labels = c.Labels;
  if (c.ExposedPorts) out.ExposedPorts = c.ExposedPorts as Record<string, object>;
  if (c.Cmd) out.Cmd = c.Cmd;
  if (c.Entrypoint) out.Entrypoint = c.Entrypoint;
  if (c.WorkingDir) out.WorkingDir = c.WorkingDir;
  if (c.User) out.User = c.User;
  return out;
}
