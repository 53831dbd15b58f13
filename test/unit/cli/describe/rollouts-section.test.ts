import { describe, expect, it } from 'vitest';
import {
  describeRollout,
  followsStream,
  formatStreamRollouts,
  formatPausedTriggers,
  formatTriggerWarnings,
  recentRollouts,
  type RolloutView,
} from '../../../../src/cli/describe/rollouts-section.js';

const now = new Date('2026-01-01T12:00:00Z');
const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

const rollout = (
  name: string,
  tag: string,
  started: string,
  extra: Partial<NonNullable<RolloutView['status']>> = {},
): RolloutView => ({
  metadata: { name, namespace: 'default' },
  spec: {
    target: 'docker:compose/shop/web',
    containers: ['web-1', 'web-2'],
    from: { name: tag },
    fromDigest: A,
    toDigest: B,
    toReference: `r/web@${B}`,
  },
  status: { started, ...extra },
});

describe('rollouts in describe', () => {
  it('follows only the stream named before the colon', () => {
    expect(followsStream(rollout('r', 'web:latest', ''), 'web')).toBe(true);
    expect(followsStream(rollout('r', 'webapp:latest', ''), 'web')).toBe(false);
  });

  it('lists the newest rollouts first with short digests and the result', () => {
    const list = recentRollouts([
      rollout('old', 'web:latest', '2026-01-01T10:00:00Z', { result: 'Succeeded' }),
      rollout('new', 'web:latest', '2026-01-01T11:58:00Z', {
        result: 'RolledBack',
        reason: 'health check failed',
      }),
    ]);
    const text = formatStreamRollouts(list, now);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Rollouts:');
    expect(lines[1]).toMatch(/^ {2}Tag +Target +From +To +Result +Age +Reason$/);
    expect(lines[2]).toContain('RolledBack');
    expect(lines[2]).toContain('health check failed');
    expect(lines[2]).toContain(B.slice(0, 19));
    expect(lines[2]).not.toContain(B);
    expect(lines[3]).toContain('Succeeded');
  });

  it('says <none> without rollouts and prints nothing without warnings', () => {
    expect(formatStreamRollouts([], now)).toBe('Rollouts:\t<none>\n');
    expect(formatTriggerWarnings([{ metadata: { name: 's' }, status: {} }])).toBe('');
  });

  it('prints each trigger warning with its target and tag', () => {
    const text = formatTriggerWarnings([
      {
        metadata: { name: 's' },
        spec: { target: 'docker:container/web', from: { name: 'web:latest' } },
        status: { warnings: [{ field: 'paused', message: 'must be a boolean' }] },
      },
    ]);
    expect(text).toBe('Trigger Warnings:\n  docker:container/web (web:latest): paused: must be a boolean\n');
  });

  it('lists the paused targets and tags (isctl rollout pause), nothing when none is paused', () => {
    const state = (target: string, paused?: boolean) => ({
      metadata: { name: target },
      spec: { target, from: { name: 'web:latest' }, ...(paused === undefined ? {} : { paused }) },
    });
    expect(formatPausedTriggers([state('docker:container/a'), state('docker:container/b', false)])).toBe('');
    expect(
      formatPausedTriggers([
        state('kubernetes:deployment/default/web', true),
        state('docker:container/a'),
        state('docker:container/web', true),
      ]),
    ).toBe(
      'Paused Triggers:\n  docker:container/web (web:latest)\n  kubernetes:deployment/default/web (web:latest)\n',
    );
  });

  it('describes one rollout with target, from, to, times, result, reason and steps', () => {
    const text = describeRollout(
      rollout('web-1', 'web:latest', '2026-01-01T11:50:00Z', {
        finished: '2026-01-01T11:55:00Z',
        result: 'RolledBack',
        reason: 'unhealthy',
        steps: [
          { at: '2026-01-01T11:51:00Z', container: 'web-1', action: 'health', ok: false, message: 'timeout' },
        ],
      }),
      now,
    );
    expect(text).toMatch(/^Name:\s+web-1$/m);
    expect(text).toMatch(/^Target:\s+docker:compose\/shop\/web$/m);
    expect(text).toMatch(new RegExp(`^From:\\s+${A}$`, 'm'));
    expect(text).toMatch(new RegExp(`^To:\\s+${B}$`, 'm'));
    expect(text).toMatch(/^Started:\s+2026-01-01T11:50:00Z \(10m ago\)$/m);
    expect(text).toMatch(/^Finished:\s+2026-01-01T11:55:00Z \(5m ago\)$/m);
    expect(text).toMatch(/^Result:\s+RolledBack$/m);
    expect(text).toMatch(/^Reason:\s+unhealthy$/m);
    expect(text).toMatch(/^ {2}2026-01-01T11:51:00Z +health +web-1 +failed +timeout$/m);
  });

  it('shows a rollout without a result as Running', () => {
    expect(describeRollout(rollout('r', 'web:latest', '2026-01-01T11:59:00Z'), now)).toMatch(
      /^Result:\s+Running$/m,
    );
  });
});
