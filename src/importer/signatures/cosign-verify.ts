/**
 * Deciding whether the layers of a cosign signature manifest sign an image, as `cosign verify
 * --key` does: a layer counts when its base64 signature verifies over the payload bytes with one
 * of the keys (ECDSA and RSA over SHA-256, Ed25519 pure) and the payload's claims name the image's
 * digest and repository. Pure: the bytes come from signature-fetch.ts.
 */
import { verify as verifySignature, type KeyObject } from 'node:crypto';
import { normalizeDockerImageReference } from '../../api/docker-reference.js';
import { apiRepository, canonicalRegistry, type RepositoryRef } from '../../registry/index.js';
import { COSIGN_SIGNATURE_TYPE, SimpleSigningPayloadSchema } from './schema.js';

export const SignatureReason = {
  Missing: 'SignatureMissing',
  Invalid: 'SignatureInvalid',
} as const;
export type SignatureReason = (typeof SignatureReason)[keyof typeof SignatureReason];

export interface SignatureLayer {
  payload: Buffer;
  /** the `dev.cosignproject.cosign/signature` annotation, base64 */
  signature: string | undefined;
  /** keyless (cosign 2): the `dev.sigstore.cosign/certificate` annotation, the Fulcio leaf PEM */
  certificate?: string;
  /** keyless (cosign 2): the `dev.sigstore.cosign/bundle` annotation, the Rekor entry JSON */
  rekorBundle?: string;
}

export interface SignedImage {
  /** digests a signature may name: the one the tag resolved to, and the platform image picked from it */
  digests: readonly string[];
  repository: RepositoryRef;
}

/** Keys that must sign, and who asked for them (for messages). */
export interface KeyRequirement {
  keys: readonly KeyObject[];
  source: string;
}

export type Verdict = { ok: true } | { ok: false; reason: SignatureReason; message: string };

export const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function repositoryKey(ref: RepositoryRef): string {
  return `${canonicalRegistry(ref.registry)}/${apiRepository(ref.registry, ref.repository)}`;
}

function claimedRepository(text: string): string | undefined {
  try {
    return repositoryKey(normalizeDockerImageReference(text));
  } catch {
    return undefined;
  }
}

function verifiesWith(key: KeyObject, payload: Buffer, signature: Buffer): boolean {
  const algorithm = key.asymmetricKeyType === 'ed25519' ? null : 'sha256';
  try {
    return verifySignature(algorithm, payload, key, signature);
  } catch {
    return false; // a malformed signature (bad DER, wrong length) is a signature that does not verify
  }
}

/**
 * Why a signed simple-signing payload does not name the image (its digest and repository);
 * undefined when it does. Messages start with "the signed payload".
 */
export function payloadProblem(payload: Buffer, image: SignedImage): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch {
    return 'the signed payload is not JSON';
  }
  const parsed = SimpleSigningPayloadSchema.safeParse(json);
  if (!parsed.success) return 'the signed payload is not a simple-signing payload';
  const { identity, image: signed, type } = parsed.data.critical;
  if (type !== COSIGN_SIGNATURE_TYPE) return `the signed payload's type is "${type.slice(0, 80)}"`;
  if (!image.digests.includes(signed['docker-manifest-digest']))
    return `the signed payload is for another image (${signed['docker-manifest-digest'].slice(0, 80)})`;
  const claimed = claimedRepository(identity['docker-reference']);
  if (claimed !== repositoryKey(image.repository))
    return `the signed payload is for another repository (${identity['docker-reference'].slice(0, 200)})`;
  return undefined;
}

/** Why this layer does not sign the image; undefined when it does. */
function layerProblem(
  layer: SignatureLayer,
  keys: readonly KeyObject[],
  image: SignedImage,
): string | undefined {
  if (!layer.signature) return 'a signature layer has no signature annotation';
  if (!BASE64.test(layer.signature)) return 'a signature is not valid base64';
  const signature = Buffer.from(layer.signature, 'base64');
  if (!keys.some((k) => verifiesWith(k, layer.payload, signature)))
    return 'the signature does not verify with the key';
  return payloadProblem(layer.payload, image);
}

/** Claims that name the wrong image say more than a signature that does not verify. */
function mostTelling(problems: string[]): string {
  return problems.find((p) => p.startsWith('the signed payload')) ?? problems[0] ?? 'no signature';
}

function meets(layers: readonly SignatureLayer[], req: KeyRequirement, image: SignedImage): Verdict {
  const problems: string[] = [];
  for (const layer of layers) {
    const problem = layerProblem(layer, req.keys, image);
    if (problem === undefined) return { ok: true };
    problems.push(problem);
  }
  return {
    ok: false,
    reason: SignatureReason.Invalid,
    message: `no valid cosign signature by ${req.source} for ${image.digests[0] ?? ''}: ${mostTelling(problems)}`,
  };
}

/** Every requirement must be met by some layer. `layers` empty: the image is not signed. */
export function verifyCosignLayers(
  layers: readonly SignatureLayer[],
  requirements: readonly KeyRequirement[],
  image: SignedImage,
): Verdict {
  for (const req of requirements) {
    const verdict = meets(layers, req, image);
    if (!verdict.ok) return verdict;
  }
  return { ok: true };
}
