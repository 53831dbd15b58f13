import { describe, expect, it } from 'vitest';
import { applyPatch, mergePatch, PatchType } from '../../../../src/server/http/patch.js';
import { isStatusError } from '../../../../src/api/status-error.js';

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (e) {
    return isStatusError(e) ? e.code : -1;
  }
  return undefined;
}

describe('merge patch (RFC 7386)', () => {
  it('merges objects recursively, deletes keys set to null and replaces lists', () => {
    const target = { a: { b: 1, c: 2 }, list: [1, 2], keep: true };
    expect(mergePatch(target, { a: { b: null, d: 3 }, list: [3] })).toEqual({
      a: { c: 2, d: 3 },
      list: [3],
      keep: true,
    });
  });
  it('does not change the target', () => {
    const target = { a: { b: 1 } };
    mergePatch(target, { a: { b: 2 } });
    expect(target).toEqual({ a: { b: 1 } });
  });
  it('rejects a patch that is not an object with 400', () => {
    expect(codeOf(() => applyPatch(PatchType.Merge, {}, [1]))).toBe(400);
  });
});

describe('strategic merge patch', () => {
  it("merges lists by the kind's merge key (the full table: strategic-merge-patch.test.ts)", () => {
    const target = {
      spec: { tags: [{ name: 'a', from: { kind: 'DockerImage', name: 'x' } }, { name: 'b' }] },
    };
    const patch = { spec: { tags: [{ name: 'a', annotations: { k: 'v' } }] } };
    const kind = { group: 'image.openshift.io', kind: 'ImageStream' };
    expect(applyPatch(PatchType.Strategic, target, patch, kind)).toEqual({
      spec: {
        tags: [
          { name: 'a', from: { kind: 'DockerImage', name: 'x' }, annotations: { k: 'v' } },
          { name: 'b' },
        ],
      },
    });
  });
});

describe('JSON patch (RFC 6902)', () => {
  it('applies operations in order', () => {
    const out = applyPatch(PatchType.Json, { spec: { tags: [{ name: 'a' }] } }, [
      { op: 'add', path: '/spec/tags/-', value: { name: 'b' } },
      { op: 'replace', path: '/spec/tags/0/name', value: 'z' },
    ]);
    expect(out).toEqual({ spec: { tags: [{ name: 'z' }, { name: 'b' }] } });
  });
  it('answers a failed test operation or missing path as a client error', () => {
    expect(
      codeOf(() => applyPatch(PatchType.Json, { a: 1 }, [{ op: 'test', path: '/a', value: 2 }])),
    ).toBeGreaterThanOrEqual(400);
    expect(
      codeOf(() => applyPatch(PatchType.Json, { a: 1 }, [{ op: 'remove', path: '/b/c' }])),
    ).toBeGreaterThanOrEqual(400);
    expect(codeOf(() => applyPatch(PatchType.Json, { a: 1 }, { op: 'add' }))).toBe(400);
  });
});

describe('unsupported patch types', () => {
  it('answers server-side apply with 415', () => {
    expect(codeOf(() => applyPatch(PatchType.Apply, {}, 'a: b'))).toBe(415);
  });
});

describe('prototype poisoning', () => {
  it('ignores __proto__ keys in merge patches and request bodies', async () => {
    const { parseJsonBody } = await import('../../../../src/server/http/body-parsers.js');
    const patch = parseJsonBody('{"metadata":{"__proto__":{"polluted":true}}}');
    const out = mergePatch({ metadata: {} }, patch) as { metadata: Record<string, unknown> };
    expect(Object.getPrototypeOf(out.metadata)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const direct = mergePatch({}, JSON.parse('{"__proto__":{"x":1}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(direct)).toBe(Object.prototype);
  });
});
