/**
 * Reading the Sigstore bundles of a digest where cosign 3 (and cosign 2 with
 * --new-bundle-format) puts them: OCI artifacts whose `subject` is the image, found through the
 * referrers API, or, on a registry without it (docker-registry 2.8), through the referrers tag
 * `sha256-<hex>` (an image index cosign keeps up to date). Each artifact manifest's bundle layer
 * is read, bounded. Nothing found means no bundle; any other registry failure propagates.
 */
import { referrersTag } from '../../api/cosign-tag.js';
import type { RepositoryRef, RequestOptions } from '../../registry/index.js';
import type { Descriptor } from '../../registry/types.js';
import type { RegistryClient } from '../../registry/index.js';
import { SIGSTORE_BUNDLE_MEDIA_TYPE } from './schema.js';
import { absentAsUndefined } from './signature-fetch.js';

/** one bundle per `cosign sign`; more referrers than this are not all read */
const MAX_BUNDLES = 16;
/** a bundle is a certificate, a log entry and a small envelope */
const MAX_BUNDLE_BYTES = 256 * 1024;
const BUNDLE_ARTIFACT_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';

export type BundleClient = Pick<RegistryClient, 'getManifest' | 'getBlob'> &
  Partial<Pick<RegistryClient, 'listReferrers'>>;

const isBundle = (mediaType: string | undefined) =>
  mediaType !== undefined && SIGSTORE_BUNDLE_MEDIA_TYPE.test(mediaType);

async function referrersOf(
  client: BundleClient,
  repo: RepositoryRef,
  digest: string,
  opts: RequestOptions,
): Promise<Descriptor[]> {
  const listed = await client.listReferrers?.(repo, digest, { ...opts, artifactType: BUNDLE_ARTIFACT_TYPE });
  if (listed) return listed;
  const got = await absentAsUndefined(() => client.getManifest(repo, referrersTag(digest), opts));
  if (!got || got.manifest.kind !== 'index') return [];
  return got.manifest.manifests.filter((m) => isBundle(m.artifactType));
}

async function bundlesOfArtifact(
  client: BundleClient,
  repo: RepositoryRef,
  artifact: Descriptor,
  opts: RequestOptions,
): Promise<Buffer[]> {
  const got = await absentAsUndefined(() => client.getManifest(repo, artifact.digest, opts));
  if (!got || got.manifest.kind !== 'image') return [];
  const out: Buffer[] = [];
  for (const layer of got.manifest.layers.filter((l) => isBundle(l.mediaType)).slice(0, 1)) {
    const bytes = await absentAsUndefined(() =>
      client.getBlob(repo, layer, { ...opts, maxBytes: MAX_BUNDLE_BYTES }),
    );
    if (bytes) out.push(bytes);
  }
  return out;
}

/** The bundles referring to any of `digests` (each different digest looked up once). */
export async function fetchSigstoreBundles(
  client: BundleClient,
  repo: RepositoryRef,
  digests: readonly string[],
  opts: RequestOptions,
): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const digest of new Set(digests)) {
    const artifacts = (await referrersOf(client, repo, digest, opts)).slice(0, MAX_BUNDLES);
    for (const artifact of artifacts) out.push(...(await bundlesOfArtifact(client, repo, artifact, opts)));
  }
  return out;
}
