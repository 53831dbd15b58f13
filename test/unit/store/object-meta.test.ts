import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import { rfc3339 } from '../../../src/api/rfc3339.js';
import { StatusError } from '../../../src/api/status-error.js';
import { jsonEqual } from '../../../src/store/json-equal.js';
import { keyNamespace, qualified, typeKey } from '../../../src/store/object-key.js';
import {
  checkPreconditions,
  prepareForCreate,
  prepareForUpdate,
  updatePreconditions,
} from '../../../src/store/object-meta.js';
import { parseResourceVersion, tooOldResourceVersion } from '../../../src/store/resource-version.js';

const STREAMS = { group: 'image.openshift.io', resource: 'imagestreams', namespaced: true };
const IMAGES = { group: 'image.openshift.io', resource: 'images', namespaced: false };
const CORE = { group: '', resource: 'namespaces', namespaced: false };

const stored: KubeObject = {
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: {
    name: 'ruby',
    namespace: 'ns',
    uid: 'u1',
    resourceVersion: '7',
    creationTimestamp: '2024-01-01T00:00:00Z',
  },
};

function conflictOf(f: () => void): StatusError {
  try {
    f();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected a conflict');
}

describe('object metadata', () => {
  it('formats timestamps as RFC 3339 in UTC without fractional seconds', () => {
    expect(rfc3339(new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 678)))).toBe('2025-01-02T03:04:05Z');
  });

  it('sets uid, creationTimestamp and resourceVersion on create without touching the input', () => {
    const input: KubeObject = {
      apiVersion: 'v1',
      kind: 'Image',
      metadata: { name: 'x', namespace: 'dropped' },
    };
    const created = prepareForCreate(IMAGES, input, 12, new Date(Date.UTC(2025, 5, 1)));
    expect(created.metadata).toMatchObject({
      name: 'x',
      resourceVersion: '12',
      creationTimestamp: '2025-06-01T00:00:00Z',
    });
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata.namespace).toBeUndefined();
    expect(input.metadata).toEqual({ name: 'x', namespace: 'dropped' });
  });

  it('keeps uid and creationTimestamp from the stored object on update', () => {
    const next: KubeObject = {
      ...stored,
      metadata: { name: 'ruby', namespace: 'ns', uid: 'forged', creationTimestamp: 'x' },
    };
    const updated = prepareForUpdate(STREAMS, next, stored, 8);
    expect(updated.metadata).toMatchObject({
      uid: 'u1',
      creationTimestamp: '2024-01-01T00:00:00Z',
      resourceVersion: '8',
    });
  });

  it('fails preconditions with Kubernetes messages', () => {
    expect(conflictOf(() => checkPreconditions(STREAMS, stored, { uid: 'u2' })).message).toBe(
      'Operation cannot be fulfilled on imagestreams.image.openshift.io "ruby": Precondition failed: UID in precondition: u2, UID in object meta: u1',
    );
    expect(conflictOf(() => checkPreconditions(STREAMS, stored, { resourceVersion: '6' })).message).toContain(
      'Precondition failed: ResourceVersion in precondition: 6, ResourceVersion in object meta: 7',
    );
    expect(conflictOf(() => checkPreconditions(STREAMS, stored, undefined, '6')).message).toContain(
      'the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(() => checkPreconditions(STREAMS, stored, { uid: 'u1', resourceVersion: '7' }, '7')).not.toThrow();
    expect(() => checkPreconditions(STREAMS, stored, undefined, '')).not.toThrow();
  });

  it('turns the uid an update carries into a precondition unless one is given', () => {
    const next = { ...stored, metadata: { ...stored.metadata, uid: 'u9' } };
    expect(updatePreconditions(next, undefined)).toEqual({ uid: 'u9' });
    expect(updatePreconditions(next, { uid: 'u1' })).toEqual({ uid: 'u1' });
    expect(updatePreconditions({ ...stored, metadata: { name: 'ruby' } }, undefined)).toBeUndefined();
  });
});

describe('object keys and resource versions', () => {
  it('names types as Kubernetes qualifies resources', () => {
    expect(typeKey(STREAMS)).toBe('imagestreams.image.openshift.io');
    expect(typeKey(CORE)).toBe('namespaces');
    expect(qualified(CORE, 'a')).toEqual({ resource: 'namespaces', name: 'a' });
  });

  it('requires a namespace for namespaced types and ignores it for cluster-scoped ones', () => {
    expect(keyNamespace(IMAGES, 'whatever')).toBe('');
    expect(keyNamespace(STREAMS, 'ns')).toBe('ns');
    expect(() => keyNamespace(STREAMS, undefined)).toThrow(StatusError);
  });

  it('parses resourceVersions and rejects anything else with 400', () => {
    expect(parseResourceVersion('42')).toBe(42);
    for (const bad of ['-1', 'abc', '1.5', '', '9'.repeat(20)]) {
      expect(() => parseResourceVersion(bad)).toThrow(expect.objectContaining({ code: 400 }));
    }
  });

  it('words a too old resourceVersion as the Kubernetes watch cache does', () => {
    const e = tooOldResourceVersion(3, 10);
    expect([e.code, e.reason, e.message]).toEqual([410, 'Expired', 'too old resource version: 3 (10)']);
  });
});

describe('jsonEqual', () => {
  it('compares structurally, ignoring key order and undefined members', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1, u: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(jsonEqual({ a: {} }, { a: [] })).toBe(false);
    expect(jsonEqual({ a: null }, { a: 0 })).toBe(false);
    expect(jsonEqual({ a: 1 }, { b: 1 })).toBe(false);
  });
});
