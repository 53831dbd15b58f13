/**
 * Manifest HEAD and GET by tag or digest. HEAD is the cheap "has it changed?" question (one
 * request, no body); GET returns bytes that must hash to the requested digest, or to the
 * registry's Docker-Content-Digest for a tag: a mismatch is an error, never accepted.
 */
import { digestOf, isDigest, matchesDigest } from './digest.js';
import { RegistryError, RegistryErrorKind } from './errors.js';
import { ManifestParseError, parseManifest } from './manifest-parse.js';
import { MANIFEST_ACCEPT, baseMediaType, isSchema1MediaType } from './media-types.js';
import type { Session } from './session.js';
import { RequestKind } from './stats.js';
import { errorForStatus } from './status-errors.js';
import type { HttpResponse } from './transport.js';
import type { ManifestHead, ManifestResult, RepositoryRef, RequestOptions } from './types.js';

/** The OCI spec asks registries to accept manifests up to 4 MiB; larger is not a manifest. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** registries behind CDNs redirect manifests too; the hop goes without credentials (transport.ts) */
const MAX_MANIFEST_REDIRECTS = 5;

function imageName(repo: RepositoryRef, reference: string): string {
  return `${repo.registry}/${repo.repository}${isDigest(reference) ? '@' : ':'}${reference}`;
}

function manifestPath(repo: RepositoryRef, reference: string): string {
  return `/v2/${repo.repository}/manifests/${encodeURIComponent(reference).replace(/%3A/gi, ':')}`;
}

function headerValue(res: HttpResponse, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function failure(
  kind: RegistryErrorKind,
  repo: RepositoryRef,
  message: string,
  cause?: unknown,
): RegistryError {
  return new RegistryError({ kind, registry: repo.registry, repository: repo.repository, message, cause });
}

function check(res: HttpResponse, repo: RepositoryRef, reference: string): void {
  if (res.status >= 200 && res.status < 300) return;
  throw errorForStatus(res, repo, `manifest ${JSON.stringify(reference)}`, imageName(repo, reference));
}

function refuseSchema1(mediaType: string | undefined, repo: RepositoryRef, reference: string): void {
  if (isSchema1MediaType(mediaType)) {
    throw failure(
      RegistryErrorKind.UnsupportedManifest,
      repo,
      `image ${imageName(repo, reference)} uses the deprecated Docker schema 1 manifest format, which is not supported`,
    );
  }
}

export async function headManifest(
  session: Session,
  repo: RepositoryRef,
  reference: string,
  opts: RequestOptions,
): Promise<ManifestHead> {
  const res = await session.fetch(
    repo,
    {
      method: 'HEAD',
      path: manifestPath(repo, reference),
      headers: { accept: MANIFEST_ACCEPT },
      kind: RequestKind.ManifestHead,
      maxBytes: 64 * 1024,
      maxRedirects: MAX_MANIFEST_REDIRECTS,
    },
    opts,
  );
  // a registry without HEAD support still answers the GET
  if (res.status === 405) return fromGet(await getManifest(session, repo, reference, opts));
  check(res, repo, reference);
  const mediaType = baseMediaType(headerValue(res, 'content-type'));
  refuseSchema1(mediaType, repo, reference);
  const headerDigest = headerValue(res, 'docker-content-digest');
  if (isDigest(reference) && headerDigest !== undefined && headerDigest !== reference) {
    throw failure(
      RegistryErrorKind.DigestMismatch,
      repo,
      `registry answered ${headerDigest} when asked for ${imageName(repo, reference)}`,
    );
  }
  const digest = isDigest(reference) ? reference : headerDigest;
  // without the digest header a HEAD cannot answer; only then pay for a GET
  if (!digest || !mediaType) return fromGet(await getManifest(session, repo, reference, opts));
  return { digest, mediaType, size: Number(headerValue(res, 'content-length') ?? 0) };
}

function fromGet(m: ManifestResult): ManifestHead {
  return { digest: m.digest, mediaType: m.mediaType, size: m.bytes.length };
}

export async function getManifest(
  session: Session,
  repo: RepositoryRef,
  reference: string,
  opts: RequestOptions,
): Promise<ManifestResult> {
  const res = await session.fetch(
    repo,
    {
      method: 'GET',
      path: manifestPath(repo, reference),
      headers: { accept: MANIFEST_ACCEPT },
      kind: RequestKind.ManifestGet,
      maxBytes: MAX_MANIFEST_BYTES,
      maxRedirects: MAX_MANIFEST_REDIRECTS,
    },
    opts,
  );
  check(res, repo, reference);
  const bytes = res.body;
  const digest = verifiedDigest(bytes, headerValue(res, 'docker-content-digest'), repo, reference);
  try {
    const manifest = parseManifest(bytes, headerValue(res, 'content-type'));
    return { digest, mediaType: manifest.mediaType, bytes, manifest };
  } catch (err) {
    if (!(err instanceof ManifestParseError)) throw err;
    const kind = err.unsupported ? RegistryErrorKind.UnsupportedManifest : RegistryErrorKind.BadResponse;
    throw failure(kind, repo, `image ${imageName(repo, reference)}: ${err.message}`, err);
  }
}

/** The digest the bytes are known by, after checking every digest we were told about. */
function verifiedDigest(
  bytes: Buffer,
  headerDigest: string | undefined,
  repo: RepositoryRef,
  reference: string,
): string {
  const claims = [isDigest(reference) ? reference : undefined, headerDigest].filter(
    (d): d is string => d !== undefined,
  );
  for (const claimed of claims) {
    if (!matchesDigest(bytes, claimed)) {
      throw failure(
        RegistryErrorKind.DigestMismatch,
        repo,
        `manifest of ${imageName(repo, reference)} does not match digest ${claimed} (got ${digestOf(bytes)}); refusing it`,
      );
    }
  }
  return claims[0] ?? digestOf(bytes);
}
