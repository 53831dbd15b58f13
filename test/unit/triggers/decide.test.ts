import { describe, expect, it } from 'vitest';
import {
  acknowledgeUpToDate,
  decideTrigger,
  nextTriggerState,
  type TriggerState,
} from '../../../src/triggers/decide.js';

const OLD = 'sha256:old';
const NEW = 'sha256:new';
const resolved = { reference: `r/app@${NEW}`, digest: NEW };
const active = { paused: false };

describe('decideTrigger', () => {
  it('fires for a new digest', () => {
    expect(decideTrigger(active, resolved, { currentDigest: OLD }, {})).toEqual({
      fire: true,
      reference: `r/app@${NEW}`,
      digest: NEW,
    });
  });
  it('never fires while paused', () => {
    expect(decideTrigger({ paused: true }, resolved, { currentDigest: OLD }, {})).toMatchObject({
      fire: false,
      reason: 'Paused',
    });
  });
  it('skips a tag without history', () => {
    expect(decideTrigger(active, undefined, {}, {})).toMatchObject({ fire: false, reason: 'NoHistory' });
  });
  it('never touches a pinned target', () => {
    expect(decideTrigger(active, resolved, { currentDigest: OLD, pinned: true }, {})).toMatchObject({
      fire: false,
      reason: 'Pinned',
    });
  });
  it('does not retry a rejected digest', () => {
    expect(decideTrigger(active, resolved, { currentDigest: OLD }, { rejectedDigests: [NEW] })).toMatchObject(
      {
        fire: false,
        reason: 'Rejected',
      },
    );
  });
  it('fires once per digest: a manual rollback after the rollout is left alone', () => {
    const state: TriggerState = nextTriggerState({}, NEW, 'Succeeded');
    expect(decideTrigger(active, resolved, { currentDigest: OLD }, state)).toMatchObject({
      fire: false,
      reason: 'AlreadyTriggered',
    });
  });
  it('does nothing when the target already runs the digest', () => {
    expect(decideTrigger(active, resolved, { currentDigest: NEW }, {})).toMatchObject({
      fire: false,
      reason: 'UpToDate',
    });
  });
  it('rolls out a re-tag back to an older digest as a new item 0', () => {
    const state = nextTriggerState({}, NEW, 'Succeeded');
    const back = { reference: `r/app@${OLD}`, digest: OLD };
    expect(decideTrigger(active, back, { currentDigest: NEW }, state)).toMatchObject({
      fire: true,
      digest: OLD,
    });
  });
  it('fires for a newer digest after a rejection', () => {
    const state = nextTriggerState({}, NEW, 'RolledBack');
    const newer = { reference: 'r/app@sha256:newer', digest: 'sha256:newer' };
    expect(decideTrigger(active, newer, { currentDigest: OLD }, state)).toMatchObject({ fire: true });
  });
});

describe('nextTriggerState', () => {
  it('rejects a digest whose rollout was rolled back', () => {
    expect(nextTriggerState({}, NEW, 'RolledBack')).toEqual({
      lastTriggeredDigest: NEW,
      rejectedDigests: [NEW],
    });
  });
  it('leaves the state alone after a non-health failure so the next pass retries', () => {
    const s = { lastTriggeredDigest: OLD };
    expect(nextTriggerState(s, NEW, 'Failed')).toBe(s);
  });
  it('clears a rejection when the same digest later succeeds', () => {
    expect(nextTriggerState({ rejectedDigests: [NEW, OLD] }, NEW, 'Succeeded')).toEqual({
      lastTriggeredDigest: NEW,
      rejectedDigests: [OLD],
    });
  });
  it('remembers at most 20 rejected digests', () => {
    let s: TriggerState = {};
    for (let i = 0; i < 25; i++) s = nextTriggerState(s, `sha256:${i}`, 'RolledBack');
    expect(s.rejectedDigests).toHaveLength(20);
    expect(s.rejectedDigests?.[0]).toBe('sha256:5');
  });
  it('acknowledges an up-to-date target', () => {
    expect(acknowledgeUpToDate({ rejectedDigests: [OLD] }, NEW)).toEqual({
      rejectedDigests: [OLD],
      lastTriggeredDigest: NEW,
    });
  });
});
