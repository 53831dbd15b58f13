/** Content digests: `algorithm:hex`, computed and compared over the exact bytes received. */
import { createHash } from 'node:crypto';

const ALGORITHMS: Readonly<Record<string, { hash: string; hexLength: number }>> = {
  sha256: { hash: 'sha256', hexLength: 64 },
  sha512: { hash: 'sha512', hexLength: 128 },
};

export function isDigest(reference: string): boolean {
  return parseDigest(reference) !== undefined;
}

export function parseDigest(value: string): { algorithm: string; hex: string } | undefined {
  const at = value.indexOf(':');
  if (at < 0) return undefined;
  const algorithm = value.slice(0, at);
  const hex = value.slice(at + 1);
  const known = ALGORITHMS[algorithm];
  if (!known || hex.length !== known.hexLength || !/^[a-f0-9]+$/.test(hex)) return undefined;
  return { algorithm, hex };
}

/** The digest of `bytes` with the given algorithm (sha256 unless told otherwise). */
export function digestOf(bytes: Uint8Array, algorithm = 'sha256'): string {
  const known = ALGORITHMS[algorithm];
  if (!known) throw new Error(`unsupported digest algorithm ${JSON.stringify(algorithm)}`);
  return `${algorithm}:${createHash(known.hash).update(bytes).digest('hex')}`;
}

/** True when `bytes` hash to `expected`, using the algorithm `expected` names. */
export function matchesDigest(bytes: Uint8Array, expected: string): boolean {
  const parsed = parseDigest(expected);
  if (!parsed) return false;
  return digestOf(bytes, parsed.algorithm) === expected;
}
