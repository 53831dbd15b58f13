import { describe, expect, it } from 'vitest';
import { parseApplyBody } from '../../../../src/server/apply/apply-body.js';
import { isNoop } from '../../../../src/server/apply/apply-request.js';
import { compare } from '../../../../src/server/apply/compare.js';
import { applyOptions, updateManager } from '../../../../src/server/apply/options.js';
import { schemaOf } from '../../../../src/server/apply/schema.js';
import { isStatusError } from '../../../../src/api/status-error.js';

const TARGET = { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream' };

function statusOf(f: () => unknown): { code: number; message: string } {
  try {
    f();
  } catch (e) {
    if (isStatusError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('did not throw');
}

describe('apply options', () => {
  it('requires a printable fieldManager of at most 128 characters (422)', () => {
    expect(statusOf(() => applyOptions({})).code).toBe(422);
    expect(statusOf(() => applyOptions({ fieldManager: 'a'.repeat(129) })).message).toContain(
      'fieldManager: Too long',
    );
    expect(statusOf(() => applyOptions({ fieldManager: 'a\nb' })).message).toContain('invalid characters');
    expect(applyOptions({ fieldManager: 'flux', force: 'true' })).toEqual({ manager: 'flux', force: true });
    expect(statusOf(() => applyOptions({ fieldManager: 'x', force: 'maybe' })).code).toBe(400);
  });

  it("names an update's manager from fieldManager, else the User-Agent's program", () => {
    expect(updateManager({ fieldManager: 'kubectl-edit' }, 'kubectl/v1.30', 'PatchOptions')).toBe(
      'kubectl-edit',
    );
    expect(updateManager({}, 'kubectl/v1.30.0 (linux/amd64) kubernetes/abc', 'UpdateOptions')).toBe(
      'kubectl',
    );
    expect(updateManager({}, 'isctl', 'CreateOptions')).toBe('isctl');
    expect(statusOf(() => updateManager({ force: 'true' }, 'x', 'PatchOptions')).code).toBe(422);
  });
});

describe('apply body', () => {
  it('reads YAML and JSON, dropping __proto__ keys', () => {
    const yaml = parseApplyBody(
      'apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata: {name: a}\n',
      TARGET,
    );
    expect(yaml.metadata).toEqual({ name: 'a' });
    const json = parseApplyBody(
      '{"apiVersion":"image.openshift.io/v1","kind":"ImageStream","__proto__":{"x":1}}',
      TARGET,
    );
    expect(Object.keys(json)).toEqual(['apiVersion', 'kind']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('answers 400 to several documents, excessive aliases and a list', () => {
    expect(statusOf(() => parseApplyBody('a: 1\n---\nb: 2\n', TARGET)).code).toBe(400);
    const bomb = `a: &a ["x","x","x","x","x","x","x","x","x","x"]\n${Array.from({ length: 200 }, (_, i) => `b${i}: [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]`).join('\n')}\n`;
    expect(statusOf(() => parseApplyBody(bomb, TARGET)).code).toBe(400);
    expect(statusOf(() => parseApplyBody('- a\n', TARGET)).code).toBe(400);
  });
});

describe('compare', () => {
  const IS = schemaOf('image.openshift.io', 'ImageStream');
  it('reports items added and leaves modified, never a list present on both sides', () => {
    const a = { spec: { tags: [{ name: 'a', from: { name: 'x' } }] } };
    const b = { spec: { tags: [{ name: 'a', from: { name: 'y' } }, { name: 'b' }] } };
    const c = compare(a, b, IS);
    expect(c.modified.paths()).toEqual([['f:spec', 'f:tags', 'k:{"name":"a"}', 'f:from', 'f:name']]);
    expect(c.added.paths()).toEqual([
      ['f:spec', 'f:tags', 'k:{"name":"b"}'],
      ['f:spec', 'f:tags', 'k:{"name":"b"}', 'f:name'],
    ]);
    expect(compare(b, a, IS).removed.paths()).toEqual(c.added.paths());
  });
});

describe('isNoop', () => {
  const entry = (manager: string, time: string) => ({ manager, operation: 'Apply', time, fieldsV1: {} });
  const obj = (fields: unknown[], spec = 1) => ({
    apiVersion: 'v1',
    kind: 'X',
    metadata: { name: 'x', managedFields: fields },
    spec,
  });
  it('ignores timestamps and the order they put entries in, nothing else', () => {
    const before = obj([entry('a', '2026-01-01T00:00:00Z'), entry('b', '2026-01-01T00:00:05Z')]);
    const after = obj([entry('b', '2026-01-01T00:00:05Z'), entry('a', '2026-01-01T00:00:09Z')]);
    expect(isNoop(after, before)).toBe(true);
    expect(isNoop(obj([entry('a', 'x')], 2), obj([entry('a', 'x')], 1))).toBe(false);
    expect(isNoop(obj([entry('a', 'x'), entry('c', 'x')]), obj([entry('a', 'x')]))).toBe(false);
  });
});
