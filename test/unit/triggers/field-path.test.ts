import { describe, expect, it } from 'vitest';
import {
  fieldPathForContainer,
  fieldPathMismatch,
  parseFieldPath,
} from '../../../src/triggers/field-path.js';

describe('parseFieldPath', () => {
  it('parses index and name selectors in both quote styles', () => {
    expect(parseFieldPath('spec.template.spec.containers[2].image')).toEqual({
      prefix: 'spec.template.spec.',
      list: 'containers',
      selector: { index: 2 },
    });
    expect(parseFieldPath(`spec.containers[?(@.name=='a')].image`)?.selector).toEqual({ name: 'a' });
    expect(parseFieldPath('initContainers[?(@.name=="init")].image')).toEqual({
      prefix: '',
      list: 'initContainers',
      selector: { name: 'init' },
    });
  });
  it('rejects other shapes', () => {
    for (const p of [
      'spec.template.spec.containers.image',
      'containers[?(@.name=="a")].name',
      'containers[-1].image',
      'containers[?(@.name=="a\')].image',
    ]) {
      expect(parseFieldPath(p), p).toBeUndefined();
    }
  });
});

describe('fieldPathMismatch and fieldPathForContainer', () => {
  it('checks the prefix of known kinds only', () => {
    const p = parseFieldPath('spec.containers[0].image');
    if (!p) throw new Error('parse');
    expect(fieldPathMismatch(p, 'Pod')).toBeUndefined();
    expect(fieldPathMismatch(p, 'Deployment')).toContain('spec.template.spec.');
    expect(fieldPathMismatch(p, 'SomethingElse')).toBeUndefined();
  });
  it('writes the kind prefix', () => {
    expect(fieldPathForContainer('Docker', 'web')).toBe('containers[?(@.name=="web")].image');
    expect(fieldPathForContainer(undefined, 'web')).toBe(
      'spec.template.spec.containers[?(@.name=="web")].image',
    );
  });
});
