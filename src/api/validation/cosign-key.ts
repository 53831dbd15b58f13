/** `imagestreams.io/verify-cosign-key` must hold public keys (api/cosign-key.ts), or a 422 names it. */
import { CosignKeyError, parseCosignKeys, VERIFY_COSIGN_KEY_ANNOTATION } from '../cosign-key.js';
import { fieldInvalid } from '../field-errors.js';
import type { StatusCause } from '../status-error.js';

export function validateCosignKeyAnnotation(
  annotations: Record<string, string> | null | undefined,
): StatusCause[] {
  const value = annotations?.[VERIFY_COSIGN_KEY_ANNOTATION];
  if (value === undefined) return [];
  try {
    parseCosignKeys(value);
    return [];
  } catch (e) {
    const detail = e instanceof CosignKeyError ? e.message : 'not a public key';
    // the value is a key, not a secret, but a pasted private key must not be echoed back
    return [
      fieldInvalid(
        `metadata.annotations[${VERIFY_COSIGN_KEY_ANNOTATION}]`,
        '<PEM>',
        `must be one or more PEM public keys (cosign.pub): ${detail}`,
      ),
    ];
  }
}
