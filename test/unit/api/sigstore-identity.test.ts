import { describe, expect, it } from 'vitest';
import { validateSigstoreIdentityAnnotations } from '../../../src/api/validation/sigstore-identity.js';
import { identityMatches, sigstoreIdentityOfAnnotations } from '../../../src/api/sigstore-identity.js';

const IDENTITY = 'imagestreams.io/verify-cosign-identity';
const REGEXP = 'imagestreams.io/verify-cosign-identity-regexp';
const ISSUER = 'imagestreams.io/verify-cosign-issuer';
const OIDC = 'https://accounts.example.com';

describe('the keyless signer annotations', () => {
  it('accepts an identity or a regexp with an issuer, and no annotation at all', () => {
    expect(validateSigstoreIdentityAnnotations({ [IDENTITY]: 'a@example.com', [ISSUER]: OIDC })).toEqual([]);
    expect(validateSigstoreIdentityAnnotations({ [REGEXP]: '^.*@example\\.com$', [ISSUER]: OIDC })).toEqual(
      [],
    );
    expect(validateSigstoreIdentityAnnotations(undefined)).toEqual([]);
    expect(validateSigstoreIdentityAnnotations({ other: 'x' })).toEqual([]);
  });

  it.each([
    ['a regexp that does not compile', { [REGEXP]: '(a', [ISSUER]: OIDC }, REGEXP],
    ['a Perl-only construct RE2 lacks (a backreference)', { [REGEXP]: '(a)\\1', [ISSUER]: OIDC }, REGEXP],
    ['an identity without issuer', { [IDENTITY]: 'a@example.com' }, ISSUER],
    ['a regexp without issuer', { [REGEXP]: '.*' }, ISSUER],
    ['an issuer alone', { [ISSUER]: OIDC }, IDENTITY],
    ['identity and regexp together', { [IDENTITY]: 'a@example.com', [REGEXP]: '.*', [ISSUER]: OIDC }, REGEXP],
    ['an empty issuer', { [IDENTITY]: 'a@example.com', [ISSUER]: '' }, ISSUER],
    ['a huge identity', { [IDENTITY]: 'a'.repeat(2000), [ISSUER]: OIDC }, IDENTITY],
  ])('refuses %s, naming the annotation', (_what, annotations, field) => {
    const causes = validateSigstoreIdentityAnnotations(annotations);
    expect(causes).toHaveLength(1);
    expect(causes[0]?.field).toBe(`metadata.annotations[${field}]`);
  });

  it('matches the SAN exactly or by the regexp, and the issuer exactly', () => {
    const exact = sigstoreIdentityOfAnnotations({ [IDENTITY]: 'a@example.com', [ISSUER]: OIDC });
    const byRegexp = sigstoreIdentityOfAnnotations({ [REGEXP]: '^[a-z]@example\\.com$', [ISSUER]: OIDC });
    if (!exact || !byRegexp) throw new Error('no identity');
    expect(identityMatches(exact, 'a@example.com', OIDC)).toBe(true);
    expect(identityMatches(exact, 'a@example.com.evil', OIDC)).toBe(false);
    expect(identityMatches(exact, 'a@example.com', `${OIDC}/`)).toBe(false);
    expect(identityMatches(exact, undefined, OIDC)).toBe(false);
    expect(identityMatches(byRegexp, 'b@example.com', OIDC)).toBe(true);
    expect(identityMatches(byRegexp, 'bb@example.com', OIDC)).toBe(false);
  });
});
