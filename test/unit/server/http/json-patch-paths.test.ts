import { describe, expect, it } from 'vitest';
import { checkJsonPatchPaths, reachesPrototype } from '../../../../src/server/http/json-patch-paths.js';
import { applyPatch } from '../../../../src/server/http/patch.js';
import { isStatusError } from '../../../../src/api/status-error.js';

describe('JSON patch paths into a prototype', () => {
  it.each([
    '/__proto__',
    '/__proto__/x',
    '/a/__proto__/b',
    '/constructor/prototype',
    '/a/constructor/prototype/x',
  ])('%s reaches a prototype', (p) => expect(reachesPrototype(p)).toBe(true));

  it.each([
    '',
    '/constructor',
    '/prototype',
    '/a/prototype/constructor',
    '/__proto~1__',
    '/metadata/annotations/x',
  ])('%s does not', (p) => expect(reachesPrototype(p)).toBe(false));

  it('unescapes ~1 and ~0 before comparing', () => {
    expect(reachesPrototype('/a~1b/__proto__')).toBe(true);
    expect(reachesPrototype('/~0__proto__')).toBe(false);
  });

  it('answers 422 naming the operation and its field', () => {
    try {
      checkJsonPatchPaths([
        { op: 'add', path: '/ok', value: 1 },
        { op: 'move', from: '/__proto__', path: '/x' },
      ]);
      expect.unreachable();
    } catch (e) {
      expect(isStatusError(e) && e.code).toBe(422);
      expect(isStatusError(e) && e.details?.causes?.[0]?.field).toBe('[1].from');
    }
  });

  it('is checked before fast-json-patch sees the patch (which would throw a TypeError)', () => {
    const apply = () =>
      applyPatch('application/json-patch+json', { a: 1 }, [{ op: 'add', path: '/__proto__/x', value: 1 }]);
    expect(apply).toThrow(expect.objectContaining({ code: 422, reason: 'Invalid' }));
  });
});
