/**
 * Strategic merge patch, case by case after apimachinery's strategicpatch semantics (server side:
 * StrategicMergeMapPatch), on our kinds' merge keys (spec.tags by name, status.tags by tag,
 * metadata.finalizers a set, ownerReferences by uid; other lists atomic).
 */
import { describe, expect, it } from 'vitest';
import { isStatusError } from '../../../../src/api/status-error.js';
import { strategicMergePatch } from '../../../../src/server/http/strategic-merge-patch/index.js';

const IS = { group: 'image.openshift.io', kind: 'ImageStream' };
const IMAGE = { group: 'image.openshift.io', kind: 'Image' };

const from = (name: string) => ({ kind: 'DockerImage', name });
const stream = () => ({
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: { name: 'ruby', finalizers: ['a', 'b'], labels: { app: 'ruby' } },
  spec: {
    lookupPolicy: { local: false },
    tags: [
      { name: '3.1', from: from('ruby:3.1') },
      { name: '3.2', from: from('ruby:3.2') },
      { name: 'latest', from: from('ruby:3.3'), annotations: { x: 'y' } },
    ],
  },
  status: {
    dockerImageRepository: '',
    tags: [
      { tag: '3.1', items: [{ image: 'sha256:1' }] },
      { tag: 'latest', items: [{ image: 'sha256:3' }] },
    ],
  },
});

type Doc = ReturnType<typeof stream>;
const smp = (patch: unknown, target: unknown = stream()) => strategicMergePatch(target, patch, IS) as Doc;
const tagNames = (d: Doc) => d.spec.tags.map((t) => t.name);

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (e) {
    return isStatusError(e) ? e.code : -1;
  }
  return undefined;
}

describe('strategic merge patch: lists with a merge key', () => {
  it('merges the item with the same key and keeps the others (kubectl patch of one tag)', () => {
    const out = smp({ spec: { tags: [{ name: 'latest', annotations: { a: 'b' } }] } });
    expect(tagNames(out)).toEqual(['3.1', '3.2', 'latest']);
    expect(out.spec.tags[2]).toEqual({
      name: 'latest',
      from: from('ruby:3.3'),
      annotations: { x: 'y', a: 'b' },
    });
  });

  it('adds an item the original lacks, before the server-only items (no $setElementOrder)', () => {
    expect(tagNames(smp({ spec: { tags: [{ name: 'new', from: from('ruby:new') }] } }))).toEqual([
      'new',
      '3.1',
      '3.2',
      'latest',
    ]);
  });

  it('deletes the item named by a `$patch: delete` item', () => {
    expect(tagNames(smp({ spec: { tags: [{ name: '3.2', $patch: 'delete' }] } }))).toEqual(['3.1', 'latest']);
  });

  it('replaces the whole list when an item says `$patch: replace`', () => {
    const out = smp({ spec: { tags: [{ name: 'only' }, { $patch: 'replace' }] } });
    expect(out.spec.tags).toEqual([{ name: 'only' }]);
  });

  it('deletes a field of an item with null', () => {
    const out = smp({ spec: { tags: [{ name: 'latest', annotations: null }] } });
    expect(out.spec.tags[2]).toEqual({ name: 'latest', from: from('ruby:3.3') });
  });

  it('merges status.tags by tag', () => {
    const out = smp({
      status: { tags: [{ tag: 'latest', conditions: [{ type: 'ImportSuccess', status: 'False' }] }] },
    });
    expect(out.status.tags).toEqual([
      { tag: '3.1', items: [{ image: 'sha256:1' }] },
      {
        tag: 'latest',
        items: [{ image: 'sha256:3' }],
        conditions: [{ type: 'ImportSuccess', status: 'False' }],
      },
    ]);
  });

  it('merges metadata.ownerReferences by uid', () => {
    const target = {
      metadata: {
        ownerReferences: [
          { uid: '1', name: 'a' },
          { uid: '2', name: 'b' },
        ],
      },
    };
    const out = strategicMergePatch(target, { metadata: { ownerReferences: [{ uid: '2', name: 'c' }] } }, IS);
    expect(out).toEqual({
      metadata: {
        ownerReferences: [
          { uid: '1', name: 'a' },
          { uid: '2', name: 'c' },
        ],
      },
    });
  });

  it('rejects an item without the merge key, `$patch: merge` in a list and an unknown directive (400)', () => {
    expect(codeOf(() => smp({ spec: { tags: [{ from: from('x') }] } }))).toBe(400);
    expect(codeOf(() => smp({ spec: { tags: [{ $patch: 'merge' }] } }))).toBe(400);
    expect(codeOf(() => smp({ spec: { tags: [{ name: 'x', $patch: 'shred' }] } }))).toBe(400);
    expect(codeOf(() => smp({ spec: { tags: [{ $patch: 'delete' }] } }))).toBe(400);
  });
});

