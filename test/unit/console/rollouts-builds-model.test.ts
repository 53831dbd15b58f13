import { describe, expect, it } from 'vitest';
import { buildFailed, buildPhase, causes, newestFirst } from '../../../web/console/src/model/builds.js';
import { awaitsApproval, rolloutFailed, rolloutPhase } from '../../../web/console/src/model/rollouts.js';
import type { Build, Rollout } from '../../../web/console/src/model/types.js';

const rollout = (status: Rollout['status'], spec: Rollout['spec'] = {}): Rollout => ({
  apiVersion: 'imagestreams.io/v1',
  kind: 'Rollout',
  metadata: { name: 'r', namespace: 'ns' },
  spec,
  status,
});

const build = (name: string, created: string, phase?: string, n = 1): Build =>
  ({
    apiVersion: 'build.openshift.io/v1',
    kind: 'Build',
    metadata: { name, creationTimestamp: created, annotations: { 'openshift.io/build.number': String(n) } },
    spec: { triggeredBy: [{ message: 'Manually triggered' }, { message: 'Image change' }] },
    status: phase ? { phase } : undefined,
  }) as unknown as Build;

describe('rollout phases in the console', () => {
  it("shows the gate's phase while held, then the result; Running when neither is set", () => {
    expect(rolloutPhase(rollout({ phase: 'Waiting', result: undefined }))).toBe('Waiting');
    expect(rolloutPhase(rollout({ result: 'RolledBack' }))).toBe('RolledBack');
    expect(rolloutPhase(rollout({}))).toBe('Running');
    expect(rolloutFailed(rollout({ phase: 'Rejected' }))).toBe(true);
    expect(rolloutFailed(rollout({ phase: 'AwaitingApproval' }))).toBe(false);
  });

  it('offers a decision only on an undecided, unfinished rollout awaiting approval', () => {
    expect(awaitsApproval(rollout({ phase: 'AwaitingApproval' }))).toBe(true);
    expect(awaitsApproval(rollout({ phase: 'AwaitingApproval' }, { approval: 'Approved' }))).toBe(false);
    expect(awaitsApproval(rollout({ phase: 'AwaitingApproval', finished: '2030-01-01T00:00:00Z' }))).toBe(
      false,
    );
    expect(awaitsApproval(rollout({ phase: 'Waiting' }))).toBe(false);
  });
});

describe('builds in the console', () => {
  it('orders builds newest first, by creation then number, and reads phase and causes', () => {
    const list = [
      build('app-1', '2030-01-01T00:00:00Z', 'Complete', 1),
      build('app-3', '2030-01-01T00:00:01Z', undefined, 3),
      build('app-2', '2030-01-01T00:00:01Z', 'Failed', 2),
    ];
    expect(newestFirst(list).map((b) => b.metadata.name)).toEqual(['app-3', 'app-2', 'app-1']);
    expect(buildPhase(list[1] as Build)).toBe('New');
    expect(buildFailed(list[2] as Build)).toBe(true);
    expect(buildFailed(list[0] as Build)).toBe(false);
    expect(causes(list[0] as Build)).toBe('Manually triggered, Image change');
  });
});
