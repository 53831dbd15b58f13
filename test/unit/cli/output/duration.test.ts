import { describe, expect, it } from 'vitest';
import { ago, age, humanDuration, shortHumanDuration } from '../../../../src/cli/output/duration.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration (oc describe, go-units wording)', () => {
  it.each([
    [500, 'Less than a second'],
    [1 * s, '1 second'],
    [45 * s, '45 seconds'],
    [90 * s, 'About a minute'],
    [5 * m, '5 minutes'],
    [59 * m, '59 minutes'],
    [60 * m, 'About an hour'],
    [89 * m, 'About an hour'],
    [90 * m, '2 hours'],
    [47 * h, '47 hours'],
    [3 * d, '3 days'],
    [15 * d, '2 weeks'],
    [90 * d, '3 months'],
    [800 * d, '2 years'],
  ])('prints %i ms as %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('shortHumanDuration (kubectl AGE)', () => {
  it.each([
    [-5 * s, '<invalid>'],
    [-500, '0s'],
    [5 * s, '5s'],
    [119 * s, '119s'],
    [3 * m + 12 * s, '3m12s'],
    [4 * m, '4m'],
    [42 * m, '42m'],
    [2 * h + 5 * m, '125m'],
    [4 * h + 5 * m, '4h5m'],
    [4 * h, '4h'],
    [20 * h, '20h'],
    [4 * d, '4d'],
    [4 * d + 3 * h, '4d3h'],
    [40 * d, '40d'],
    [3 * 365 * d + 10 * d, '3y10d'],
    [9 * 365 * d, '9y'],
  ])('prints %i ms as %s', (ms, text) => {
    expect(shortHumanDuration(ms)).toBe(text);
  });
});

describe('timestamp helpers', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  it('ago() says how long ago, or nothing without a timestamp', () => {
    expect(ago('2026-01-01T11:55:00Z', now)).toBe('5 minutes ago');
    expect(ago(undefined, now)).toBe('');
  });
  it('age() prints kubectl short ages, <unknown> without a timestamp', () => {
    expect(age('2026-01-01T08:00:00Z', now)).toBe('4h');
    expect(age(undefined, now)).toBe('<unknown>');
  });
});