describe('strategic merge patch: $setElementOrder', () => {
  it('reorders the list without changing its items', () => {
    const out = smp({
      spec: { '$setElementOrder/tags': [{ name: 'latest' }, { name: '3.1' }, { name: '3.2' }] },
    });
    expect(tagNames(out)).toEqual(['latest', '3.1', '3.2']);
    expect(out.spec.tags[0]).toEqual(stream().spec.tags[2]);
  });

  it('places added items where the order list says (what kubectl apply sends)', () => {
    const out = smp({
      spec: {
        '$setElementOrder/tags': [{ name: '3.1' }, { name: 'new' }, { name: '3.2' }, { name: 'latest' }],
        tags: [{ name: 'new', from: from('ruby:new') }],
      },
    });
    expect(tagNames(out)).toEqual(['3.1', 'new', '3.2', 'latest']);
  });

  it('keeps server-only items the order list does not name, in their place', () => {
    const out = smp({ spec: { '$setElementOrder/tags': [{ name: '3.1' }, { name: 'latest' }] } });
    expect(tagNames(out)).toEqual(['3.1', '3.2', 'latest']);
  });

  it('rejects a patch list in another order than the order list (400)', () => {
    const patch = {
      spec: {
        '$setElementOrder/tags': [{ name: '3.1' }, { name: '3.2' }],
        tags: [{ name: '3.2' }, { name: '3.1' }],
      },
    };
    expect(codeOf(() => smp(patch))).toBe(400);
    expect(() => smp(patch)).toThrow(/doesn't match \$setElementOrder list/);
    expect(codeOf(() => smp({ spec: { '$setElementOrder/tags': 'x' } }))).toBe(400);
    expect(() => smp({ spec: { '$setElementOrder/tags': 'x' } })).toThrow(
      'invalid patch format of setElementOrder list',
    );
  });

  it('orders a primitive list', () => {
    const out = smp({ metadata: { '$setElementOrder/finalizers': ['b', 'c', 'a'], finalizers: ['c'] } });
    expect(out.metadata.finalizers).toEqual(['b', 'c', 'a']);
  });
});

describe('strategic merge patch: primitive lists', () => {
  it('merges a set (patchStrategy merge) without duplicates, new items first', () => {
    expect(smp({ metadata: { finalizers: ['b', 'c'] } }).metadata.finalizers).toEqual(['a', 'b', 'c']);
  });

  it('removes values listed in $deleteFromPrimitiveList', () => {
    const out = smp({ metadata: { '$deleteFromPrimitiveList/finalizers': ['a', 'zzz'] } });
    expect(out.metadata.finalizers).toEqual(['b']);
  });

  it('adds and deletes in one patch, as kubectl apply sends', () => {
    const out = smp({
      metadata: {
        '$setElementOrder/finalizers': ['b', 'c'],
        finalizers: ['c'],
        '$deleteFromPrimitiveList/finalizers': ['a'],
      },
    });
    expect(out.metadata.finalizers).toEqual(['b', 'c']);
  });

  it('rejects a delete list that is not a list (400)', () => {
    expect(codeOf(() => smp({ metadata: { '$deleteFromPrimitiveList/finalizers': 'a' } }))).toBe(400);
  });
});

describe('strategic merge patch: objects', () => {
  it('merges maps, deletes keys set to null, ignores nulls for absent keys', () => {
    const out = smp({ metadata: { labels: { app: null, tier: 'web' }, annotations: null } });
    expect(out.metadata.labels).toEqual({ tier: 'web' });
    expect('annotations' in out.metadata).toBe(false);
  });

  it('replaces an object that says `$patch: replace`', () => {
    const out = smp({ spec: { $patch: 'replace', tags: [{ name: 'x' }] } });
    expect(out.spec).toEqual({ tags: [{ name: 'x' }] });
  });

  it('empties an object that says `$patch: delete`', () => {
    expect(smp({ spec: { $patch: 'delete' } }).spec).toEqual({});
  });

  it('rejects `$patch: merge` or an unknown directive on an object (400)', () => {
    expect(codeOf(() => smp({ spec: { $patch: 'merge' } }))).toBe(400);
    expect(codeOf(() => smp({ spec: { $patch: 'x' } }))).toBe(400);
  });

  it('clears the keys $retainKeys does not list and merges the rest', () => {
    const out = smp({ spec: { $retainKeys: ['tags'], tags: [{ name: '3.1', reference: true }] } });
    expect(Object.keys(out.spec)).toEqual(['tags']);
    expect(out.spec.tags[0]).toEqual({ name: '3.1', from: from('ruby:3.1'), reference: true });
  });

  it('rejects content $retainKeys does not list (422) and a $retainKeys that is no list (400)', () => {
    expect(codeOf(() => smp({ spec: { $retainKeys: ['tags'], lookupPolicy: { local: true } } }))).toBe(422);
    expect(codeOf(() => smp({ spec: { $retainKeys: 'tags' } }))).toBe(400);
  });

  it('replaces an object whose patch strategy is replace (Image.dockerImageMetadata)', () => {
    const target = { dockerImageMetadata: { Architecture: 'amd64', Size: 1 } };
    expect(strategicMergePatch(target, { dockerImageMetadata: { Size: 2 } }, IMAGE)).toEqual({
      dockerImageMetadata: { Size: 2 },
    });
  });

  it('replaces a list without a patch strategy whole (Image.dockerImageLayers)', () => {
    const target = { dockerImageLayers: [{ name: 'a' }, { name: 'b' }] };
    expect(strategicMergePatch(target, { dockerImageLayers: [{ name: 'c' }] }, IMAGE)).toEqual({
      dockerImageLayers: [{ name: 'c' }],
    });
  });

  it('applies directives inside a value the original lacks', () => {
    const out = strategicMergePatch(
      {},
      { spec: { tags: [{ name: 'a' }, { name: 'b', $patch: 'delete' }] } },
      IS,
    );
    expect(out).toEqual({ spec: { tags: [{ name: 'a' }] } });
  });

  it('replaces a value of another shape', () => {
    expect(smp({ spec: { tags: { not: 'a list' } } }).spec.tags).toEqual({ not: 'a list' });
  });

  it('leaves the target unchanged and rejects a patch that is not an object (400)', () => {
    const target = stream();
    smp({ spec: { tags: [{ name: '3.1', $patch: 'delete' }] }, metadata: { labels: null } }, target);
    expect(target).toEqual(stream());
    expect(codeOf(() => strategicMergePatch(target, [1], IS))).toBe(400);
  });
});
