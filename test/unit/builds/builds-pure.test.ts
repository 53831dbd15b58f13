import { describe, expect, it } from 'vitest';
import { redact } from '../../../src/builds/build-log.js';
import { buildCells, describeSource, goDuration } from '../../../src/builds/columns.js';
import { insertEnv, replaceLastFrom } from '../../../src/builds/executor/dockerfile.js';
import { outputTarget } from '../../../src/builds/executor/output-target.js';
import { planBuilds } from '../../../src/builds/schedule.js';
import type { Build, BuildConfig } from '../../../src/builds/schema.js';
import { validateBuildConfigSpec } from '../../../src/builds/validation.js';

const IMG = 'reg:5000/ns/base@sha256:' + 'a'.repeat(64);

describe('Dockerfile edits', () => {
  it('replaces only the last FROM, keeping --platform and the stage name', () => {
    const df =
      'FROM golang AS build\nRUN make\n# FROM not-this\nFROM --platform=linux/amd64 alpine:3 AS final\nCOPY --from=build /a /a\n';
    expect(replaceLastFrom(df, IMG)).toBe(
      `FROM golang AS build\nRUN make\n# FROM not-this\nFROM --platform=linux/amd64 ${IMG} AS final\nCOPY --from=build /a /a\n`,
    );
  });

  it('does not take a continued line for an instruction', () => {
    const df = 'FROM a\nRUN echo \\\n  FROM b\n';
    expect(replaceLastFrom(df, 'x')).toBe('FROM x\nRUN echo \\\n  FROM b\n');
  });

  it('inserts ENV right after the last FROM', () => {
    expect(insertEnv('FROM a\nFROM b\nCMD x\n', [{ name: 'K', value: 'v "q"' }])).toBe(
      'FROM a\nFROM b\nENV K="v \\"q\\""\nCMD x\n',
    );
  });
});

describe('build log redaction', () => {
  it('masks secrets and their base64 form', () => {
    const b64 = Buffer.from('user:pa55word').toString('base64');
    expect(redact(`auth pa55word and ${b64}`, ['pa55word', 'user:pa55word'])).toBe('auth ***** and *****');
  });
});

const build = (n: number, phase: string, extra: Partial<Build['status']> = {}): Build => ({
  apiVersion: 'build.openshift.io/v1',
  kind: 'Build',
  metadata: { name: `app-${n}`, annotations: { 'openshift.io/build.number': String(n) } },
  spec: { source: { dockerfile: 'FROM a' }, strategy: { type: 'Docker', dockerStrategy: {} }, output: {} },
  status: { phase: phase as 'New', ...extra },
});
const config = (spec: Partial<BuildConfig['spec']> = {}): BuildConfig => ({
  apiVersion: 'build.openshift.io/v1',
  kind: 'BuildConfig',
  metadata: { name: 'app' },
  spec: { source: {}, strategy: {}, output: {}, ...spec },
});

describe('run policy and history', () => {
  it('Serial starts the oldest queued build only when none runs', () => {
    expect(
      planBuilds([build(2, 'New'), build(1, 'New')], config()).start.map((b) => b.metadata.name),
    ).toEqual(['app-1']);
    expect(planBuilds([build(1, 'Running'), build(2, 'New')], config()).start).toEqual([]);
  });

  it('SerialLatestOnly cancels the older queued builds', () => {
    const plan = planBuilds(
      [build(1, 'Running'), build(2, 'New'), build(3, 'New')],
      config({ runPolicy: 'SerialLatestOnly' }),
    );
    expect(plan.cancel.map((b) => b.metadata.name)).toEqual(['app-2']);
    expect(plan.start).toEqual([]);
  });

  it('Parallel starts every queued build; a cancelled queued build is cancelled, not started', () => {
    const plan = planBuilds(
      [build(1, 'New'), build(2, 'New', { cancelled: true })],
      config({ runPolicy: 'Parallel' }),
    );
    expect(plan.start.map((b) => b.metadata.name)).toEqual(['app-1']);
    expect(plan.cancel.map((b) => b.metadata.name)).toEqual(['app-2']);
  });

  it('prunes the oldest finished builds beyond the history limits', () => {
    const builds = [1, 2, 3].map((n) => build(n, 'Complete')).concat([build(4, 'Failed'), build(5, 'Error')]);
    const plan = planBuilds(builds, config({ successfulBuildsHistoryLimit: 2, failedBuildsHistoryLimit: 1 }));
    expect(plan.prune.map((b) => b.metadata.name).sort()).toEqual(['app-1', 'app-4']);
  });
});

