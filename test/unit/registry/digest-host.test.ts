import { describe, expect, it } from 'vitest';
import { digestOf, isDigest, matchesDigest, parseDigest } from '../../../src/registry/digest.js';
import { apiHost, canonicalRegistry } from '../../../src/registry/host.js';

describe('digests', () => {
  it('computes sha256 over the exact bytes', () => {
    expect(digestOf(Buffer.from(''))).toBe(
      'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('verifies with the algorithm the digest names', () => {
    const bytes = Buffer.from('{"a":1}');
    expect(matchesDigest(bytes, digestOf(bytes))).toBe(true);
    expect(matchesDigest(bytes, digestOf(bytes, 'sha512'))).toBe(true);
    expect(matchesDigest(Buffer.from('{"a":2}'), digestOf(bytes))).toBe(false);
    expect(matchesDigest(bytes, 'md5:abc')).toBe(false);
  });

  it('recognises digests, not tags', () => {
    expect(isDigest(`sha256:${'a'.repeat(64)}`)).toBe(true);
    expect(isDigest(`sha256:${'A'.repeat(64)}`)).toBe(false);
    expect(isDigest('sha256:abc')).toBe(false);
    expect(isDigest('latest')).toBe(false);
    expect(parseDigest(`sha512:${'0'.repeat(128)}`)?.algorithm).toBe('sha512');
  });
});

describe('registry hosts', () => {
  it('sends Docker Hub requests to registry-1.docker.io', () => {
    expect(apiHost('docker.io')).toBe('registry-1.docker.io');
    expect(apiHost('index.docker.io')).toBe('registry-1.docker.io');
    expect(apiHost('quay.io')).toBe('quay.io');
    expect(apiHost('127.0.0.1:5000')).toBe('127.0.0.1:5000');
  });

  it('files every Docker Hub name and URL form under docker.io', () => {
    expect(canonicalRegistry('https://index.docker.io/v1/')).toBe('docker.io');
    expect(canonicalRegistry('registry-1.docker.io')).toBe('docker.io');
    expect(canonicalRegistry('http://Reg.Local:5000/v2/')).toBe('reg.local:5000');
    expect(canonicalRegistry('ghcr.io')).toBe('ghcr.io');
  });
});

describe('Docker Hub repositories', () => {
  it('puts single-name Docker Hub repositories under library/', async () => {
    const { apiRepository } = await import('../../../src/registry/host.js');
    expect(apiRepository('docker.io', 'nginx')).toBe('library/nginx');
    expect(apiRepository('docker.io', 'bitnami/nginx')).toBe('bitnami/nginx');
    expect(apiRepository('quay.io', 'nginx')).toBe('nginx');
  });
});
