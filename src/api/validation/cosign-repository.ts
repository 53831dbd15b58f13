/** `imagestreams.io/verify-cosign-repository` must name a repository (api/cosign-repository.ts), or a 422 names it. */
import {
  CosignRepositoryError,
  cosignRepositoryOfAnnotations,
  VERIFY_COSIGN_REPOSITORY_ANNOTATION,
} from '../cosign-repository.js';
import { fieldInvalid } from '../field-errors.js';
import type { StatusCause } from '../status-error.js';

export function validateCosignRepositoryAnnotation(
  annotations: Record<string, string> | null | undefined,
): StatusCause[] {
  try {
    cosignRepositoryOfAnnotations(annotations);
    return [];
  } catch (e) {
    if (!(e instanceof CosignRepositoryError)) throw e;
    return [
      fieldInvalid(
        `metadata.annotations[${VERIFY_COSIGN_REPOSITORY_ANNOTATION}]`,
        annotations?.[VERIFY_COSIGN_REPOSITORY_ANNOTATION],
        e.message,
      ),
    ];
  }
}
