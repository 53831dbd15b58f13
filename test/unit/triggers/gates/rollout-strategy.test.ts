import { describe, expect, it } from 'vitest';
import { isStatusError } from '../../../../src/api/status-error.js';
import { rolloutStrategy } from '../../../../src/triggers/gates/rollout-strategy.js';
import type { Rollout } from '../../../../src/triggers/rollout-objects.js';
import { gateCauses, parseGates } from '../../../../src/triggers/gates/gates.js';
import { missingPlatforms, parsePlatform } from '../../../../src/triggers/gates/platform.js';

const held = (phase: string, extra: Partial<Rollout['spec']> = {}): Rollout => ({
  apiVersion: 'imagestreams.io/v1',
  kind: 'Rollout',
  metadata: { name: 'web-1', namespace: 'default', resourceVersion: '5' },
  spec: {
    target: 'docker:container/web',
    containers: ['web'],
    from: { kind: 'ImageStreamTag', name: 'web:latest' },
    toDigest: 'sha256:aa',
    toReference: 'registry.test/web@sha256:aa',
    ...extra,
  },
  status: { phase, reason: 'x' },
});

/** The rollout as read, with a decision and other changes a user may not make. */
const decided = (o: Rollout, approval: string): unknown => ({
  ...o,
  spec: { ...o.spec, approval, target: 'docker:container/other' },
  status: { phase: 'Succeeded' },
});

describe('a user decision on a Rollout', () => {
  it('takes spec.approval of a rollout awaiting approval, and nothing else the user sent', () => {
    const old = held('AwaitingApproval');
    const next = rolloutStrategy.prepareForUpdate(rolloutStrategy.decode(decided(old, 'Approved')), old);
    expect(rolloutStrategy.validateUpdate(next, old)).toEqual([]);
    expect(next.spec).toEqual({ ...old.spec, approval: 'Approved' });
    expect(next.status).toEqual(old.status);
  });

  it.each([
    ['Superseded', {}, 'awaits no approval'],
    ['Waiting', {}, 'awaits no approval'],
    ['AwaitingApproval', { approval: 'Rejected' as const }, 'already rejected'],
  ])('refuses a decision on a %s rollout %j, naming spec.approval', (phase, extra, message) => {
    const old = held(phase, extra);
    const next = rolloutStrategy.prepareForUpdate(rolloutStrategy.decode(decided(old, 'Approved')), old);
    const causes = rolloutStrategy.validateUpdate(next, old);
    expect(causes).toHaveLength(1);
    expect(causes[0]).toMatchObject({ field: 'spec.approval' });
    expect(causes[0]?.message).toContain(message);
  });

  it('refuses an approval value other than Approved or Rejected with 422', () => {
    expect(() => rolloutStrategy.decode(decided(held('AwaitingApproval'), 'Maybe'))).toThrow(/spec.approval/);
  });

  it('refuses a body that is not a Rollout as read, naming the missing fields', () => {
    const { toReference: _r, ...spec } = held('AwaitingApproval').spec;
    try {
      rolloutStrategy.decode({
        ...held('AwaitingApproval'),
        spec: { ...spec, approval: 'Approved', containers: 'web' },
      });
      expect.unreachable();
    } catch (e) {
      expect(isStatusError(e) && e.code).toBe(422);
      expect(isStatusError(e) && e.toStatus().details?.causes?.map((c) => c.field)).toEqual([
        'spec.containers',
        'spec.toReference',
      ]);
    }
  });
});

describe('gate values', () => {
  it('names the annotation of each malformed gate', () => {
    const causes = gateCauses({
      'imagestreams.io/rollout-window': 'Mon 01:00-02:00 UTC',
      'imagestreams.io/approval': 'yes',
      'imagestreams.io/platform': 'linux/amd64,windows',
    });
    expect(causes.map((c) => c.field)).toEqual([
      'metadata.annotations[imagestreams.io/approval]',
      'metadata.annotations[imagestreams.io/platform]',
    ]);
    expect(parseGates({ 'imagestreams.io/platform': 'required' }).gates.platforms).toBe('host');
  });

  it('compares platforms by os and architecture, and by variant when both name one', () => {
    const list = {
      dockerImageManifests: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm', variant: 'v7' },
      ],
    };
    const want = (s: string) => [parsePlatform(s)!];
    expect(missingPlatforms(list, want('linux/amd64'))).toEqual([]);
    expect(missingPlatforms(list, want('linux/x86_64'))).toEqual([]);
    expect(missingPlatforms(list, want('linux/arm/v7'))).toEqual([]);
    expect(missingPlatforms(list, want('linux/arm/v6'))).toHaveLength(1);
    expect(missingPlatforms(list, want('linux/arm64'))).toHaveLength(1);
    expect(
      missingPlatforms({ dockerImageMetadata: { Os: 'linux', Architecture: 'arm64' } }, want('linux/amd64')),
    ).toHaveLength(1);
    expect(missingPlatforms({}, want('linux/amd64'))).toEqual([]);
  });
});
