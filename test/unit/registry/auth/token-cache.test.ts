import { describe, expect, it } from 'vitest';
import { TokenCache, tokenCacheKey, tokenLifetimeMs } from '../../../../src/registry/auth/token-cache.js';

describe('token cache', () => {
  it('keeps a token until expires_in minus a margin (60 s by default)', () => {
    expect(tokenLifetimeMs(300)).toBe(290_000);
    expect(tokenLifetimeMs(undefined)).toBe(50_000);
    expect(tokenLifetimeMs(10)).toBe(5_000);
    let now = 0;
    const cache = new TokenCache(() => now);
    cache.set('k', 'tok', 60);
    now = 49_999;
    expect(cache.get('k')).toBe('tok');
    now = 50_000;
    expect(cache.get('k')).toBeUndefined();
  });

  it('keys by realm, service, scope set and credential, without the password in clear', () => {
    const base = {
      realm: 'https://auth/t',
      service: 's',
      scopes: ['repository:a:pull'],
      credential: { username: 'u', password: 'secret-pw' },
    };
    const k = tokenCacheKey(base);
    expect(k).not.toContain('secret-pw');
    expect(tokenCacheKey({ ...base, credential: undefined })).not.toBe(k);
    expect(tokenCacheKey({ ...base, credential: { username: 'u', password: 'other' } })).not.toBe(k);
    expect(tokenCacheKey({ ...base, scopes: ['repository:b:pull'] })).not.toBe(k);
    expect(tokenCacheKey({ ...base, scopes: ['b', 'a'] })).toBe(
      tokenCacheKey({ ...base, scopes: ['a', 'b'] }),
    );
  });

  it('delete forgets a refused token', () => {
    const cache = new TokenCache(() => 0);
    cache.set('k', 'tok', 60);
    cache.delete('k');
    expect(cache.get('k')).toBeUndefined();
  });
});
