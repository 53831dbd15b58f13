import { describe, expect, it } from 'vitest';
import { prioritizeTags, selectTagsForImport } from '../../../src/importer/tag-priority.js';
import { compareSemver, parseSemver } from '../../../src/importer/semver.js';

describe('prioritizeTags', () => {
  it('puts latest first, then minor versions, then full versions, then the rest lexically', () => {
    const tags = ['other', '5.1.3', 'v5.1', 'latest', '5.0', 'abc', '5.2.0', 'v5.2-rc1', '10.0'];
    expect(prioritizeTags(tags)).toEqual([
      'latest',
      '10.0',
      'v5.2-rc1',
      'v5.1',
      '5.0',
      '5.2.0',
      '5.1.3',
      'abc',
      'other',
    ]);
  });

  it('orders versions numerically, not lexically, and puts the unprefixed tag before v on a tie', () => {
    expect(prioritizeTags(['1.9', '1.10', 'v1.10'])).toEqual(['1.10', 'v1.10', '1.9']);
    expect(prioritizeTags(['1.0.0-rc.1', '1.0.0', '1.0.0-beta'])).toEqual([
      '1.0.0',
      '1.0.0-rc.1',
      '1.0.0-beta',
    ]);
  });

  it('treats non-semver numbers such as 01.2 or 1 as other tags', () => {
    expect(prioritizeTags(['1', '01.2', '2.0'])).toEqual(['2.0', '01.2', '1']);
  });
});

describe('selectTagsForImport', () => {
  it('takes the first 50 by default and lists the rest as additional tags', () => {
    const tags = Array.from({ length: 60 }, (_, i) => `t${String(i).padStart(2, '0')}`);
    const { selected, additional } = selectTagsForImport(tags);
    expect(selected).toHaveLength(50);
    expect(additional).toEqual(['t50', 't51', 't52', 't53', 't54', 't55', 't56', 't57', 't58', 't59']);
  });

  it('takes every tag when the limit is -1, and maps an empty tag to latest', () => {
    const { selected, additional } = selectTagsForImport(['b', '', 'a', 'latest'], -1);
    expect(selected).toEqual(['latest', 'a', 'b']);
    expect(additional).toEqual([]);
  });

  it('honours a small limit in priority order', () => {
    expect(selectTagsForImport(['x', '1.0', 'latest'], 2)).toEqual({
      selected: ['latest', '1.0'],
      additional: ['x'],
    });
  });
});

describe('semver', () => {
  it('rejects leading zeros and partial versions', () => {
    expect(parseSemver('01.0.0')).toBeUndefined();
    expect(parseSemver('1.0')).toBeUndefined();
    expect(parseSemver('1.0.0-01')).toBeUndefined();
    expect(parseSemver('1.0.0+build.5')).toEqual({ major: 1, minor: 0, patch: 0, prerelease: [] });
  });

  it('ranks pre-releases below the release and numeric identifiers below alphanumeric ones', () => {
    const v = (s: string) => parseSemver(s)!;
    expect(compareSemver(v('1.0.0-alpha'), v('1.0.0'))).toBeLessThan(0);
    expect(compareSemver(v('1.0.0-1'), v('1.0.0-alpha'))).toBeLessThan(0);
    expect(compareSemver(v('1.0.0-alpha.1'), v('1.0.0-alpha'))).toBeGreaterThan(0);
    expect(compareSemver(v('2.0.0'), v('10.0.0'))).toBeLessThan(0);
  });
});
