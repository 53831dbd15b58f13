import { describe, expect, it } from 'vitest';
import { isDigest } from '../../../src/api/digest.js';
import {
  formatDockerImageReference,
  InvalidReferenceError,
  normalizeDockerImageReference,
  parseDockerImageReference,
  parseDockerRef,
  referenceDigest,
  repositoryOf,
  withDigest,
} from '../../../src/api/docker-reference.js';

const D = `sha256:${'a'.repeat(64)}`;

describe('parseDockerImageReference (as written, no defaults)', () => {
  it.each([
    ['nginx', { registry: '', repository: 'nginx' }],
    ['nginx:1.25', { registry: '', repository: 'nginx', tag: '1.25' }],
    ['library/nginx', { registry: '', repository: 'library/nginx' }],
    ['docker.io/library/nginx:latest', { registry: 'docker.io', repository: 'library/nginx', tag: 'latest' }],
    ['localhost/foo', { registry: 'localhost', repository: 'foo' }],
    ['localhost:5000/a/b:t', { registry: 'localhost:5000', repository: 'a/b', tag: 't' }],
    ['127.0.0.1:5000/x@' + D, { registry: '127.0.0.1:5000', repository: 'x', digest: D }],
    ['quay.io/a/b:v1@' + D, { registry: 'quay.io', repository: 'a/b', tag: 'v1', digest: D }],
    ['[::1]:5000/foo:bar', { registry: '[::1]:5000', repository: 'foo', tag: 'bar' }],
    ['a__b/c-d.e_f---g', { registry: '', repository: 'a__b/c-d.e_f---g' }],
    ['Foo.Example.com/bar', { registry: 'Foo.Example.com', repository: 'bar' }],
    [
      'registry.redhat.io/ubi9/ruby-33:latest',
      { registry: 'registry.redhat.io', repository: 'ubi9/ruby-33', tag: 'latest' },
    ],
  ])('accepts %s', (input, expected) => {
    expect(parseDockerImageReference(input)).toEqual(expected);
  });

  it.each([
    ['', 'at least one component'],
    ['Nginx', 'repository name must be lowercase'],
    ['docker.io/library/Nginx', 'repository name must be lowercase'],
    ['nginx:' + 'a'.repeat(129), 'tag must not be longer than 128 characters'],
    ['nginx:-bad', 'invalid tag format'],
    ['nginx@sha256:abc', 'invalid digest format'],
    ['nginx@sha256:' + 'A'.repeat(64), 'must be lowercase'],
    ['nginx@sha256:' + 'a'.repeat(63), 'invalid checksum digest length'],
    ['nginx@sha256:' + 'a'.repeat(65), 'invalid checksum digest length'],
    ['nginx@md5:' + 'a'.repeat(32), 'unsupported digest algorithm'],
    ['a/' + 'b'.repeat(255), 'not be more than 255 characters'],
    ['foo//bar', 'invalid reference format'],
    ['foo_/bar', 'invalid reference format'],
    ['-foo', 'invalid reference format'],
    ['foo bar', 'invalid reference format'],
    [':tag', 'invalid reference format'],
    ['http://example.com/foo', 'invalid reference format'],
  ])('rejects %j with a message containing %j', (input, message) => {
    const attempt = () => parseDockerImageReference(input);
    expect(attempt).toThrow(InvalidReferenceError);
    expect(attempt).toThrow(message);
  });
});

describe('normalizeDockerImageReference (what docker pulls)', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.25', 'docker.io/library/nginx:1.25'],
    ['user/app', 'docker.io/user/app:latest'],
    ['index.docker.io/nginx', 'docker.io/library/nginx:latest'],
    ['localhost/foo', 'localhost/foo:latest'],
    ['localhost:5000/a/b:t', 'localhost:5000/a/b:t'],
    ['quay.io/a/b@' + D, 'quay.io/a/b@' + D],
    ['quay.io/a/b:v1@' + D, 'quay.io/a/b:v1@' + D],
    ['example.com:8080/app', 'example.com:8080/app:latest'],
  ])('%s -> %s', (input, expected) => {
    expect(formatDockerImageReference(normalizeDockerImageReference(input))).toBe(expected);
  });

  it('rejects a bare 64-hex string as docker does', () => {
    expect(() => normalizeDockerImageReference('a'.repeat(64))).toThrow(
      'cannot specify 64-byte hexadecimal strings',
    );
  });

  it('rejects upper case in the repository and names the offending text', () => {
    expect(() => normalizeDockerImageReference('FOO')).toThrow('repository name must be lowercase');
    expect(() => normalizeDockerImageReference('quay.io/Foo/bar')).toThrow('"Foo/bar"');
  });

  it('parseDockerRef drops the tag when a digest is given', () => {
    expect(parseDockerRef('nginx:1@' + D)).toEqual({
      registry: 'docker.io',
      repository: 'library/nginx',
      digest: D,
    });
  });
});

describe('helpers', () => {
  it('repositoryOf and withDigest build registry/repository@digest', () => {
    const ref = parseDockerImageReference('quay.io/a/b:v1');
    expect(repositoryOf(ref)).toBe('quay.io/a/b');
    expect(withDigest(ref, D)).toBe(`quay.io/a/b@${D}`);
    expect(withDigest('localhost:5000/x:t@' + D, D)).toBe(`localhost:5000/x@${D}`);
  });

  it('isDigest accepts only well-formed known digests', () => {
    expect(isDigest(D)).toBe(true);
    expect(isDigest(`sha512:${'0'.repeat(128)}`)).toBe(true);
    expect(isDigest('sha256:abc')).toBe(false);
    expect(isDigest('latest')).toBe(false);
    expect(isDigest(`sha256:${'A'.repeat(64)}`)).toBe(false);
  });
});

describe('referenceDigest', () => {
  const D1 = `sha256:${'1'.repeat(64)}`;
  it('extracts the digest and ignores tags', () => {
    expect(referenceDigest(`r:5000/a@${D1}`)).toBe(D1);
    expect(referenceDigest(`r:5000/a:v1@${D1}`)).toBe(D1);
    expect(referenceDigest('r:5000/a:v1')).toBeUndefined();
  });

  it('takes only valid digests (sha256, sha384, sha512 with their lengths), never throws', () => {
    expect(referenceDigest(`r/a@sha512:${'b'.repeat(128)}`)).toBe(`sha512:${'b'.repeat(128)}`);
    expect(referenceDigest('r/a@sha256:abc')).toBeUndefined();
    expect(referenceDigest(`r/a@md5:${'b'.repeat(32)}`)).toBeUndefined();
    expect(referenceDigest(`sha256:${'1'.repeat(64)}`)).toBeUndefined();
  });
});
