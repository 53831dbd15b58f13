import { describe, expect, it } from 'vitest';
import { createCredentialStore } from '../../../../src/registry/index.js';
import { registryAuthFor, registryOf } from '../../../../src/triggers/controller/registry-auth.js';

describe('registryOf', () => {
  it('finds the registry host of a reference as Docker parses it', () => {
    expect(registryOf('127.0.0.1:5000/default/app@sha256:ab')).toBe('127.0.0.1:5000');
    expect(registryOf('quay.io/org/app@sha256:ab')).toBe('quay.io');
    expect(registryOf('localhost/app@sha256:ab')).toBe('localhost');
    expect(registryOf('library/busybox@sha256:ab')).toBe('docker.io');
    expect(registryOf('busybox@sha256:ab')).toBe('docker.io');
  });
});

describe('registryAuthFor', () => {
  const credentials = createCredentialStore({
    '127.0.0.1:5000': { username: 'u', password: 'p' },
    'https://index.docker.io/v1/': { username: 'hub', password: 'h' },
  });
  it('passes the credentials of the image’s registry only', () => {
    expect(registryAuthFor('127.0.0.1:5000/a@sha256:ab', credentials)).toEqual({
      username: 'u',
      password: 'p',
      serveraddress: '127.0.0.1:5000',
    });
    expect(registryAuthFor('busybox@sha256:ab', credentials)?.serveraddress).toBe(
      'https://index.docker.io/v1/',
    );
    expect(registryAuthFor('quay.io/a@sha256:ab', credentials)).toBeUndefined();
    expect(registryAuthFor('quay.io/a@sha256:ab', undefined)).toBeUndefined();
  });
});
