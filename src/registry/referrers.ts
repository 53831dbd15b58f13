/**
 * The OCI 1.1 referrers API: `GET /v2/NAME/referrers/DIGEST` lists the manifests whose `subject`
 * is DIGEST (signatures, SBOMs, attestations), as an image index, optionally filtered by
 * `artifactType`. A registry without the API answers 404 (OCI distribution spec): that is
 * `undefined`, and the caller reads the referrers tag `sha256-<hex>` instead. The listing is
 * not content-addressed (it changes as artifacts are pushed), so there is no digest to check.
 */
import { ManifestParseError, parseManifest } from './manifest-parse.js';
import { MediaType } from './media-types.js';
import { MAX_MANIFEST_BYTES } from './manifests.js';
import { RegistryError, RegistryErrorKind } from './errors.js';
import type { Session } from './session.js';
import { RequestKind } from './stats.js';
import { errorForStatus } from './status-errors.js';
import type { Descriptor, RepositoryRef, RequestOptions } from './types.js';

export async function listReferrers(
  session: Session,
  repo: RepositoryRef,
  digest: string,
  opts: RequestOptions & { artifactType?: string },
): Promise<Descriptor[] | undefined> {
  const { artifactType, ...requestOpts } = opts;
  const query = artifactType ? `?artifactType=${encodeURIComponent(artifactType)}` : '';
  const res = await session.fetch(
    repo,
    {
      method: 'GET',
      path: `/v2/${repo.repository}/referrers/${digest}${query}`,
      headers: { accept: MediaType.OciIndex },
      kind: RequestKind.ManifestGet,
      maxBytes: MAX_MANIFEST_BYTES,
      maxRedirects: 5,
    },
    requestOpts,
  );
  if (res.status === 404) return undefined;
  if (res.status < 200 || res.status >= 300)
    throw errorForStatus(
      res,
      repo,
      `referrers of ${digest}`,
      `${repo.registry}/${repo.repository}@${digest}`,
    );
  try {
    const listing = parseManifest(res.body, MediaType.OciIndex);
    if (listing.kind !== 'index')
      throw new ManifestParseError('the referrers listing is not an image index', false);
    // a registry that ignores the filter (no OCI-Filters-Applied header) lists everything
    return artifactType
      ? listing.manifests.filter((m) => m.artifactType === artifactType)
      : listing.manifests;
  } catch (err) {
    if (!(err instanceof ManifestParseError)) throw err;
    throw new RegistryError({
      kind: RegistryErrorKind.BadResponse,
      registry: repo.registry,
      repository: repo.repository,
      message: `referrers of ${digest}: ${err.message}`,
      cause: err,
    });
  }
}
