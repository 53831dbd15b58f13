import { describe, expect, it } from 'vitest';
import type { ImageStream } from '../../../../src/api/types.js';
import { policyEvents } from '../../../../src/importer/tag-policy/policy-events.js';

interface Shape {
  selection?: { winner?: string; listed?: number };
  pending?: { digest: string; firstSeen?: string };
  condition?: { reason: string; message: string };
  top?: string;
  annotations?: Record<string, string>;
}

const POLICY = { 'imagestreams.io/semver': '^1', 'imagestreams.io/min-age': '1h' };

/** A stream with tag `t` in the given state. */
function stream(s: Shape): ImageStream {
  const annotations: Record<string, string> = {};
  if (s.selection)
    annotations['imagestreams.io/tag-selection'] = JSON.stringify({
      t: {
        policy: 'semver range "^1"',
        listed: 3,
        matched: 2,
        runnersUp: [],
        excluded: {},
        examples: [],
        ...s.selection,
      },
    });
  if (s.pending)
    annotations['imagestreams.io/cooldown'] = JSON.stringify({
      t: {
        reference: `r/a@${s.pending.digest}`,
        firstSeen: '2026-12-06T06:00:00.000Z',
        generation: 1,
        ...s.pending,
      },
    });
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name: 'app', namespace: 'ns', annotations },
    spec: {
      tags: [{ name: 't', annotations: s.annotations ?? POLICY, from: { kind: 'DockerImage', name: 'r/a' } }],
    },
    status: {
      dockerImageRepository: '',
      tags: [
        {
          tag: 't',
          items: s.top
            ? [{ image: s.top, dockerImageReference: `r/a@${s.top}`, created: '', generation: 1 }]
            : [],
          conditions: s.condition
            ? [{ type: 'ImportSuccess', status: 'False', generation: 1, ...s.condition }]
            : [],
        },
      ],
    },
  } as unknown as ImageStream;
}

const reasons = (before: Shape | undefined, after: Shape) =>
  policyEvents(before ? stream(before) : undefined, stream(after)).map((e) => e.reason);

describe('policyEvents', () => {
  it('names the old and the new winner, and says nothing when the winner stays', () => {
    const [e] = policyEvents(
      stream({ selection: { winner: '1.0.0' } }),
      stream({ selection: { winner: '1.1.0' } }),
    );
    expect(e).toMatchObject({ type: 'Normal', reason: 'TagPolicySelected', tag: 't' });
    expect(e?.message).toBe(
      'Tag app:t: the semver range "^1" chose 1.1.0, was 1.0.0 (3 tags listed, 2 matched)',
    );
    expect(
      reasons({ selection: { winner: '1.1.0' } }, { selection: { winner: '1.1.0', listed: 9 } }),
    ).toEqual([]);
  });

  it('warns once per policy failure: a new count of tags is the same failure, another reason is not', () => {
    const noMatch = (n: number) => ({
      reason: 'NotFound',
      message: `no tag of r/a matches the semver range "^1" (${n} tags listed)`,
    });
    const listFailed = { reason: 'Unauthorized', message: 'cannot list the tags of r/a: denied' };
    expect(reasons({}, { condition: noMatch(3) })).toEqual(['TagPolicyFailed']);
    expect(reasons({ condition: noMatch(3) }, { condition: noMatch(4) })).toEqual([]);
    expect(reasons({ condition: noMatch(3) }, { condition: listFailed })).toEqual(['TagPolicyFailed']);
    // a failure that is not the policy's (the winner's manifest) is not a policy Event
    expect(reasons({}, { condition: { reason: 'NotFound', message: 'manifest unknown' } })).toEqual([]);
    // nor one on a tag without a policy
    expect(reasons({}, { condition: noMatch(3), annotations: {} })).toEqual([]);
  });

  it('starts a cooldown on a new pending digest, with when it moves, and again for a newer one', () => {
    const [e] = policyEvents(stream({}), stream({ pending: { digest: 'sha256:a' } }));
    expect(e?.message).toBe('Tag app:t holds sha256:a for its min-age 1h: moves at 2026-12-06T07:00:00.000Z');
    expect(
      reasons({ pending: { digest: 'sha256:a' } }, { pending: { digest: 'sha256:a' }, top: 'sha256:z' }),
    ).toEqual([]);
    expect(reasons({ pending: { digest: 'sha256:a' } }, { pending: { digest: 'sha256:b' } })).toEqual([
      'CooldownStarted',
    ]);
  });

  it('ends a cooldown only when the held digest moved the tag', () => {
    expect(reasons({ pending: { digest: 'sha256:a' } }, { top: 'sha256:a' })).toEqual(['CooldownElapsed']);
    // replaced by a newer digest: a new hold, not a move
    expect(
      reasons({ pending: { digest: 'sha256:a' } }, { pending: { digest: 'sha256:b' }, top: 'sha256:z' }),
    ).toEqual(['CooldownStarted']);
    // a rollback cleared it and the tag moved elsewhere
    expect(reasons({ pending: { digest: 'sha256:a' } }, { top: 'sha256:old' })).toEqual([]);
  });

  it('gives nothing when the import wrote nothing', () => {
    const s = stream({ pending: { digest: 'sha256:a' }, selection: { winner: '1.0.0' } });
    expect(policyEvents(s, s)).toEqual([]);
    expect(policyEvents(s, undefined)).toEqual([]);
  });
});
