import { describe, expect, it } from 'vitest';
import { hasTag, removeTag, setSpecTag, specTag, statusTag } from '../../../src/api/spec-tags.js';
import { event, stream } from './fixtures.js';

const st = () =>
  stream({
    spec: { lookupPolicy: { local: false }, tags: [{ name: 'b' }, { name: 'd' }] },
    status: {
      dockerImageRepository: '',
      tags: [
        { tag: 'b', items: [event('sha256:x', 'q/r@sha256:x')] },
        { tag: 'c', items: [] },
      ],
    },
  });

describe('spec tag helpers', () => {
  it('setSpecTag adds in name order and replaces by name, without touching the input', () => {
    const before = st();
    const added = setSpecTag(before, { name: 'a', reference: true });
    expect(added.spec.tags?.map((t) => t.name)).toEqual(['a', 'b', 'd']);
    const replaced = setSpecTag(added, { name: 'b', from: { kind: 'DockerImage', name: 'x' } });
    expect(specTag(replaced, 'b')?.from?.name).toBe('x');
    expect(replaced.spec.tags).toHaveLength(3);
    expect(before.spec.tags?.map((t) => t.name)).toEqual(['b', 'd']);
  });

  it('removeTag removes the tag from spec and status', () => {
    const removed = removeTag(st(), 'b');
    expect(specTag(removed, 'b')).toBeUndefined();
    expect(statusTag(removed, 'b')).toBeUndefined();
    expect(hasTag(removed, 'b')).toBe(false);
    expect(hasTag(removed, 'c')).toBe(true);
    expect(hasTag(st(), 'b')).toBe(true);
  });
});
