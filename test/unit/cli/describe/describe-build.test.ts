import { describe, expect, it } from 'vitest';
import type { Build } from '../../../../src/builds/schema.js';
import { describeBuildDuration, goDuration } from '../../../../src/cli/describe/build-common.js';
import { describeBuild } from '../../../../src/cli/describe/describe-build.js';

const NOW = new Date('2026-01-01T00:10:00Z');

const build = (over: Partial<Build> = {}): Build => ({
  apiVersion: 'build.openshift.io/v1',
  kind: 'Build',
  metadata: {
    name: 'app-2',
    namespace: 'team-a',
    creationTimestamp: '2026-01-01T00:00:00Z',
    labels: { buildconfig: 'app' },
    annotations: { 'openshift.io/build.number': '2' },
  },
  spec: {
    source: { git: { uri: 'https://git.example/app.git', ref: 'main' }, contextDir: 'web' },
    revision: {
      type: 'Git',
      git: {
        commit: '0123456789abcdef',
        message: 'fix it',
        author: { name: 'Ann' },
        committer: { name: 'Bob' },
      },
    },
    strategy: {
      type: 'Docker',
      dockerStrategy: {
        from: { kind: 'DockerImage', name: '127.0.0.1:5000/team-a/base@sha256:aa' },
        noCache: true,
      },
    },
    output: { to: { kind: 'ImageStreamTag', name: 'app:latest' } },
    completionDeadlineSeconds: 90,
    triggeredBy: [
      {
        message: 'Image change',
        imageChangeBuild: {
          imageID: '127.0.0.1:5000/team-a/base@sha256:aa',
          fromRef: { kind: 'ImageStreamTag', name: 'base:latest' },
        },
      },
    ],
  },
  status: {
    phase: 'Complete',
    startTimestamp: '2026-01-01T00:00:02Z',
    completionTimestamp: '2026-01-01T00:01:07Z',
    config: { kind: 'BuildConfig', name: 'app', namespace: 'team-a' },
    output: { to: { imageDigest: 'sha256:bb' } },
  },
  ...over,
});

const lines = (text: string): string[] => text.split('\n').map((l) => l.replace(/\s+/g, ' ').trimEnd());

describe('describe build', () => {
  it('prints what oc describe build prints, in its order', () => {
    const out = lines(describeBuild(build(), NOW));
    expect(out).toEqual([
      'Name: app-2',
      'Namespace: team-a',
      'Created: 2026-01-01T00:00:00Z',
      'Labels: buildconfig=app',
      'Annotations: openshift.io/build.number=2',
      '',
      'Status: Complete',
      'Started: Thu, 01 Jan 2026 00:00:02 UTC',
      'Duration: 1m5s',
      '',
      'Build Config: app',
      'Image Digest: sha256:bb',
      '',
      'Strategy: Docker',
      'URL: https://git.example/app.git',
      'Ref: main',
      'ContextDir: web',
      'Commit: 0123456 (fix it)',
      'Author/Committer: Ann / Bob',
      'From Image: DockerImage 127.0.0.1:5000/team-a/base@sha256:aa',
      'No Cache: true',
      'Output to: ImageStreamTag app:latest',
      'Fail Build After: 1m30s',
      '',
      'Build trigger cause: Image change',
      'Image ID: 127.0.0.1:5000/team-a/base@sha256:aa',
      'Image Name/Kind: base:latest / ImageStreamTag',
      '', // oc ends the causes with a blank line
      '',
    ]);
  });

  it('shows a failure with its message, a webhook cause with <secret>, an inline Dockerfile and a binary source', () => {
    const b = build({
      status: { phase: 'Failed', message: 'Docker build strategy has failed.' },
      spec: {
        source: { dockerfile: 'FROM scratch\nCOPY app /app', binary: { asFile: 'app.jar' } },
        strategy: { type: 'Docker', dockerStrategy: {} },
        output: {},
        triggeredBy: [
          {
            message: 'GitHub WebHook',
            githubWebHook: {
              secret: '<secret>',
              revision: { type: 'Git', git: { commit: 'abc', author: { name: 'Ann' } } },
            },
          },
        ],
      },
    });
    const text = describeBuild(b, NOW);
    const out = lines(text);
    expect(out).toContain('Status: Failed (Docker build strategy has failed.)');
    expect(out).toContain('Duration: waiting for 10m0s');
    expect(text).toContain('Dockerfile:\n  FROM scratch\n  COPY app /app\n');
    expect(out).toContain('Binary: provided as file "app.jar" on build');
    expect(out).not.toContain('Empty Source: no input source provided');
    expect(out.slice(-6)).toEqual([
      'Build trigger cause: GitHub WebHook',
      'Commit: abc ()',
      'Author: Ann',
      'Secret: <secret>',
      '',
      '',
    ]);
  });

  it('says the cause is unknown when the build has none, and that an inline Dockerfile alone is an empty source', () => {
    const b = build({ spec: { source: { dockerfile: 'FROM scratch' }, strategy: {}, output: {} } });
    const out = lines(describeBuild(b, NOW));
    expect(out).toContain('Empty Source: no input source provided');
    expect(out.slice(-3)).toEqual(['Build trigger cause: <unknown>', '', '']);
  });
});

describe("oc's build durations", () => {
  const at = (status: Build['status']): string => describeBuildDuration(build({ status }), NOW);
  it('waiting, running, waited, done', () => {
    expect(at({ phase: 'New' })).toBe('waiting for 10m0s');
    expect(at({ phase: 'Running', startTimestamp: '2026-01-01T00:09:30Z' })).toBe('running for 30s');
    expect(at({ phase: 'Cancelled', completionTimestamp: '2026-01-01T01:00:05Z' })).toBe('waited for 1h0m5s');
    expect(at({ phase: 'Cancelled' })).toBe('<none>');
    expect(
      at({ startTimestamp: '2026-01-01T00:00:00.9Z', completionTimestamp: '2026-01-01T00:00:01.1Z' }),
    ).toBe('1s');
    expect(goDuration(0)).toBe('0s');
  });
});
