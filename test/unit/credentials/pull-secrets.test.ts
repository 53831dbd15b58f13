import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import {
  credentialsFromSecrets,
  namespaceCredentials,
  serverWideAllowed,
} from '../../../src/credentials/pull-secrets.js';
import { createCredentialStore } from '../../../src/registry/index.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

function pullSecret(name: string, auths: Record<string, [string, string]>, legacy = false): KubeObject {
  const entries = Object.fromEntries(
    Object.entries(auths).map(([host, [u, p]]) => [host, { auth: b64(`${u}:${p}`) }]),
  );
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: 'team' },
    type: legacy ? 'kubernetes.io/dockercfg' : 'kubernetes.io/dockerconfigjson',
    data: legacy
      ? { '.dockercfg': b64(JSON.stringify(entries)) }
      : { '.dockerconfigjson': b64(JSON.stringify({ auths: entries })) },
  };
}

const serverWide = createCredentialStore({
  'registry.example:5000': { username: 'ops', password: 'ops-pw' },
});

describe('pull credentials of a namespace', () => {
  it('uses every docker config Secret of the namespace, matched by registry host', () => {
    const creds = credentialsFromSecrets([
      pullSecret('a', { 'https://quay.example/v1/': ['qa', 'qa-pw'] }),
      pullSecret('b', { 'registry.example:5000': ['rb', 'rb-pw'] }, true),
    ]);
    expect(creds.get('quay.example')).toEqual({ username: 'qa', password: 'qa-pw' });
    expect(creds.get('registry.example:5000')).toEqual({ username: 'rb', password: 'rb-pw' });
    expect(creds.get('other.example')).toBeUndefined();
  });

  it('lets the first Secret by name win for a host, whatever the listing order', () => {
    const z = pullSecret('z', { 'h.example': ['z', 'z-pw'] });
    const a = pullSecret('a', { 'h.example': ['a', 'a-pw'] });
    expect(credentialsFromSecrets([z, a]).get('h.example')?.username).toBe('a');
  });

  it('ignores Opaque Secrets and docker configs that do not parse', () => {
    const opaque: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'o' },
      type: 'Opaque',
      data: { '.dockerconfigjson': b64(JSON.stringify({ auths: { 'h.example': { auth: b64('u:p') } } })) },
    };
    const broken: KubeObject = {
      ...opaque,
      metadata: { name: 'x' },
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': b64('{not json') },
    };
    expect(credentialsFromSecrets([opaque, broken]).get('h.example')).toBeUndefined();
  });

  it('adds the server-wide credentials only for the namespaces allowed', () => {
    const opts = { serverWide, serverWideNamespaces: ['ops', 'build'] };
    expect(namespaceCredentials('ops', [], opts).get('registry.example:5000')?.username).toBe('ops');
    expect(namespaceCredentials('team', [], opts).get('registry.example:5000')).toBeUndefined();
    expect(namespaceCredentials('team', [], { serverWide }).get('registry.example:5000')).toBeUndefined();
    expect(
      namespaceCredentials('team', [], { serverWide, serverWideNamespaces: ['*'] }).get(
        'registry.example:5000',
      ),
    ).toBeDefined();
  });

  it("prefers the namespace's own Secret over the server-wide credentials for the same host", () => {
    const own = pullSecret('mine', { 'registry.example:5000': ['me', 'me-pw'] });
    const creds = namespaceCredentials('ops', [own], { serverWide, serverWideNamespaces: ['*'] });
    expect(creds.get('registry.example:5000')?.username).toBe('me');
  });

  it('scopes the credentials by namespace, so caches never share them', () => {
    expect(namespaceCredentials('a', [], {}).scope).toBe('namespace/a');
    expect(namespaceCredentials('b', [], {}).scope).not.toBe(namespaceCredentials('a', [], {}).scope);
  });

  it('allows no namespace by default', () => {
    expect(serverWideAllowed('default', undefined)).toBe(false);
    expect(serverWideAllowed('default', [])).toBe(false);
    expect(serverWideAllowed('default', ['default'])).toBe(true);
  });
});
