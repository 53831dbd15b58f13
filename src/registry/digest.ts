/**
 * Content digests: `algorithm:hex`, computed and compared over the exact bytes received. Which
 * digests are valid is src/api/digest.ts's (sha256, sha384, sha512); node's hash names are the
 * algorithms' names.
 */
import { createHash } from 'node:crypto';
import { DIGEST_HEX_LENGTHS, isDigest, parseDigest } from '../api/digest.js';

export { isDigest, parseDigest };

/** The digest of `bytes` with the given algorithm (sha256 unless told otherwise). */
export function digestOf(bytes: Uint8Array, algorithm = 'sha256'): string {
  if (!Object.hasOwn(DIGEST_HEX_LENGTHS, algorithm))
    throw new Error(`unsupported digest algorithm ${JSON.stringify(algorithm)}`);
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/** True when `bytes` hash to `expected`, using the algorithm `expected` names. */
export function matchesDigest(bytes: Uint8Array, expected: string): boolean {
  const parsed = parseDigest(expected);
  if (!parsed) return false;
  return digestOf(bytes, parsed.algorithm) === expected;
}
