import { describe, expect, it } from 'vitest';
import {
  CredentialsParseError,
  combineCredentialStores,
  createCredentialStore,
  parseDockerConfig,
} from '../../../../src/registry/auth/credentials.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('parseDockerConfig', () => {
  it('reads base64 auth and username/password entries', () => {
    const store = parseDockerConfig({
      auths: {
        'quay.io': { auth: b64('robot:pa:ss') },
        'ghcr.io': { username: 'me', password: 'tok' },
      },
    });
    expect(store.get('quay.io')).toEqual({ username: 'robot', password: 'pa:ss' });
    expect(store.get('ghcr.io')).toEqual({ username: 'me', password: 'tok' });
    expect(store.get('gcr.io')).toBeUndefined();
  });

  it('normalises every key form to the registry host', () => {
    const store = parseDockerConfig(
      JSON.stringify({
        auths: {
          'https://index.docker.io/v1/': { auth: b64('hub:1') },
          'http://reg.local:5000/v2/': { auth: b64('local:2') },
          'HTTPS://Other.Example/': { auth: b64('other:3') },
        },
      }),
    );
    for (const host of ['docker.io', 'index.docker.io', 'registry-1.docker.io']) {
      expect(store.get(host)?.username).toBe('hub');
    }
    expect(store.get('reg.local:5000')?.username).toBe('local');
    expect(store.get('reg.local')).toBeUndefined();
    expect(store.get('other.example')?.username).toBe('other');
  });

  it('reads the legacy .dockercfg form without "auths"', () => {
    expect(parseDockerConfig({ 'reg.io': { auth: b64('a:b') } }).get('reg.io')).toEqual({
      username: 'a',
      password: 'b',
    });
  });

  it('skips entries without usable credentials', () => {
    const store = parseDockerConfig({
      auths: { 'a.io': { auth: b64('nocolon') }, 'b.io': {} },
      credHelpers: { 'c.io': 'x' },
    });
    expect(store.get('a.io')).toBeUndefined();
    expect(store.get('b.io')).toBeUndefined();
  });

  it('refuses invalid input without quoting it', () => {
    const secret = '{"auths": {"a.io": {"auth": 12345, "password": "hunter2"}}';
    const err = (() => {
      try {
        parseDockerConfig(secret);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(CredentialsParseError);
    expect(String((err as Error).message)).not.toContain('hunter2');
    expect(() => parseDockerConfig({ auths: { 'a.io': { auth: 5 } } })).toThrow(CredentialsParseError);
    expect(() => parseDockerConfig('[1,2]')).toThrow(CredentialsParseError);
  });
});

describe('credential stores', () => {
  it('the first entry for a host wins, and combined stores are asked in order', () => {
    const a = createCredentialStore({
      'docker.io': { username: 'a', password: '1' },
      'https://index.docker.io/v1/': { username: 'b', password: '2' },
    });
    expect(a.get('docker.io')?.username).toBe('a');
    const b = createCredentialStore({
      'quay.io': { username: 'q', password: '3' },
      'docker.io': { username: 'z', password: '4' },
    });
    const both = combineCredentialStores(a, b);
    expect(both.get('docker.io')?.username).toBe('a');
    expect(both.get('quay.io')?.username).toBe('q');
    expect(both.get('nope.io')).toBeUndefined();
  });
});

describe('config.json without auths', () => {
  it('a config that only names credential helpers gives no credentials instead of failing', () => {
    expect(
      parseDockerConfig({ credsStore: 'desktop', credHelpers: { 'gcr.io': 'gcloud' } }).get('gcr.io'),
    ).toBeUndefined();
  });
});
