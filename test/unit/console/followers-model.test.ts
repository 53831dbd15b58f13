import { describe, expect, it } from 'vitest';
import { followersIn } from '../../../web/console/src/model/followers.js';
import type { Rollout, TriggerState, WebhookTrigger } from '../../../web/console/src/model/types.js';

const webhook = (namespace: string, name: string, spec: WebhookTrigger['spec']): WebhookTrigger => ({
  apiVersion: 'imagestreams.io/v1',
  kind: 'WebhookTrigger',
  metadata: { name, namespace },
  spec,
});
const state = (name: string, target: string, tag: string, paused?: boolean): TriggerState => ({
  apiVersion: 'imagestreams.io/v1',
  kind: 'TriggerState',
  metadata: { name, namespace: 'team' },
  spec: { target, from: { kind: 'ImageStreamTag', name: tag }, ...(paused !== undefined ? { paused } : {}) },
});
const rollout = (name: string, target: string, tag: string, started: string): Rollout => ({
  apiVersion: 'imagestreams.io/v1',
  kind: 'Rollout',
  metadata: { name, namespace: 'team' },
  spec: { target, from: { kind: 'ImageStreamTag', name: tag } },
  status: { started },
});
const from = (name: string, namespace?: string) => ({
  kind: 'ImageStreamTag',
  name,
  ...(namespace ? { namespace } : {}),
});

describe('followersIn', () => {
  it('lists a WebhookTrigger that has neither a Rollout nor a TriggerState', () => {
    const f = followersIn('team', [], [], [webhook('team', 'deploy', { from: from('web:latest') })]);
    expect(f).toEqual([
      {
        target: 'webhook:team/deploy',
        tag: 'web:latest',
        paused: false,
        pausedInManifest: false,
        state: undefined,
        last: undefined,
      },
    ]);
  });

  it('lists a WebhookTrigger of another namespace only where its from points', () => {
    const hooks = [webhook('ci', 'deploy', { from: from('web:latest', 'team') })];
    expect(followersIn('team', [], [], hooks).map((f) => f.target)).toEqual(['webhook:ci/deploy']);
    expect(followersIn('ci', [], [], hooks)).toEqual([]);
  });

  it('joins a webhook with its TriggerState and newest rollout, paused by either the state or its own spec', () => {
    const target = 'webhook:team/deploy';
    const [byState] = followersIn(
      'team',
      [
        rollout('r1', target, 'web:latest', '2026-01-01T00:00:00Z'),
        rollout('r2', target, 'web:latest', '2026-01-02T00:00:00Z'),
      ],
      [state('s', target, 'web:latest', true)],
      [webhook('team', 'deploy', { from: from('web:latest') })],
    );
    expect(byState).toMatchObject({
      paused: true,
      pausedInManifest: false,
      state: 's',
      last: { metadata: { name: 'r2' } },
    });
    const [byManifest] = followersIn(
      'team',
      [],
      [],
      [webhook('team', 'deploy', { from: from('web:latest'), paused: true })],
    );
    expect(byManifest).toMatchObject({ paused: true, pausedInManifest: true });
  });

  it('keeps one follower per target and tag', () => {
    const f = followersIn(
      'team',
      [rollout('r1', 'docker:container/web', 'web:latest', '2026-01-01T00:00:00Z')],
      [state('s1', 'docker:container/web', 'web:stable')],
    );
    expect(f.map((x) => [x.target, x.tag])).toEqual([
      ['docker:container/web', 'web:latest'],
      ['docker:container/web', 'web:stable'],
    ]);
  });
});
