import { describe, expect, it } from 'vitest';
import { registryConfig } from '../../../src/integrated-registry/registry-config.js';

const input = {
  addr: '127.0.0.1:5000',
  storageDir: '/data/registry/storage',
  httpSecret: 'upload-secret',
  notify: [
    {
      name: 'integrated-registry',
      url: 'http://127.0.0.1:4000/notifications/integrated-registry',
      token: 't0k',
    },
    {
      name: 'imagestreams-distribution',
      url: 'http://127.0.0.1:8443/notifications/distribution',
      token: 'other',
    },
  ],
};

describe('registryConfig', () => {
  it('stores blobs on the filesystem under the given storage dir and listens on the address', () => {
    const c = registryConfig(input) as {
      storage: { filesystem: { rootdirectory: string } };
      http: { addr: string };
    };
    expect(c.storage.filesystem.rootdirectory).toBe('/data/registry/storage');
    expect(c.http.addr).toBe('127.0.0.1:5000');
  });

  it('notifies every target with its own bearer token header, and leaves pulls and blob uploads out', () => {
    const c = registryConfig(input) as {
      notifications: {
        endpoints: {
          url: string;
          headers: { Authorization: string[] };
          ignore: { actions: string[]; mediatypes: string[] };
        }[];
      };
    };
    expect(c.notifications.endpoints.map((e) => [e.url, e.headers.Authorization])).toEqual([
      ['http://127.0.0.1:4000/notifications/integrated-registry', ['Bearer t0k']],
      ['http://127.0.0.1:8443/notifications/distribution', ['Bearer other']],
    ]);
    expect(c.notifications.endpoints[0]?.ignore.actions).toEqual(['pull']);
    expect(c.notifications.endpoints[0]?.ignore.mediatypes).toEqual(['application/octet-stream']);
  });

  it('logs at warn, so the registry never prints the endpoint headers (the tokens)', () => {
    const c = registryConfig(input) as { log: { level: string } };
    expect(c.log.level).toBe('warn');
  });
});
