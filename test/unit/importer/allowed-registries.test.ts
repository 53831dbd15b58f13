import { describe, expect, it } from 'vitest';
import { createRegistryAllowList } from '../../../src/importer/allowed-registries.js';

describe('createRegistryAllowList', () => {
  it('allows every registry when the list is empty', () => {
    expect(createRegistryAllowList([]).allows('anything.example:5000')).toBe(true);
    expect(createRegistryAllowList('').check('x.io')).toBeUndefined();
  });

  it('matches wildcards against whole host names', () => {
    const list = createRegistryAllowList(['*.example.com']);
    expect(list.allows('registry.example.com')).toBe(true);
    expect(list.allows('a.b.example.com')).toBe(true);
    expect(list.allows('example.com')).toBe(false);
    expect(list.allows('evilexample.com')).toBe(false);
  });

  it('treats a pattern without port as default ports only, and an explicit port exactly', () => {
    const list = createRegistryAllowList('quay.io, 127.0.0.1:5000, dev.local:*');
    expect(list.allows('quay.io')).toBe(true);
    expect(list.allows('quay.io:443')).toBe(true);
    expect(list.allows('quay.io:8443')).toBe(false);
    expect(list.allows('127.0.0.1:5000')).toBe(true);
    expect(list.allows('127.0.0.1:5001')).toBe(false);
    expect(list.allows('dev.local:1234')).toBe(true);
  });

  it('treats the Docker Hub host names as one registry, case-insensitively', () => {
    const list = createRegistryAllowList(['docker.io']);
    expect(list.allows('registry-1.docker.io')).toBe(true);
    expect(list.allows('Index.Docker.IO')).toBe(true);
  });

  it('refuses with a 403 that names the registry and the list', () => {
    const err = createRegistryAllowList(['quay.io']).check('evil.io:5000');
    expect(err?.code).toBe(403);
    expect(err?.reason).toBe('Forbidden');
    expect(err?.message).toBe('registry "evil.io:5000" not allowed by whitelist: "quay.io"');
  });
});
