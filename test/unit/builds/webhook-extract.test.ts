import { describe, expect, it } from 'vitest';
import type { BuildConfig } from '../../../src/builds/schema.js';
import { extract, refMatches } from '../../../src/builds/webhooks/extract.js';

function config(ref?: string): BuildConfig {
  return {
    apiVersion: 'build.openshift.io/v1',
    kind: 'BuildConfig',
    metadata: { name: 'app', namespace: 'ns' },
    spec: {
      source: ref === undefined ? { dockerfile: 'FROM x' } : { git: { uri: 'https://g/x.git', ref } },
      strategy: { dockerStrategy: {} },
      output: {},
    },
  };
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  headers: { 'content-type': 'application/json', ...headers },
  raw: Buffer.from(JSON.stringify(body)),
});

describe('webhook payloads', () => {
  it('matches the pushed branch against source.git.ref, master when none (as OpenShift)', () => {
    expect(refMatches('refs/heads/main', config('main'))).toBe(true);
    expect(refMatches('refs/heads/main', config())).toBe(false);
    expect(refMatches('refs/heads/master', config())).toBe(true);
    expect(refMatches('refs/heads/master', config(''))).toBe(true);
    expect(refMatches('refs/tags/main', config('main'))).toBe(false);
  });

  it('refuses GitHub and GitLab deliveries of other events with 400', () => {
    expect(() => extract('github', config('main'), {}, json({}))).toThrow(/X-GitHub-Event/);
    expect(() => extract('github', config('main'), {}, json({}, { 'x-github-event': 'issues' }))).toThrow(
      /Unknown X-GitHub-Event or X-Gogs-Event issues/,
    );
    expect(() =>
      extract('gitlab', config('main'), {}, json({}, { 'x-gitlab-event': 'Tag Push Hook' })),
    ).toThrow(/Unknown X-GitLab-Event/);
  });

  it('takes generic env only with allowEnv, and revision only for a Git source', () => {
    const body = json({ git: { commit: 'abcdef1', ref: 'main' }, env: [{ name: 'A', value: '1' }] });
    expect(extract('generic', config('main'), {}, body)).toEqual({
      proceed: true,
      revision: { type: 'Git', git: { commit: 'abcdef1' } },
    });
    expect(extract('generic', config('main'), { allowEnv: true }, body)).toMatchObject({
      env: [{ name: 'A', value: '1' }],
    });
    expect(extract('generic', config(), {}, json({ git: { commit: 'abcdef1' } }))).toEqual({ proceed: true });
  });
});