describe("oc's columns", () => {
  it('describes the source and the duration as oc does', () => {
    expect(
      describeSource({
        source: { git: { uri: 'x', ref: 'main' } },
        revision: { type: 'Git', git: { commit: 'f'.repeat(40) } },
      }),
    ).toBe('Git@fffffff');
    expect(describeSource({ source: { dockerfile: 'FROM a' } })).toBe('Dockerfile');
    expect(goDuration(65e9)).toBe('1m5s');
    expect(goDuration(3603e9)).toBe('1h0m3s');
    const b = build(1, 'Failed', {
      reason: 'DockerBuildFailed',
      startTimestamp: '2026-01-01T00:00:00Z',
      duration: 12e9,
    });
    expect(buildCells(b, new Date('2026-01-01T00:01:00Z'))).toEqual([
      'app-1',
      'Docker',
      'Dockerfile',
      'Failed (DockerBuildFailed)',
      '60s ago',
      '12s',
    ]);
  });
});

describe('output target', () => {
  it('pushes an ImageStreamTag to the integrated registry, else to spec.dockerImageRepository', () => {
    const to = { kind: 'ImageStreamTag', name: 'app:v1' };
    expect(outputTarget(to, 'ns', undefined, '127.0.0.1:5000')).toMatchObject({
      repository: '127.0.0.1:5000/ns/app',
      tag: 'v1',
      streamTag: { namespace: 'ns', stream: 'app', tag: 'v1' },
    });
    expect(
      outputTarget(to, 'ns', { spec: { dockerImageRepository: 'quay.io/t/app' } }, undefined).repository,
    ).toBe('quay.io/t/app');
    expect(() => outputTarget(to, 'ns', {}, undefined)).toThrow(/no spec.dockerImageRepository/);
  });
});

describe('validation', () => {
  it('accepts a trigger following another image than the strategy’s, refuses one of another kind', () => {
    const causes = validateBuildConfigSpec({
      source: { dockerfile: 'FROM a' },
      strategy: { type: 'Docker', dockerStrategy: { from: { kind: 'ImageStreamTag', name: 'a:b' } } },
      output: {},
      triggers: [
        { type: 'ImageChange', imageChange: { from: { kind: 'ImageStreamTag', name: 'other:x' } } },
        { type: 'Bitbucket' },
        { type: 'ImageChange', imageChange: { from: { kind: 'DockerImage', name: 'quay.io/x:1' } } },
      ],
    });
    expect(causes.map((c) => c.field)).toEqual([
      'spec.triggers[1].bitbucket',
      'spec.triggers[2].imageChange.from.kind',
    ]);
  });

  it('needs exactly one of secret and secretReference on a webhook trigger, never echoing the secret', () => {
    const causes = validateBuildConfigSpec({
      source: { dockerfile: 'FROM a' },
      strategy: { type: 'Docker', dockerStrategy: {} },
      output: {},
      triggers: [
        { type: 'GitHub' },
        { type: 'Generic', generic: {} },
        { type: 'GitLab', gitlab: { secret: 'hunter2', secretReference: { name: 's' } } },
        { type: 'GitHub', github: { secret: 'x', allowEnv: true } },
        { type: 'Generic', generic: { secretReference: { name: 'hook' }, allowEnv: true } },
      ],
    });
    expect(causes.map((c) => c.field)).toEqual([
      'spec.triggers[0].github',
      'spec.triggers[1].generic.secretReference',
      'spec.triggers[2].gitlab.secret',
      'spec.triggers[3].github.allowEnv',
    ]);
    expect(JSON.stringify(causes)).not.toContain('hunter2');
  });
});
