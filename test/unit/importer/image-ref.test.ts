import { describe, expect, it } from 'vitest';
import { exactReference, parseImportReference } from '../../../src/importer/image-ref.js';

const D = 'sha256:' + 'a'.repeat(64);

describe('parseImportReference', () => {
  it('normalises Docker Hub short names', () => {
    expect(parseImportReference('nginx')).toEqual({
      registry: 'docker.io',
      repository: 'library/nginx',
      tag: 'latest',
    });
    expect(parseImportReference('bitnami/redis:7')).toEqual({
      registry: 'docker.io',
      repository: 'bitnami/redis',
      tag: '7',
    });
    expect(parseImportReference('index.docker.io/nginx').repository).toBe('library/nginx');
  });

  it('recognises hosts with ports, localhost and tag plus digest', () => {
    expect(parseImportReference(`127.0.0.1:5000/team/app:1.0@${D}`)).toEqual({
      registry: '127.0.0.1:5000',
      repository: 'team/app',
      tag: '1.0',
      digest: D,
    });
    expect(parseImportReference('localhost/app').registry).toBe('localhost');
  });

  it('rejects upper-case repositories, bad tags and bad digests', () => {
    expect(() => parseImportReference('quay.io/Team/app')).toThrow(/lowercase/);
    expect(() => parseImportReference('app:-bad')).toThrow();
    expect(() => parseImportReference('app@sha256:xyz')).toThrow();
    expect(() => parseImportReference('')).toThrow(/empty/);
  });

  it('prints the exact reference with registry, tag and digest', () => {
    expect(exactReference(parseImportReference('ubi8/openjdk-8:1.14'))).toBe('docker.io/ubi8/openjdk-8:1.14');
  });
});
