import { describe, expect, it } from 'vitest';
import { validateTagReference } from '../../../src/api/validation/tag-reference.js';
import type { TagReference } from '../../../src/api/types.js';
import { annotationsOf, tagPolicyFlagProblem } from '../../../src/importer/tag-plan-policy.js';

const tag = (annotations: Record<string, string>, from = 'quay.io/team/app'): TagReference =>
  ({ name: 't', annotations, from: { kind: 'DockerImage', name: from } }) as unknown as TagReference;
const fields = (ref: TagReference) => validateTagReference(ref, 's', 'spec.tags[t]').map((c) => c.field);

describe('tag policy validation', () => {
  it('accepts good policies', () => {
    expect(fields(tag({ 'imagestreams.io/semver': '>=1.0.0 <2.0.0' }))).toEqual([]);
    expect(
      fields(
        tag({
          'imagestreams.io/tag-pattern': '^main-(?P<order>\\d+)$',
          'imagestreams.io/tag-order': 'numerical',
        }),
      ),
    ).toEqual([]);
    expect(fields(tag({ 'imagestreams.io/min-age': '1h30m' }, 'quay.io/team/app:1'))).toEqual([]);
  });

  it('names the annotation at fault', () => {
    const at = (a: string) => `spec.tags[t].annotations[${a}]`;
    expect(fields(tag({ 'imagestreams.io/semver': 'one' }))).toEqual([at('imagestreams.io/semver')]);
    expect(
      fields(tag({ 'imagestreams.io/tag-pattern': '(a)\\1', 'imagestreams.io/tag-order': 'numerical' })),
    ).toEqual([at('imagestreams.io/tag-pattern')]);
    expect(
      fields(tag({ 'imagestreams.io/tag-pattern': 'a', 'imagestreams.io/tag-order': 'newest' })),
    ).toEqual([at('imagestreams.io/tag-order')]);
    expect(fields(tag({ 'imagestreams.io/tag-pattern': 'a' }))).toEqual([at('imagestreams.io/tag-order')]);
    expect(fields(tag({ 'imagestreams.io/min-age': '-1h' }))).toEqual([at('imagestreams.io/min-age')]);
    expect(fields(tag({ 'imagestreams.io/semver': '^1' }, 'quay.io/team/app:1'))).toEqual([
      'spec.tags[t].from.name',
    ]);
  });
});

describe('isctl tag policy flags', () => {
  const docker = (name: string) => ({ kind: 'DockerImage', name }) as const;
  it('refuses combinations that cannot work', () => {
    expect(tagPolicyFlagProblem(docker('q.io/a'), { semver: '^1', tagPattern: 'x' })).toMatch(/together/);
    expect(tagPolicyFlagProblem(docker('q.io/a'), { tagPattern: 'x' })).toMatch(/--tag-order/);
    expect(tagPolicyFlagProblem(docker('q.io/a:1'), { semver: '^1' })).toMatch(/without a tag/);
    expect(tagPolicyFlagProblem(docker('q.io/a'), { semver: '^1' })).toBeUndefined();
  });

  it('writes the annotations, replacing the other policy and keeping the rest', () => {
    const existing = { name: 't', annotations: { 'imagestreams.io/semver': '^1', keep: 'me' } };
    expect(
      annotationsOf(docker('q.io/a'), { tagPattern: 'x', tagOrder: 'alphabetical', minAge: '1h' }, existing),
    ).toEqual({
      keep: 'me',
      'imagestreams.io/tag-pattern': 'x',
      'imagestreams.io/tag-order': 'alphabetical',
      'imagestreams.io/min-age': '1h',
    });
    expect(annotationsOf(docker('q.io/a:2'), {}, existing)).toEqual({ keep: 'me' });
  });
});
