import { describe, expect, it } from 'vitest';
import {
  AttemptLedger,
  groupFingerprint,
  warningsChanged,
} from '../../../../src/triggers/controller/follow-index.js';
import { group, V1, V2 } from './fixtures.js';

describe('groupFingerprint', () => {
  it('differs when the containers or the trigger of a group change, not otherwise', () => {
    const base = groupFingerprint(group('a'));
    expect(groupFingerprint(group('a'))).toBe(base);
    expect(groupFingerprint(group('a', { ids: ['new'] }))).not.toBe(base);
    expect(groupFingerprint(group('a', { paused: true }))).not.toBe(base);
    expect(groupFingerprint(group('a', { stream: 'other' }))).not.toBe(base);
  });
});

describe('warningsChanged', () => {
  it('reports a group’s warnings once, and again only when they change', () => {
    const g = { ...group('a'), warnings: [{ index: undefined, field: 'x', message: 'bad' }] };
    const first = warningsChanged(undefined, g);
    expect(first.changed).toBe(true);
    expect(warningsChanged(first.key, g).changed).toBe(false);
    expect(warningsChanged(undefined, group('clean')).changed).toBe(false);
  });
});

describe('AttemptLedger', () => {
  it('gives up a digest after max failures and tries again when the digest changes or succeeds', () => {
    const ledger = new AttemptLedger(2);
    expect(ledger.mayAttempt('g', V1)).toBe(true);
    ledger.note('g', V1, 'Failed');
    expect(ledger.mayAttempt('g', V1)).toBe(true);
    ledger.note('g', V1, 'Failed');
    expect(ledger.mayAttempt('g', V1)).toBe(false);
    expect(ledger.mayAttempt('g', V2)).toBe(true);
    expect(ledger.mayAttempt('other', V1)).toBe(true);
    ledger.note('g', V1, 'Succeeded');
    expect(ledger.mayAttempt('g', V1)).toBe(true);
  });
});
