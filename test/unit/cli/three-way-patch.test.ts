import { describe, expect, it } from 'vitest';
import { threeWayMergePatch, type JsonObject } from '../../../src/cli/three-way-patch.js';
import { strategicMergePatch } from '../../../src/server/http/strategic-merge-patch/index.js';

const IS = { group: 'image.openshift.io', kind: 'ImageStream' };
const tag = (name: string, image: string, extra: JsonObject = {}): JsonObject => ({
  name,
  from: { kind: 'DockerImage', name: image },
  ...extra,
});
const stream = (tags: JsonObject[], meta: JsonObject = {}, spec: JsonObject = {}): JsonObject => ({
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: { name: 'ruby', namespace: 'demo', ...meta },
  spec: { ...spec, tags },
});

/** What the server stores after the patch (its own strategic merge patch code). */
const patched = (current: JsonObject, patch: JsonObject): JsonObject =>
  strategicMergePatch(current, patch, IS) as JsonObject;

describe('threeWayMergePatch', () => {
  it('is empty when the manifest is the last applied one and the live object only adds fields', () => {
    const applied = stream([tag('a', 'r/a:1')]);
    const live = stream([tag('a', 'r/a:1', { generation: 3 }), tag('other', 'r/o:1')], {
      uid: 'u',
      resourceVersion: '9',
    });
    (live as { status?: unknown }).status = { tags: [{ tag: 'a', items: [] }] };
    expect(threeWayMergePatch(applied, applied, live, IS)).toEqual({});
  });

  it('deletes a tag removed from the manifest with $patch: delete and keeps a tag another writer added', () => {
    const original = stream([tag('a', 'r/a:1'), tag('b', 'r/b:1')]);
    const modified = stream([tag('a', 'r/a:1')]);
    const current = stream([tag('a', 'r/a:1'), tag('b', 'r/b:1'), tag('added', 'r/x:1')]);
    const patch = threeWayMergePatch(original, modified, current, IS);
    expect(patch).toEqual({ spec: { tags: [{ $patch: 'delete', name: 'b' }] } });
    const tags = (patched(current, patch).spec as { tags: JsonObject[] }).tags.map((t) => t.name);
    expect(tags).toEqual(['a', 'added']);
  });

  it('does not delete a field the previous apply did not set, even when the manifest lacks it', () => {
    const current = stream(
      [tag('a', 'r/a:1', { importPolicy: { scheduled: true } })],
      {},
      { lookupPolicy: { local: true } },
    );
    const manifest = stream([tag('a', 'r/a:1')]);
    expect(threeWayMergePatch(manifest, manifest, current, IS)).toEqual({});
  });

  it('deletes fields the previous apply set and the manifest dropped, inside a keyed item too', () => {
    const original = stream(
      [tag('a', 'r/a:1', { reference: true })],
      { labels: { app: 'x', old: 'y' } },
      {
        lookupPolicy: { local: true },
      },
    );
    const modified = stream([tag('a', 'r/a:1')], { labels: { app: 'x' } });
    const current = stream(
      [tag('a', 'r/a:1', { reference: true, generation: 2 })],
      {
        labels: { app: 'x', old: 'y', mine: 'z' },
      },
      { lookupPolicy: { local: true } },
    );
    const patch = threeWayMergePatch(original, modified, current, IS);
    expect(patch).toEqual({
      metadata: { labels: { old: null } },
      spec: { lookupPolicy: null, tags: [{ name: 'a', reference: null }] },
    });
    const result = patched(current, patch);
    expect((result.metadata as JsonObject).labels).toEqual({ app: 'x', mine: 'z' });
    expect(result.spec).toEqual({ tags: [tag('a', 'r/a:1', { generation: 2 })] });
  });

  it('sends only the changed fields of a changed tag with its merge key, and a new tag whole', () => {
    const original = stream([tag('a', 'r/a:1')]);
    const modified = stream([tag('a', 'r/a:2'), tag('n', 'r/n:1')]);
    const current = stream([tag('a', 'r/a:1', { generation: 1 })]);
    expect(threeWayMergePatch(original, modified, current, IS)).toEqual({
      spec: { tags: [{ name: 'a', from: { name: 'r/a:2' } }, tag('n', 'r/n:1')] },
    });
  });

  it('restores a field another writer changed to the manifest value', () => {
    const m = stream([tag('a', 'r/a:1')]);
    const current = stream([tag('a', 'r/a:9')]);
    expect(threeWayMergePatch(m, m, current, IS)).toEqual({
      spec: { tags: [{ name: 'a', from: { name: 'r/a:1' } }] },
    });
  });

  it('replaces a list without a merge key whole and merges a set list with $deleteFromPrimitiveList', () => {
    const original = { metadata: { finalizers: ['a', 'b'] }, spec: { list: [1, 2] } };
    const modified = { metadata: { finalizers: ['a', 'c'] }, spec: { list: [1] } };
    const current = { metadata: { finalizers: ['a', 'b', 'other'] }, spec: { list: [1, 2] } };
    const patch = threeWayMergePatch(original, modified, current, IS);
    expect(patch).toEqual({
      metadata: { finalizers: ['c'], '$deleteFromPrimitiveList/finalizers': ['b'] },
      spec: { list: [1] },
    });
    expect(((patched(current, patch).metadata as JsonObject).finalizers as string[]).sort()).toEqual([
      'a',
      'c',
      'other',
    ]);
  });

  it('without a last-applied annotation deletes nothing (first apply over an object created otherwise)', () => {
    const current = stream([tag('a', 'r/a:1'), tag('b', 'r/b:1')], { labels: { x: '1' } });
    const modified = stream([tag('a', 'r/a:1')]);
    expect(threeWayMergePatch(undefined, modified, current, IS)).toEqual({});
  });

  it('treats a null in the manifest as absent when the live object lacks the field (an empty YAML key)', () => {
    const modified = { metadata: { name: 'x', labels: null } };
    expect(threeWayMergePatch(modified, modified, { metadata: { name: 'x' } }, IS)).toEqual({});
  });
});
