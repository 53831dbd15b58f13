/**
 * `imagestreams.io/verify-cosign-repository`: where an ImageStream's signatures are stored when
 * not next to the image, what `COSIGN_REPOSITORY` tells cosign: a repository (`host/path`, Docker
 * Hub when there is no host) holding the `sha256-<hex>.sig` tags and bundle referrers of the
 * stream's images. The signatures still name the image's own repository. Pure.
 */
import { InvalidReferenceError, normalizeDockerImageReference } from './docker-reference.js';

export const VERIFY_COSIGN_REPOSITORY_ANNOTATION = 'imagestreams.io/verify-cosign-repository';

/** The user's fault: the text is not a repository. */
export class CosignRepositoryError extends Error {}

export interface CosignRepository {
  registry: string;
  repository: string;
}

export function parseCosignRepository(text: string): CosignRepository {
  if (text.trim() === '' || text !== text.trim())
    throw new CosignRepositoryError('must be non-empty, without surrounding spaces');
  let ref;
  try {
    ref = normalizeDockerImageReference(text);
  } catch (e) {
    if (e instanceof InvalidReferenceError) throw new CosignRepositoryError(e.message);
    throw e;
  }
  if (ref.digest !== undefined || text.endsWith(`:${ref.tag ?? ''}`))
    throw new CosignRepositoryError('must name a repository, without tag or digest');
  return { registry: ref.registry, repository: ref.repository };
}

/** undefined when the annotation is not set; throws CosignRepositoryError when it is bad. */
export function cosignRepositoryOfAnnotations(
  annotations: Record<string, string> | null | undefined,
): CosignRepository | undefined {
  const value = annotations?.[VERIFY_COSIGN_REPOSITORY_ANNOTATION];
  return value === undefined ? undefined : parseCosignRepository(value);
}
