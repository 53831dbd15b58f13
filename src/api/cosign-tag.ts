/**
 * The tags cosign writes next to an image, named after the image's digest with `:` turned into
 * `-`: `<alg>-<hex>.sig` (signatures), `.att` (attestations), `.sbom` (SBOMs), and the bare
 * `<alg>-<hex>`, the OCI referrers tag schema's fallback index that holds Sigstore bundles. The
 * one reader and writer of that form. Algorithms are those of the one digest validator (sha256,
 * sha384, sha512). Pure.
 */
import { isDigest } from './digest.js';

export const CosignTagKind = {
  Signature: 'sig',
  Attestation: 'att',
  Sbom: 'sbom',
  /** the referrers tag schema's index (OCI distribution spec 1.1) */
  Referrers: 'referrers',
} as const;
export type CosignTagKind = (typeof CosignTagKind)[keyof typeof CosignTagKind];

export interface CosignTag {
  kind: CosignTagKind;
  /** the digest the tag is about */
  digest: string;
}

const COSIGN_TAG = /^(sha256|sha384|sha512)-([0-9a-f]+)(?:\.(sig|att|sbom))?$/;
/** the referrers tag schema truncates the algorithm to 32 characters and the hex to 64 */
const REFERRERS_HEX_MAX = 64;

/**
 * What a cosign tag is about, or undefined for any other tag. A referrers tag of a sha384 or
 * sha512 digest carries only the first 64 hex characters: the digest cannot be read back, so it
 * is not recognised.
 */
export function parseCosignTag(tag: string): CosignTag | undefined {
  const m = COSIGN_TAG.exec(tag);
  if (!m) return undefined;
  const [, algorithm, hex, suffix] = m;
  const digest = `${algorithm}:${hex}`;
  if (!isDigest(digest)) return undefined;
  return { kind: (suffix as CosignTagKind | undefined) ?? CosignTagKind.Referrers, digest };
}

const SIGNATURE_KINDS: ReadonlySet<CosignTagKind> = new Set([
  CosignTagKind.Signature,
  CosignTagKind.Referrers,
]);

/**
 * The digest whose signatures a push of `tag` brings (cosign's `.sig` tag, or the referrers index
 * where cosign 3 attaches Sigstore bundles); undefined for every other tag.
 */
export function signedDigestOfTag(tag: string): string | undefined {
  const parsed = parseCosignTag(tag);
  return parsed && SIGNATURE_KINDS.has(parsed.kind) ? parsed.digest : undefined;
}

/** `sha256:abc…` -> `sha256-abc….sig`, where `cosign sign` puts the signatures of the digest */
export function signatureTag(digest: string): string {
  return `${digest.replace(':', '-')}.sig`;
}

/** `sha256:abc…` -> `sha256-abc…`, the referrers tag schema's index of the digest */
export function referrersTag(digest: string): string {
  const colon = digest.indexOf(':');
  return `${digest.slice(0, Math.min(colon, 32))}-${digest.slice(colon + 1, colon + 1 + REFERRERS_HEX_MAX)}`;
}
