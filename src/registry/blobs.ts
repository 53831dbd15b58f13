/**
 * One blob by digest: `GET /v2/NAME/blobs/DIGEST`, following the redirect to the registry's
 * storage, bounded in size and verified against its digest. The config blob and the small JSON
 * blobs the importer reads (cosign signature payloads) come through here.
 */
import { digestOf, matchesDigest } from './digest.js';
import { RegistryError, type RegistryErrorKind } from './errors.js';
import type { Session } from './session.js';
import { RequestKind } from './stats.js';
import { errorForStatus } from './status-errors.js';
import type { Descriptor, RepositoryRef, RequestOptions } from './types.js';

function fail(kind: RegistryErrorKind, repo: RepositoryRef, message: string): RegistryError {
  return new RegistryError({ kind, registry: repo.registry, repository: repo.repository, message });
}

/** The blob's bytes; `what` names it in errors ("config blob", "signature payload"). */
export async function getBlob(
  session: Session,
  repo: RepositoryRef,
  descriptor: Pick<Descriptor, 'digest' | 'size'>,
  opts: RequestOptions,
  limit: { maxBytes: number; what?: string },
): Promise<Buffer> {
  const what = `${limit.what ?? 'blob'} ${descriptor.digest}`;
  if (descriptor.size > limit.maxBytes) {
    throw fail(
      'BadResponse',
      repo,
      `${what} is ${descriptor.size} bytes, above the ${limit.maxBytes} byte limit`,
    );
  }
  const res = await session.fetch(
    repo,
    {
      method: 'GET',
      path: `/v2/${repo.repository}/blobs/${descriptor.digest}`,
      kind: RequestKind.BlobGet,
      maxBytes: limit.maxBytes,
      maxRedirects: 5,
    },
    opts,
  );
  if (res.status < 200 || res.status >= 300) throw errorForStatus(res, repo, what);
  if (!matchesDigest(res.body, descriptor.digest)) {
    throw fail(
      'DigestMismatch',
      repo,
      `${what} does not match its digest (got ${digestOf(res.body)}); refusing it`,
    );
  }
  return res.body;
}
