import { describe, expect, it } from 'vitest';
import { selectTag } from '../../../../src/importer/tag-policy/select-tag.js';
import { cooldownDecision } from '../../../../src/importer/tag-policy/cooldown.js';

const semver = (range: string) => ({ kind: 'semver', range }) as const;
const pattern = (p: string, order: 'numerical' | 'alphabetical' | 'semver') =>
  ({ kind: 'pattern', pattern: p, order }) as const;

describe('selectTag', () => {
  it('semver: the highest in range, with or without v, pre-releases only when the range names one', () => {
    const tags = ['1.2.0', 'v1.2.9', '1.3.0-rc.1', '2.0.0', 'latest'];
    expect(selectTag(tags, semver('~1.2')).winner).toBe('v1.2.9');
    expect(selectTag(tags, semver('^1')).winner).toBe('v1.2.9');
    expect(selectTag(tags, semver('>=1.3.0-rc.0 <2')).winner).toBe('1.3.0-rc.1');
    expect(selectTag(['1.2.3', 'v1.2.3'], semver('*')).winner).toBe('1.2.3');
  });

  it('semver: says why the others lost, bounded', () => {
    const many = Array.from({ length: 500 }, (_, i) => `0.0.${i}`);
    const s = selectTag([...many, '1.0.0', 'x'], semver('>=0.0.100 <1'));
    expect(s.winner).toBe('0.0.499');
    expect(s.runnersUp).toEqual(['0.0.498', '0.0.497', '0.0.496']);
    expect(s.excluded).toEqual({ 'outside the range': 101, 'not a semantic version': 1 });
    expect(s.examples).toEqual([
      { tag: '0.0.0', why: 'outside the range' },
      { tag: 'x', why: 'not a semantic version' },
    ]);
  });

  it('pattern: orders by the named group order, numerically, alphabetically or by semver', () => {
    const tags = ['main-9-a', 'main-10-b', 'dev-99-z', 'main-2-c'];
    expect(selectTag(tags, pattern('^main-(?P<order>\\d+)', 'numerical')).winner).toBe('main-10-b');
    expect(selectTag(tags, pattern('^main-\\d+-(?P<order>[a-z])$', 'alphabetical')).winner).toBe('main-2-c');
    expect(selectTag(tags, pattern('^main-', 'alphabetical')).winner).toBe('main-9-a');
    expect(selectTag(['r-1.10.0', 'r-1.9.0'], pattern('^r-(?<order>.*)$', 'semver')).winner).toBe('r-1.10.0');
  });

  it('pattern: no match, no number: no winner', () => {
    const s = selectTag(['a', 'main-x'], pattern('^main-(?P<order>.+)$', 'numerical'));
    expect(s.winner).toBeUndefined();
    expect(s.excluded).toEqual({ 'does not match the pattern': 1, 'the order key is not a number': 1 });
  });
});

describe('cooldownDecision', () => {
  const base = {
    minAgeMs: 60_000,
    digest: 'sha256:b',
    reference: 'r@sha256:b',
    generation: 2,
    history: ['sha256:a'],
    pending: undefined,
    now: new Date(1_000_000),
  };

  it('holds a new digest from first sight, moves it at first-seen + min-age, not a millisecond before', () => {
    const first = cooldownDecision(base);
    expect(first.move).toBe(false);
    expect(first.pending?.firstSeen).toBe(new Date(1_000_000).toISOString());
    const pending = first.pending;
    expect(cooldownDecision({ ...base, pending, now: new Date(1_059_999) }).move).toBe(false);
    expect(cooldownDecision({ ...base, pending, now: new Date(1_059_999) }).pending).toEqual(pending);
    expect(cooldownDecision({ ...base, pending, now: new Date(1_060_000) })).toEqual({
      move: true,
      pending: undefined,
    });
  });

  it('a newer digest restarts the clock; a digest of the history or no min-age moves at once', () => {
    const pending = cooldownDecision(base).pending;
    const newer = cooldownDecision({ ...base, pending, digest: 'sha256:c', now: new Date(1_050_000) });
    expect(newer.pending).toMatchObject({ digest: 'sha256:c', firstSeen: new Date(1_050_000).toISOString() });
    expect(cooldownDecision({ ...base, digest: 'sha256:a' }).move).toBe(true);
    expect(cooldownDecision({ ...base, minAgeMs: 0 }).move).toBe(true);
  });
});
