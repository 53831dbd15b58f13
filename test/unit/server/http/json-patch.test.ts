import { describe, expect, it } from 'vitest';
import { isStatusError, type StatusError } from '../../../../src/api/status-error.js';
import {
  applyJsonPatch,
  DEFAULT_JSON_PATCH_LIMITS,
  resolvePointer,
} from '../../../../src/server/http/json-patch.js';

function errorOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (isStatusError(e)) return e;
    throw e;
  }
  throw new Error('no error');
}

const stream = (annotation: string) => ({
  metadata: { name: 's', annotations: { big: annotation } },
  spec: { tags: [{ name: 'a' }] },
});

describe('applyJsonPatch', () => {
  it('applies every operation kind in order and leaves the target and the patch unchanged', () => {
    const target = { a: { b: 1 }, list: [1, 2] };
    const patch = [
      { op: 'copy', from: '/a', path: '/c' },
      { op: 'replace', path: '/c/b', value: 2 },
      { op: 'move', from: '/list/0', path: '/list/-' },
      { op: 'add', path: '/d', value: { x: 1 } },
      { op: 'remove', path: '/a' },
      { op: 'test', path: '/d/x', value: 1 },
    ];
    const before = structuredClone(patch);
    const out = applyJsonPatch(target, patch) as Record<string, unknown>;
    expect(out).toEqual({ c: { b: 2 }, list: [2, 1], d: { x: 1 } });
    expect(target).toEqual({ a: { b: 1 }, list: [1, 2] });
    expect(patch).toEqual(before);
    (out.d as { x: number }).x = 5;
    expect(patch[3]).toEqual({ op: 'add', path: '/d', value: { x: 1 } });
  });

  it('answers a malformed operation with 400 naming the field', () => {
    const e = errorOf(() =>
      applyJsonPatch({}, [
        { op: 'add', path: '/a', value: 1 },
        { op: 'copy', path: '/b' },
      ]),
    );
    expect(e.code).toBe(400);
    expect(e.details?.causes?.some((c) => c.field?.startsWith('[1]'))).toBe(true);
    expect(errorOf(() => applyJsonPatch({}, [{ op: 'jump', path: '/a' }])).code).toBe(400);
    expect(errorOf(() => applyJsonPatch({}, { op: 'add' })).code).toBe(400);
  });

  it('answers operations on missing paths and failed tests with 422', () => {
    expect(errorOf(() => applyJsonPatch({ a: 1 }, [{ op: 'remove', path: '/b/c' }])).code).toBe(422);
    expect(errorOf(() => applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '/b', value: 1 }])).code).toBe(422);
    expect(errorOf(() => applyJsonPatch({ a: 1 }, [{ op: 'copy', from: '/x', path: '/y' }])).code).toBe(422);
    expect(errorOf(() => applyJsonPatch({ a: 1 }, [{ op: 'move', from: '/x', path: '' }])).code).toBe(422);
    expect(errorOf(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).code).toBe(422);
  });

  it('refuses a path into a prototype first, before the other checks', () => {
    const ops = Array.from({ length: DEFAULT_JSON_PATCH_LIMITS.maxOperations + 1 }, () => ({
      op: 'copy',
      from: '/__proto__',
      path: '/x',
    }));
    const e = errorOf(() => applyJsonPatch({ a: 1 }, ops));
    expect(e.code).toBe(422);
    expect(e.details?.causes?.[0]?.field).toBe('[0].from');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('answers more operations than the limit with 413 before applying any', () => {
    const ops = Array.from({ length: DEFAULT_JSON_PATCH_LIMITS.maxOperations + 1 }, () => ({
      op: 'test',
      path: '/a',
      value: 1,
    }));
    const e = errorOf(() => applyJsonPatch({ a: 1 }, ops));
    expect(e.code).toBe(413);
    expect(e.reason).toBe('RequestEntityTooLarge');
    expect(e.message).toContain('10000');
  });

  it('stops copies that would duplicate more than the copy limit with 422', () => {
    const big = 'x'.repeat(1024 * 1024);
    const ops = Array.from({ length: 400 }, (_, i) => ({
      op: 'copy',
      from: '/metadata/annotations/big',
      path: `/metadata/annotations/c${i}`,
    }));
    const e = errorOf(() => applyJsonPatch(stream(big), ops));
    expect(e.code).toBe(422);
    expect(e.message).toContain('copy more than');
  });

  it('stops a doubling copy chain on the copy limit', () => {
    const ops = Array.from({ length: 60 }, (_, i) => ({ op: 'copy', from: '', path: `/d${i}` }));
    expect(errorOf(() => applyJsonPatch({ a: 'x'.repeat(1000) }, ops)).code).toBe(422);
  });

  it('answers a patched object larger than the result limit with 413', () => {
    const limits = { ...DEFAULT_JSON_PATCH_LIMITS, maxResultBytes: 1000 };
    const e = errorOf(() => applyJsonPatch({}, [{ op: 'add', path: '/a', value: 'x'.repeat(2000) }], limits));
    expect(e.code).toBe(413);
  });

  it('moves back and forth many times without copying the document (bounded work)', () => {
    const big = 'x'.repeat(1024 * 1024);
    const ops = Array.from({ length: 5000 }, (_, i) =>
      i % 2 === 0
        ? { op: 'move', from: '/metadata/annotations/big', path: '/metadata/annotations/moved' }
        : { op: 'move', from: '/metadata/annotations/moved', path: '/metadata/annotations/big' },
    );
    const out = applyJsonPatch(stream(big), ops) as ReturnType<typeof stream>;
    expect(out.metadata.annotations.big).toHaveLength(big.length);
  });
});

describe('resolvePointer', () => {
  it('follows escaped segments and array indexes, and reports what is missing', () => {
    const doc = { 'a/b': { '~c': [10, 20] } };
    expect(resolvePointer(doc, '/a~1b/~0c/1')).toEqual({ found: true, value: 20 });
    expect(resolvePointer(doc, '/a~1b/~0c/2').found).toBe(false);
    expect(resolvePointer(doc, '/a~1b/~0c/01').found).toBe(false);
    expect(resolvePointer(doc, '/toString').found).toBe(false);
    expect(resolvePointer(doc, '')).toEqual({ found: true, value: doc });
  });
});
