/**
 * Deciding whether keyless Sigstore bundles sign an image, as `cosign verify
 * --certificate-identity … --certificate-oidc-issuer … --trusted-root …` does for cosign 3's
 * bundles, offline: @sigstore/verify checks the certificate chain to a trusted Fulcio CA at the
 * log's time, the Rekor entry's inclusion promise (and SCTs when the root names CT logs), that
 * the entry records this signature, and the DSSE signature; then the certificate's SAN and OIDC
 * issuer must be the required ones, and the in-toto statement (predicate type cosign's
 * `sign/v1`, not an attestation) must name the image's digest. cosign 2's keyless `.sig` layers
 * are verified the same way (sigstore-sig-layer.ts makes them bundles), their simple-signing
 * payload then naming the image's digest and repository. Pure: bytes come from sigstore-fetch.ts
 * and signature-fetch.ts.
 */
import { bundleFromJSON, isBundleWithDsseEnvelope, type Bundle } from '@sigstore/bundle';
import { toSignedEntity, Verifier, type Signer } from '@sigstore/verify';
import { describeIdentity, identityMatches, type SigstoreIdentity } from '../../api/sigstore-identity.js';
import {
  payloadProblem,
  SignatureReason,
  type SignatureLayer,
  type SignedImage,
  type Verdict,
} from './cosign-verify.js';
import { InTotoStatementSchema, COSIGN_SIGN_PREDICATE_TYPE, IN_TOTO_PAYLOAD_TYPE } from './schema.js';
import { bundleOfLayer, SignatureProblem as BundleProblem } from './sigstore-sig-layer.js';
import type { SigstoreTrust } from './sigstore-trusted-root.js';

/** A signer that must have signed, and who asked for it (for messages). */
export interface IdentityRequirement {
  identity: SigstoreIdentity;
  source: string;
}

/** A cosign 3 bundle (JSON bytes), or a cosign 2 keyless `.sig` layer. */
export type KeylessSignature = Buffer | SignatureLayer;

function parseBundle(bytes: Buffer): Bundle {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new BundleProblem('a bundle is not JSON');
  }
  try {
    return bundleFromJSON(json);
  } catch (e) {
    throw new BundleProblem(`a bundle is not a Sigstore bundle (${(e as Error).message.slice(0, 200)})`);
  }
}

/** The digests (`sha256:<hex>`) the bundle's cosign signature statement names. */
function signedDigests(bundle: Bundle): string[] {
  if (!isBundleWithDsseEnvelope(bundle))
    throw new BundleProblem('a bundle holds no DSSE envelope (not a cosign image signature)');
  const envelope = bundle.content.dsseEnvelope;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE)
    throw new BundleProblem(
      `a bundle's payload is "${envelope.payloadType.slice(0, 80)}", not an in-toto statement`,
    );
  let json: unknown;
  try {
    json = JSON.parse(envelope.payload.toString('utf8'));
  } catch {
    throw new BundleProblem("a bundle's statement is not JSON");
  }
  const parsed = InTotoStatementSchema.safeParse(json);
  if (!parsed.success) throw new BundleProblem("a bundle's statement is not an in-toto statement");
  if (parsed.data.predicateType !== COSIGN_SIGN_PREDICATE_TYPE)
    throw new BundleProblem(
      `a bundle is an attestation (${parsed.data.predicateType.slice(0, 100)}), not a signature`,
    );
  return parsed.data.subject.flatMap((s) => (s.digest.sha256 ? [`sha256:${s.digest.sha256}`] : []));
}

function verifiedSigner(verifier: Verifier, bundle: Bundle, artifact?: Buffer): Signer {
  try {
    return verifier.verify(toSignedEntity(bundle, artifact));
  } catch (e) {
    // @sigstore/verify's messages name the failed check (chain, inclusion promise, signature)
    throw new BundleProblem(`the bundle does not verify: ${(e as Error).message.slice(0, 300)}`);
  }
}

function signerProblem(signer: Signer, required: SigstoreIdentity): string | undefined {
  const san = signer.identity?.subjectAlternativeName;
  const issuer = signer.identity?.extensions?.issuer;
  if (identityMatches(required, san, issuer)) return undefined;
  return `the bundle is signed by another identity (${(san ?? 'no SAN').slice(0, 200)}, issuer ${(issuer ?? 'none').slice(0, 200)})`;
}

/** A cosign 3 bundle: its statement names the digest. */
function bundleBytesProblem(
  bytes: Buffer,
  verifier: Verifier,
  required: SigstoreIdentity,
  image: SignedImage,
): string | undefined {
  const bundle = parseBundle(bytes);
  const digests = signedDigests(bundle);
  const problem = signerProblem(verifiedSigner(verifier, bundle), required);
  if (problem !== undefined) return problem;
  if (!digests.some((d) => image.digests.includes(d)))
    return `the bundle signs another image (${(digests[0] ?? 'no digest').slice(0, 80)})`;
  return undefined;
}

/** A cosign 2 keyless layer: the signature is over its simple-signing payload. */
function layerProblem(
  layer: SignatureLayer,
  verifier: Verifier,
  required: SigstoreIdentity,
  image: SignedImage,
): string | undefined {
  const signer = verifiedSigner(verifier, bundleOfLayer(layer), layer.payload);
  return signerProblem(signer, required) ?? payloadProblem(layer.payload, image);
}

/** Why this signature does not sign the image for `required`; undefined when it does. */
function signatureProblem(
  signature: KeylessSignature,
  verifier: Verifier,
  required: SigstoreIdentity,
  image: SignedImage,
): string | undefined {
  try {
    return Buffer.isBuffer(signature)
      ? bundleBytesProblem(signature, verifier, required, image)
      : layerProblem(signature, verifier, required, image);
  } catch (e) {
    if (e instanceof BundleProblem) return e.message;
    throw e;
  }
}

/** A verified bundle for another signer or image says more than one that does not verify. */
function mostTelling(problems: string[]): string {
  return (
    problems.find((p) => p.startsWith('the bundle signs another image')) ??
    problems.find((p) => p.startsWith('the signed payload')) ??
    problems.find((p) => p.startsWith('the bundle is signed by another')) ??
    problems[0] ??
    'no bundle'
  );
}

/** Every requirement must be met by some signature. `signatures` empty: the image is not signed. */
export function verifySigstoreBundles(
  signatures: readonly KeylessSignature[],
  requirements: readonly IdentityRequirement[],
  image: SignedImage,
  trust: SigstoreTrust,
): Verdict {
  const verifier = new Verifier(trust.material, { ctlogThreshold: trust.ctlogThreshold });
  for (const req of requirements) {
    const problems: string[] = [];
    let met = false;
    for (const signature of signatures) {
      const problem = signatureProblem(signature, verifier, req.identity, image);
      if (problem === undefined) {
        met = true;
        break;
      }
      problems.push(problem);
    }
    if (!met)
      return {
        ok: false,
        reason: SignatureReason.Invalid,
        message: `no valid Sigstore bundle by ${describeIdentity(req.identity)} (${req.source}) for ${image.digests[0] ?? ''}: ${mostTelling(problems)}`,
      };
  }
  return { ok: true };
}
