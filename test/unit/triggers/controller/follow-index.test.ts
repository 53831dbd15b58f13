import { describe, expect, it } from 'vitest';
import {
  AttemptLedger,
  changedGroups,
  groupsFollowing,
  streamFingerprint,
  warningsChanged,
} from '../../../../src/triggers/controller/follow-index.js';
import { group, stream, V1, V2 } from './fixtures.js';

describe('groupsFollowing', () => {
  it('returns only the groups whose trigger follows a tag of that stream in that namespace', () => {
    const groups = [
      group('a'),
      group('b', { stream: 'other' }),
      group('c', { namespace: 'team' }),
      { ...group('d'), trigger: undefined },
      group('e'),
    ];
    expect(groupsFollowing(groups, 'default', 'app')).toEqual(['a', 'e']);
    expect(groupsFollowing(groups, 'team', 'app')).toEqual(['c']);
  });
});

describe('changedGroups', () => {
  it('wakes new groups and groups whose containers or trigger changed, not unchanged ones', () => {
    const before = new Map([
      ['same', group('same')],
      ['replaced', group('replaced', { ids: ['old'] })],
      ['paused', group('paused')],
    ]);
    const after = [
      group('same'),
      group('replaced', { ids: ['new'] }),
      group('paused', { paused: true }),
      group('fresh'),
    ];
    expect(changedGroups(before, after).sort()).toEqual(['fresh', 'paused', 'replaced']);
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

describe('streamFingerprint', () => {
  it('changes when item 0 of a tag moves, not when only conditions or older items change', () => {
    const base = streamFingerprint(stream('app', [V1]));
    expect(
      streamFingerprint(stream('app', [V1], { conditions: [{ type: 'ImportSuccess', status: 'False' }] })),
    ).toBe(base);
    expect(streamFingerprint(stream('app', [V2, V1]))).not.toBe(base);
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
