/**
 * The keyless signer annotations (`imagestreams.io/verify-cosign-identity[-regexp]`,
 * `imagestreams.io/verify-cosign-issuer`) must describe one signer (api/sigstore-identity.ts), or
 * a 422 names the annotation at fault.
 */
import { fieldInvalid } from '../field-errors.js';
import { SigstoreIdentityError, sigstoreIdentityOfAnnotations } from '../sigstore-identity.js';
import type { StatusCause } from '../status-error.js';

export function validateSigstoreIdentityAnnotations(
  annotations: Record<string, string> | null | undefined,
): StatusCause[] {
  try {
    sigstoreIdentityOfAnnotations(annotations);
    return [];
  } catch (e) {
    if (!(e instanceof SigstoreIdentityError)) throw e;
    return [fieldInvalid(`metadata.annotations[${e.field}]`, annotations?.[e.field], e.message)];
  }
}
