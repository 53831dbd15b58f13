import { describe, expect, it } from 'vitest';
import {
  CosignTagKind,
  parseCosignTag,
  referrersTag,
  signatureTag,
  signedDigestOfTag,
} from '../../../src/api/cosign-tag.js';

const sha256 = `sha256:${'a'.repeat(64)}`;
const sha384 = `sha384:${'b'.repeat(96)}`;
const sha512 = `sha512:${'c'.repeat(128)}`;
const dashed = (digest: string) => digest.replace(':', '-');

describe('cosign tags', () => {
  it.each([
    [CosignTagKind.Signature, '.sig'],
    [CosignTagKind.Attestation, '.att'],
    [CosignTagKind.Sbom, '.sbom'],
    [CosignTagKind.Referrers, ''],
  ])('reads the digest of a %s tag', (kind, suffix) => {
    expect(parseCosignTag(`${dashed(sha256)}${suffix}`)).toEqual({ kind, digest: sha256 });
    expect(parseCosignTag(`${dashed(sha384)}${suffix}`)).toEqual({ kind, digest: sha384 });
  });

  it('reads sha512 signature tags', () => {
    expect(parseCosignTag(`${dashed(sha512)}.sig`)).toEqual({
      kind: CosignTagKind.Signature,
      digest: sha512,
    });
  });

  it.each([
    'latest',
    'v1.2.3',
    `${dashed(sha256)}.sig.x`,
    `${dashed(sha256)}.SIG`,
    `${dashed(sha256)}.pub`,
    `sha256-${'a'.repeat(63)}.sig`,
    `sha256-${'a'.repeat(65)}`,
    `sha256-${'A'.repeat(64)}.sig`,
    `md5-${'a'.repeat(32)}.sig`,
    `sha384-${'b'.repeat(64)}.sig`,
    `x${dashed(sha256)}.sig`,
  ])('takes %s for an ordinary tag', (tag) => {
    expect(parseCosignTag(tag)).toBeUndefined();
  });

  it('writes the tags cosign looks for, which read back to their digest', () => {
    expect(signatureTag(sha256)).toBe(`sha256-${'a'.repeat(64)}.sig`);
    expect(referrersTag(sha256)).toBe(`sha256-${'a'.repeat(64)}`);
    expect(parseCosignTag(signatureTag(sha384))?.digest).toBe(sha384);
    expect(parseCosignTag(referrersTag(sha256))?.digest).toBe(sha256);
  });

  it('truncates the referrers tag to 64 hex characters as the OCI tag schema does', () => {
    expect(referrersTag(sha512)).toBe(`sha512-${'c'.repeat(64)}`);
    expect(referrersTag(sha512).length).toBeLessThanOrEqual(128);
    // the digest cannot be read back from a truncated tag
    expect(parseCosignTag(referrersTag(sha512))).toBeUndefined();
  });
  it("reads the signed digest from cosign's tags only", () => {
    expect(signedDigestOfTag(`sha256-${'a'.repeat(64)}.sig`)).toBe(`sha256:${'a'.repeat(64)}`);
    expect(signedDigestOfTag(`sha256-${'a'.repeat(64)}`)).toBe(`sha256:${'a'.repeat(64)}`);
    expect(signedDigestOfTag(`sha384-${'b'.repeat(96)}.sig`)).toBe(`sha384:${'b'.repeat(96)}`);
    for (const tag of [
      'latest',
      `sha256-${'a'.repeat(64)}.att`,
      `sha256-${'a'.repeat(64)}.sbom`,
      `sha384-${'a'.repeat(64)}.sig`,
      `sha256-${'a'.repeat(63)}.sig`,
      `sha256-${'a'.repeat(64)}.sig.x`,
    ])
      expect(signedDigestOfTag(tag)).toBeUndefined();
  });
});
