import { describe, expect, it } from 'vitest';
import {
  RateLimitObserver,
  parseRateLimitValue,
  rateLimitFromHeaders,
} from '../../../src/registry/rate-limit.js';

describe('Docker Hub rate-limit headers', () => {
  it('parses value and window', () => {
    expect(parseRateLimitValue('100;w=21600')).toEqual({ value: 100, windowSeconds: 21600 });
    expect(parseRateLimitValue('76')).toEqual({ value: 76 });
    expect(parseRateLimitValue(' 5 ; w = 60 ')).toEqual({ value: 5, windowSeconds: 60 });
  });

  it('rejects malformed values', () => {
    expect(parseRateLimitValue(undefined)).toBeUndefined();
    expect(parseRateLimitValue('')).toBeUndefined();
    expect(parseRateLimitValue('abc;w=1')).toBeUndefined();
    expect(parseRateLimitValue('-1')).toBeUndefined();
  });

  it('combines limit and remaining from response headers', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(
      rateLimitFromHeaders({ 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '76;w=21600' }, at),
    ).toEqual({ limit: 100, remaining: 76, windowSeconds: 21600, observedAt: at });
    expect(rateLimitFromHeaders({ 'ratelimit-remaining': '76' }, at)).toBeUndefined();
  });

  it('the observer keeps the last state per registry and tells the listener', () => {
    const seen: string[] = [];
    const o = new RateLimitObserver((r, s) => seen.push(`${r}:${s.remaining}`));
    const at = new Date();
    o.record('docker.io', { limit: 100, remaining: 10, observedAt: at });
    o.record('docker.io', { limit: 100, remaining: 9, observedAt: at });
    expect(o.get('docker.io')?.remaining).toBe(9);
    expect(o.get('quay.io')).toBeUndefined();
    expect(seen).toEqual(['docker.io:10', 'docker.io:9']);
  });
});
