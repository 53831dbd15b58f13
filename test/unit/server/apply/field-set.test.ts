import { describe, expect, it } from 'vitest';
import { FieldSet } from '../../../../src/server/apply/field-set.js';
import { fromFieldsV1, toFieldsV1 } from '../../../../src/server/apply/fields-v1.js';
import { displayPath, keyElement } from '../../../../src/server/apply/path-element.js';
import { toFieldSet } from '../../../../src/server/apply/object-set.js';
import { schemaOf } from '../../../../src/server/apply/schema.js';

const IS = schemaOf('image.openshift.io', 'ImageStream');
const tagA = keyElement({ name: 'a' });

describe('FieldSet', () => {
  it('unions, differences and intersects exact paths', () => {
    const a = FieldSet.of(['f:spec', 'f:x'], ['f:spec', 'f:y']);
    const b = FieldSet.of(['f:spec', 'f:y'], ['f:spec', 'f:z']);
    expect(a.union(b).paths()).toEqual([
      ['f:spec', 'f:x'],
      ['f:spec', 'f:y'],
      ['f:spec', 'f:z'],
    ]);
    expect(a.difference(b).paths()).toEqual([['f:spec', 'f:x']]);
    expect(a.intersection(b).paths()).toEqual([['f:spec', 'f:y']]);
  });

  it('drops whole subtrees with recursiveDifference (ignored fields)', () => {
    const s = FieldSet.of(['f:status', 'f:tags'], ['f:spec', 'f:a']);
    expect(s.recursiveDifference(FieldSet.of(['f:status'])).paths()).toEqual([['f:spec', 'f:a']]);
  });

  it('knows ownership at or below a path', () => {
    const s = FieldSet.of(['f:spec', 'f:tags', tagA, 'f:from', 'f:name']);
    expect(s.ownsAtOrBelow(['f:spec', 'f:tags', tagA])).toBe(true);
    expect(s.has(['f:spec', 'f:tags', tagA])).toBe(false);
    expect(s.ownsAtOrBelow(['f:spec', 'f:lookupPolicy'])).toBe(false);
  });
});

describe('FieldsV1', () => {
  it('writes members with children with a "." entry and round-trips', () => {
    const s = FieldSet.of(
      ['f:spec', 'f:tags', tagA],
      ['f:spec', 'f:tags', tagA, 'f:name'],
      ['f:metadata', 'f:labels', 'f:app'],
    );
    const json = toFieldsV1(s);
    expect(json).toEqual({
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': { 'f:tags': { 'k:{"name":"a"}': { '.': {}, 'f:name': {} } } },
    });
    expect(Object.keys(json)).toEqual(['f:metadata', 'f:spec']);
    expect(fromFieldsV1(json).equals(s)).toBe(true);
  });

  it('rejects keys that are no path element (400)', () => {
    expect(() => fromFieldsV1({ 'x:oops': {} })).toThrow(/invalid FieldsV1 key/);
    expect(() => fromFieldsV1({ 'k:notjson': {} })).toThrow(/invalid FieldsV1 key/);
  });
});

describe('toFieldSet', () => {
  it('owns leaves and list items keyed by the merge keys, not the objects on the way', () => {
    const s = toFieldSet(
      {
        metadata: { labels: { app: 'web' }, finalizers: ['x'] },
        spec: {
          lookupPolicy: { local: true },
          tags: [{ name: 'a', from: { kind: 'DockerImage', name: 'nginx' }, annotations: null }],
        },
      },
      IS,
    );
    expect(toFieldsV1(s)).toEqual({
      'f:metadata': { 'f:labels': { 'f:app': {} }, 'f:finalizers': { 'v:"x"': {} } },
      'f:spec': {
        'f:lookupPolicy': { 'f:local': {} },
        'f:tags': {
          'k:{"name":"a"}': {
            '.': {},
            'f:name': {},
            'f:annotations': {},
            'f:from': { 'f:kind': {}, 'f:name': {} },
          },
        },
      },
    });
  });

  it('treats undeclared lists as atomic and empty containers as leaves', () => {
    const image = schemaOf('image.openshift.io', 'Image');
    const s = toFieldSet(
      { dockerImageLayers: [{ name: 'l1' }], dockerImageMetadata: { a: 1 }, spec: {} },
      image,
    );
    expect(s.paths().map(displayPath).sort()).toEqual([
      '.dockerImageLayers',
      '.dockerImageMetadata',
      '.spec',
    ]);
  });

  it('rejects an applied list item without its key and duplicate items (strict)', () => {
    expect(() => toFieldSet({ spec: { tags: [{ from: {} }] } }, IS, true)).toThrow(/omits key field "name"/);
    expect(() => toFieldSet({ spec: { tags: [{ name: 'a' }, { name: 'a' }] } }, IS, true)).toThrow(
      /duplicate entries/,
    );
    // stored objects are read leniently: by index, first one wins
    expect(toFieldSet({ spec: { tags: [{ from: {} }] } }, IS).has(['f:spec', 'f:tags', 'i:0'])).toBe(true);
  });
});

describe('displayPath', () => {
  it('prints paths as kube-apiserver does in conflicts', () => {
    expect(displayPath(['f:spec', 'f:tags', tagA, 'f:from', 'f:name'])).toBe(
      '.spec.tags[name="a"].from.name',
    );
    expect(displayPath(['f:metadata', 'f:finalizers', 'v:"x"'])).toBe('.metadata.finalizers[="x"]');
    expect(displayPath(['f:items', 'i:3'])).toBe('.items[3]');
  });
});
