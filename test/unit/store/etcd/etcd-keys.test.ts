import { describe, expect, it } from 'vitest';
import {
  normalizePrefix,
  objectKeyPath,
  prefixEnd,
  prefixRange,
  typeDirectory,
} from '../../../../src/store/etcd/etcd-keys.js';
import { keyParts } from '../../../../src/store/etcd/etcd-list.js';

const IS = { group: 'image.openshift.io', resource: 'imagestreams', namespaced: true };
const NS = { group: '', resource: 'namespaces', namespaced: false };

describe('etcd key layout', () => {
  it('normalizes the prefix to a leading slash and no trailing slash', () => {
    expect(normalizePrefix('/imagestreams/')).toBe('/imagestreams');
    expect(normalizePrefix('x')).toBe('/x');
  });

  it('lays out namespaced and cluster-scoped keys as the Kubernetes registry does', () => {
    expect(objectKeyPath('/p', IS, 'ns', 'ruby')).toBe('/p/imagestreams.image.openshift.io/ns/ruby');
    expect(objectKeyPath('/p', NS, 'ignored', 'default')).toBe('/p/namespaces/default');
    expect(typeDirectory('/p', IS)).toBe('/p/imagestreams.image.openshift.io/');
    expect(typeDirectory('/p', IS, 'ns')).toBe('/p/imagestreams.image.openshift.io/ns/');
    expect(typeDirectory('/p', NS, 'ns')).toBe('/p/namespaces/');
  });

  it('refuses names and namespaces with a slash or dot segments, and a namespaced key without namespace', () => {
    expect(() => objectKeyPath('/p', IS, 'ns', 'a/b')).toThrow(expect.objectContaining({ code: 400 }));
    expect(() => objectKeyPath('/p', IS, '..', 'a')).toThrow(expect.objectContaining({ code: 400 }));
    expect(() => objectKeyPath('/p', IS, undefined, 'a')).toThrow(expect.objectContaining({ code: 400 }));
  });

  it('ends a prefix range at the prefix with its last byte incremented', () => {
    expect(prefixEnd(Buffer.from('/a/')).toString()).toBe('/a0');
    expect([...prefixEnd(Buffer.from([0x61, 0xff]))]).toEqual([0x62]);
    expect([...prefixEnd(Buffer.from([0xff, 0xff]))]).toEqual([0]);
    const r = prefixRange('/p/x/');
    expect(r.start.toString()).toBe('/p/x/');
    expect(r.end.toString()).toBe('/p/x0');
  });

  it('splits a key back into namespace and name', () => {
    const dir = typeDirectory('/p', IS);
    expect(keyParts(dir, Buffer.from(`${dir}ns/ruby`))).toEqual({ namespace: 'ns', name: 'ruby' });
    expect(keyParts('/p/namespaces/', Buffer.from('/p/namespaces/default'))).toEqual({
      namespace: '',
      name: 'default',
    });
  });
});
