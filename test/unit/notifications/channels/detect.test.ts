import { describe, expect, it } from 'vitest';
import { buildNotices, buildPhase } from '../../../../src/notifications/channels/detect-builds.js';
import { importNotices, importSnapshot } from '../../../../src/notifications/channels/detect-imports.js';
import { rolloutNotices, rolloutState } from '../../../../src/notifications/channels/detect-rollouts.js';
import { tagMovedNotice } from '../../../../src/notifications/channels/detect-tags.js';
import type { ImageStream } from '../../../../src/api/types.js';
import { decodeImageStream } from '../../../support/image-stream.js';

const T = '2026-01-01T00:00:00Z';
const id = { namespace: 'ns', name: 'app' };

function stream(tags: Record<string, { failing?: string; image?: string }>): ImageStream {
  return decodeImageStream({
    metadata: { name: 'app', namespace: 'ns' },
    status: {
      tags: Object.entries(tags).map(([tag, t]) => ({
        tag,
        items: t.image ? [{ image: t.image }] : [],
        conditions: t.failing
          ? [
              {
                type: 'ImportSuccess',
                status: 'False',
                reason: 'NotFound',
                message: 'manifest unknown',
                lastTransitionTime: t.failing,
              },
            ]
          : undefined,
      })),
    },
  });
}

describe('import failing and recovered', () => {
  it('tells once when a tag starts failing and once when it recovers', () => {
    const ok = importSnapshot(stream({ latest: { image: 'sha256:a' } }));
    const failing = importSnapshot(stream({ latest: { image: 'sha256:a', failing: 'T1' } }));
    const stillFailing = importSnapshot(stream({ latest: { image: 'sha256:a', failing: 'T1' } }));
    const recovered = importSnapshot(stream({ latest: { image: 'sha256:b' } }));
    const first = importNotices(ok, failing, id, T);
    expect(first).toEqual([
      expect.objectContaining({
        event: 'import-failing',
        title: 'Import failing: ns/app:latest',
        message: 'manifest unknown',
        key: 'import-failing/ns/app:latest/T1',
      }),
    ]);
    expect(importNotices(failing, stillFailing, id, T)).toEqual([]);
    expect(importNotices(stillFailing, recovered, id, T)).toEqual([
      expect.objectContaining({ event: 'import-recovered', severity: 'success' }),
    ]);
    expect(importNotices(recovered, recovered, id, T)).toEqual([]);
  });

  it('tells about a failing tag of a stream new to it, and nothing about healthy ones', () => {
    const snap = importSnapshot(stream({ a: { failing: 'T1' }, b: { image: 'sha256:b' } }));
    expect(importNotices(undefined, snap, id, T).map((n) => n.name)).toEqual(['app:a']);
  });
});

describe('rollouts', () => {
  const rollout = (status: Record<string, unknown>) => ({
    metadata: { name: 'r-1', namespace: 'ns' },
    spec: {
      target: 'docker:container/web',
      from: { name: 'app:latest' },
      toDigest: 'sha256:' + 'b'.repeat(64),
    },
    status,
  });

  it('tells about failed, rolled back and approval-waiting rollouts when they enter that state', () => {
    expect(rolloutNotices('Running', rollout({ result: 'Failed', reason: 'unhealthy' }), T)).toEqual([
      expect.objectContaining({
        event: 'rollout-failed',
        title: 'Rollout failed: docker:container/web',
        key: 'rollout-failed/ns/r-1',
      }),
    ]);
    expect(rolloutNotices('Running', rollout({ result: 'RolledBack' }), T)[0]?.event).toBe(
      'rollout-rolled-back',
    );
    expect(rolloutNotices(undefined, rollout({ phase: 'AwaitingApproval' }), T)[0]?.event).toBe(
      'rollout-awaiting-approval',
    );
    expect(
      rolloutNotices(undefined, rollout({ phase: 'Waiting', reason: 'ApprovalRequired' }), T)[0]?.event,
    ).toBe('rollout-awaiting-approval');
  });

  it('says nothing for running, succeeded, window-waiting or unchanged rollouts', () => {
    expect(rolloutNotices(undefined, rollout({}), T)).toEqual([]);
    expect(rolloutNotices('Running', rollout({ result: 'Succeeded' }), T)).toEqual([]);
    expect(rolloutNotices('Running', rollout({ phase: 'Waiting', reason: 'OutsideWindow' }), T)).toEqual([]);
    expect(rolloutNotices('Failed', rollout({ result: 'Failed' }), T)).toEqual([]);
    expect(rolloutState(rollout({ phase: 'Waiting', reason: 'OutsideWindow' }))).toBe('Waiting');
  });
});

describe('builds and tag moves', () => {
  const build = (phase: string) => ({
    metadata: { name: 'app-2', namespace: 'ns' },
    status: { phase, config: { name: 'app' } },
  });

  it('tells when a build fails or errors, once', () => {
    expect(buildNotices('Running', build('Failed'), T)[0]).toMatchObject({
      event: 'build-failed',
      title: 'Build failed: ns/app-2',
    });
    expect(buildNotices('Pending', build('Error'), T)).toHaveLength(1);
    expect(buildNotices('Failed', build('Failed'), T)).toEqual([]);
    expect(buildNotices('Running', build('Complete'), T)).toEqual([]);
    expect(buildNotices('Running', build('Cancelled'), T)).toEqual([]);
    expect(buildPhase(build('Running'))).toBe('Running');
  });

  it('keys a tag move by its new digest', () => {
    const n = tagMovedNotice(
      {
        namespace: 'ns',
        stream: 'app',
        tag: 'latest',
        oldDigest: 'sha256:' + 'a'.repeat(64),
        newDigest: 'sha256:' + 'b'.repeat(64),
        dockerImageReference: 'r/app@sha256:b',
      },
      T,
    );
    expect(n).toMatchObject({ event: 'tag-moved', key: `tag-moved/ns/app:latest/sha256:${'b'.repeat(64)}` });
    expect(n.message).toBe('app:latest moved from sha256:aaaaaaaaaaaa to sha256:bbbbbbbbbbbb');
  });
});
