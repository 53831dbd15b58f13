/**
 * The keyless signer an ImageStream requires (`cosign verify --certificate-identity[-regexp]
 * --certificate-oidc-issuer`): the Fulcio certificate's subject alternative name (an email or a
 * URI), exactly or by an RE2 regular expression, and the OIDC issuer the certificate records.
 * Identity and issuer go together: either alone would accept any signer of the other half. Pure.
 */
import type { RE2JS } from 're2js';
import { compilePattern } from './tag-policy.js';

export const VERIFY_COSIGN_IDENTITY_ANNOTATION = 'imagestreams.io/verify-cosign-identity';
const VERIFY_COSIGN_IDENTITY_REGEXP_ANNOTATION = 'imagestreams.io/verify-cosign-identity-regexp';
const VERIFY_COSIGN_ISSUER_ANNOTATION = 'imagestreams.io/verify-cosign-issuer';

/** an email or URI; longer is not a certificate identity we would match */
const MAX_IDENTITY_LENGTH = 1024;

/** Matches a signer like cosign: `identity` exactly, or `identityRegexp` anywhere in the SAN (anchor it). */
export interface SigstoreIdentity {
  identity?: string;
  identityRegexp?: RE2JS;
  issuer: string;
}

/** A problem with one annotation (or configuration field), named so the error can say which. */
export class SigstoreIdentityError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

export interface SigstoreIdentityInput {
  identity?: string | undefined;
  identityRegexp?: string | undefined;
  issuer?: string | undefined;
}

/** Field names to report problems under (annotations by default). */
export interface SigstoreIdentityFields {
  identity: string;
  identityRegexp: string;
  issuer: string;
}

const ANNOTATION_FIELDS: SigstoreIdentityFields = {
  identity: VERIFY_COSIGN_IDENTITY_ANNOTATION,
  identityRegexp: VERIFY_COSIGN_IDENTITY_REGEXP_ANNOTATION,
  issuer: VERIFY_COSIGN_ISSUER_ANNOTATION,
};

function checkedText(field: string, value: string): string {
  if (value.trim() === '' || value !== value.trim())
    throw new SigstoreIdentityError(field, 'must be non-empty, without surrounding spaces');
  if (value.length > MAX_IDENTITY_LENGTH)
    throw new SigstoreIdentityError(field, `is longer than ${MAX_IDENTITY_LENGTH} characters`);
  return value;
}

function compiledRegexp(field: string, pattern: string): RE2JS {
  const text = checkedText(field, pattern);
  try {
    return compilePattern(text);
  } catch (e) {
    throw new SigstoreIdentityError(field, (e as Error).message);
  }
}

/** Identity and issuer must come together, the identity one way only. */
function checkPairing(input: SigstoreIdentityInput, fields: SigstoreIdentityFields): void {
  const { identity, identityRegexp, issuer } = input;
  if (identity !== undefined && identityRegexp !== undefined)
    throw new SigstoreIdentityError(fields.identityRegexp, `cannot be set together with ${fields.identity}`);
  if (identity === undefined && identityRegexp === undefined)
    throw new SigstoreIdentityError(
      fields.identity,
      `is required with ${fields.issuer} (or ${fields.identityRegexp})`,
    );
  if (issuer === undefined)
    throw new SigstoreIdentityError(fields.issuer, `is required with ${fields.identity}`);
}

/** undefined when nothing is required; throws SigstoreIdentityError naming the field at fault. */
export function parseSigstoreIdentity(
  input: SigstoreIdentityInput,
  fields: SigstoreIdentityFields = ANNOTATION_FIELDS,
): SigstoreIdentity | undefined {
  const { identity, identityRegexp, issuer } = input;
  if (identity === undefined && identityRegexp === undefined && issuer === undefined) return undefined;
  checkPairing(input, fields);
  const out: SigstoreIdentity = { issuer: checkedText(fields.issuer, issuer ?? '') };
  if (identity !== undefined) out.identity = checkedText(fields.identity, identity);
  if (identityRegexp !== undefined)
    out.identityRegexp = compiledRegexp(fields.identityRegexp, identityRegexp);
  return out;
}

export function sigstoreIdentityOfAnnotations(
  annotations: Record<string, string> | null | undefined,
): SigstoreIdentity | undefined {
  return parseSigstoreIdentity({
    identity: annotations?.[VERIFY_COSIGN_IDENTITY_ANNOTATION],
    identityRegexp: annotations?.[VERIFY_COSIGN_IDENTITY_REGEXP_ANNOTATION],
    issuer: annotations?.[VERIFY_COSIGN_ISSUER_ANNOTATION],
  });
}

/** Whether a certificate's SAN and issuer satisfy the requirement. */
export function identityMatches(
  required: SigstoreIdentity,
  san: string | undefined,
  issuer: string | undefined,
): boolean {
  if (san === undefined || issuer !== required.issuer) return false;
  if (required.identity !== undefined) return san === required.identity;
  return required.identityRegexp?.test(san) ?? false;
}

/** What a message says the requirement is. */
export function describeIdentity(required: SigstoreIdentity): string {
  const who = required.identity ?? `/${required.identityRegexp?.pattern() ?? ''}/`;
  return `${who} (issuer ${required.issuer})`;
}
