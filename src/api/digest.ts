/**
 * Content digests (`algorithm:hex`) as the OCI image spec and go-digest define them: sha256,
 * sha384 and sha512, each with exactly its hex length (64, 96, 128), lowercase hex only. The one
 * validator of every digest the server reads: API fields, registry answers, push notifications.
 * Pure.
 */

/** The hex length of each algorithm's encoded hash. */
export const DIGEST_HEX_LENGTHS = { sha256: 64, sha384: 96, sha512: 128 } as const;

export type DigestAlgorithm = keyof typeof DIGEST_HEX_LENGTHS;

/** distribution/reference's digest grammar (a pattern source, composed into the reference grammar) */
export const DIGEST_PATTERN = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const DIGEST_SHAPE = new RegExp(`^${DIGEST_PATTERN}$`);
const LOWER_HEX = /^[a-f0-9]+$/;

function isAlgorithm(name: string): name is DigestAlgorithm {
  return Object.hasOwn(DIGEST_HEX_LENGTHS, name);
}

/** Why `s` is not a valid digest, or undefined when it is (go-digest's checks and messages). */
export function digestProblem(s: string): string | undefined {
  if (!DIGEST_SHAPE.test(s))
    return 'invalid digest format: must be <algorithm>:<hex>, e.g. sha256:<64 hex characters>';
  const colon = s.indexOf(':');
  const algorithm = s.slice(0, colon);
  const hex = s.slice(colon + 1);
  if (!isAlgorithm(algorithm))
    return `unsupported digest algorithm "${algorithm}" (sha256, sha384 or sha512)`;
  if (!LOWER_HEX.test(hex)) return 'invalid checksum digest format: the hex part must be lowercase';
  const length = DIGEST_HEX_LENGTHS[algorithm];
  if (hex.length !== length)
    return `invalid checksum digest length: ${algorithm} needs ${length} hex characters, got ${hex.length}`;
  return undefined;
}

/** `sha256:<64 lowercase hex>`, or sha384/sha512 with their lengths. */
export function isDigest(s: string): boolean {
  return digestProblem(s) === undefined;
}

/** The parts of a valid digest, or undefined. */
export function parseDigest(s: string): { algorithm: DigestAlgorithm; hex: string } | undefined {
  if (!isDigest(s)) return undefined;
  const colon = s.indexOf(':');
  return { algorithm: s.slice(0, colon) as DigestAlgorithm, hex: s.slice(colon + 1) };
}
