import { describe, expect, it } from 'vitest';
import { createRealmTrust, parseTrustedRealms } from '../../../../src/registry/auth/realm-trust.js';

const url = (u: string) => new URL(u);

describe('token realm trust', () => {
  const trust = createRealmTrust();

  it("trusts the registry's own host name on any port", () => {
    expect(trust.trusts('registry.example.com', url('https://registry.example.com/token'))).toBe(true);
    expect(trust.trusts('127.0.0.1:5000', url('http://127.0.0.1:5001/token'))).toBe(true);
    expect(trust.trusts('[::1]:5000', url('http://[::1]:5001/token'))).toBe(true);
  });

  it('trusts the built-in pairs of the well-known registries and nothing else', () => {
    expect(trust.trusts('docker.io', url('https://auth.docker.io/token'))).toBe(true);
    expect(trust.trusts('registry-1.docker.io', url('https://auth.docker.io/token'))).toBe(true);
    expect(trust.trusts('registry.redhat.io', url('https://sso.redhat.com/auth/realms/rhcc/x'))).toBe(true);
    expect(trust.trusts('registry.gitlab.com', url('https://gitlab.com/jwt/auth'))).toBe(true);
    expect(trust.trusts('quay.io', url('https://quay.io/v2/auth'))).toBe(true);
    expect(trust.trusts('ghcr.io', url('https://ghcr.io/token'))).toBe(true);
    expect(trust.trusts('quay.io', url('https://auth.docker.io/token'))).toBe(false);
    expect(trust.trusts('docker.io', url('https://auth.docker.io:8443/token'))).toBe(false);
    expect(trust.trusts('evil.example', url('https://sso.redhat.com/token'))).toBe(false);
  });

  it('adds configured pairs, and bare hosts for every registry', () => {
    const t = createRealmTrust(['registry.example.com=gitlab.example.com', 'auth.corp.example:8443']);
    expect(t.trusts('registry.example.com', url('https://gitlab.example.com/jwt/auth'))).toBe(true);
    expect(t.trusts('other.example.com', url('https://gitlab.example.com/jwt/auth'))).toBe(false);
    expect(t.trusts('any.example', url('https://auth.corp.example:8443/t'))).toBe(true);
    expect(t.trusts('any.example', url('https://auth.corp.example/t'))).toBe(false);
  });

  it('refuses an entry with an empty side', () => {
    expect(() => parseTrustedRealms(['registry.example.com='])).toThrow(/--trusted-token-realms/);
  });
});
