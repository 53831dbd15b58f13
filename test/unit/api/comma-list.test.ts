import { describe, expect, it } from 'vitest';
import { commaList } from '../../../src/api/comma-list.js';

describe('commaList', () => {
  it('splits on commas, trims blanks and drops empty entries', () => {
    expect(commaList(' a.io, b.io ,,c.io,')).toEqual(['a.io', 'b.io', 'c.io']);
    expect(commaList('')).toEqual([]);
  });

  it('appends to the entries of an earlier occurrence of the flag', () => {
    expect(commaList('c', ['a', 'b'])).toEqual(['a', 'b', 'c']);
  });

  it('ignores a previous value that is not a list (a default given as text)', () => {
    expect(commaList('a', 'default')).toEqual(['a']);
    expect(commaList('a', undefined)).toEqual(['a']);
  });
});
