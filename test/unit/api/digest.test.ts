import { describe, expect, it } from 'vitest';
import { digestProblem, isDigest, parseDigest } from '../../../src/api/digest.js';
import { digestOrUndefined } from '../../../src/notifications/inbound/push-event.js';
import { digestOf, matchesDigest } from '../../../src/registry/digest.js';

const hex = (n: number): string => 'a'.repeat(n);

describe('digests (OCI image spec, go-digest)', () => {
  it.each([
    ['sha256', 64],
    ['sha384', 96],
    ['sha512', 128],
  ])('accepts %s with exactly %i lowercase hex characters, and no other length', (algorithm, length) => {
    expect(isDigest(`${algorithm}:${hex(length)}`)).toBe(true);
    expect(parseDigest(`${algorithm}:${hex(length)}`)).toEqual({ algorithm, hex: hex(length) });
    expect(digestProblem(`${algorithm}:${hex(length - 1)}`)).toMatch(
      `invalid checksum digest length: ${algorithm} needs ${length} hex characters, got ${length - 1}`,
    );
    expect(isDigest(`${algorithm}:${hex(length + 1)}`)).toBe(false);
  });

  it('refuses another algorithm, uppercase hex, and what is no digest, saying why', () => {
    expect(digestProblem(`md5:${hex(32)}`)).toBe(
      'unsupported digest algorithm "md5" (sha256, sha384 or sha512)',
    );
    expect(digestProblem(`sha256:${'A'.repeat(64)}`)).toMatch(/must be lowercase/);
    expect(digestProblem('latest')).toMatch(/^invalid digest format/);
    expect(digestProblem('sha256:abc')).toMatch(/^invalid digest format/);
    expect(parseDigest(`sha256:${hex(128)}`)).toBeUndefined();
  });

  it('is the check of push notifications: a sha256 with 128 hex characters is no digest', () => {
    expect(digestOrUndefined(`sha256:${hex(128)}`)).toBeUndefined();
    expect(digestOrUndefined(`sha512:${hex(64)}`)).toBeUndefined();
    expect(digestOrUndefined(`sha384:${hex(96)}`)).toBe(`sha384:${hex(96)}`);
  });

  it('is the check of registry answers: sha384 content is computed and verified', () => {
    const bytes = Buffer.from('{"a":1}');
    const d = digestOf(bytes, 'sha384');
    expect(d).toMatch(/^sha384:[a-f0-9]{96}$/);
    expect(matchesDigest(bytes, d)).toBe(true);
    expect(() => digestOf(bytes, 'md5')).toThrow(/unsupported digest algorithm/);
  });
});
