import { describe, expect, it } from 'vitest';
import { matchPushEvent } from '../../../src/notifications/inbound/match.js';
import type { ImageStream } from '../../../src/api/types.js';
import type { PushEvent } from '../../../src/notifications/inbound/push-event.js';
import { decodeImageStream } from '../../support/image-stream.js';
import { AT } from './fixtures.js';

function stream(namespace: string, name: string, spec: Record<string, unknown>): ImageStream {
  return decodeImageStream({ metadata: { namespace, name }, spec });
}
const follows = (tag: string, from: string) => ({ name: tag, from: { kind: 'DockerImage', name: from } });
const push = (registryHost: string | undefined, repository: string, tag?: string): PushEvent => ({
  ...(registryHost ? { registryHost } : {}),
  repository,
  ...(tag ? { tag } : {}),
  source: 'distribution',
  receivedAt: AT,
});

describe('matchPushEvent', () => {
  it('wakes a tag following a policy on a push of any tag of its repository', () => {
    const policy = (tag: string, from: string) => ({
      ...follows(tag, from),
      annotations: { 'imagestreams.io/semver': '^1' },
    });
    const streams = [
      stream('a', 'app', {
        tags: [policy('stable', '127.0.0.1:5000/team/app'), follows('pinned', '127.0.0.1:5000/team/app:v1')],
      }),
      stream('b', 'other', { tags: [policy('stable', '127.0.0.1:5000/team/other')] }),
    ];
    expect(matchPushEvent(push('127.0.0.1:5000', 'team/app', '1.3.0'), streams)).toEqual([
      { namespace: 'a', stream: 'app', tag: 'stable' },
    ]);
  });

  it('finds spec tags importing exactly that registry/repository:tag', () => {
    const streams = [
      stream('a', 'app', {
        tags: [
          follows('latest', '127.0.0.1:5000/team/app:latest'),
          follows('stable', '127.0.0.1:5000/team/app:v1'),
        ],
      }),
      stream('b', 'mirror', { tags: [follows('prod', '127.0.0.1:5000/team/app:latest')] }),
    ];
    expect(matchPushEvent(push('127.0.0.1:5000', 'team/app', 'latest'), streams)).toEqual([
      { namespace: 'a', stream: 'app', tag: 'latest' },
      { namespace: 'b', stream: 'mirror', tag: 'prod' },
    ]);
  });

  it('does not match another registry host, repository or tag', () => {
    const streams = [
      stream('a', 'other-host', { tags: [follows('latest', 'quay.io/team/app:latest')] }),
      stream('a', 'other-repo', { tags: [follows('latest', '127.0.0.1:5000/team/api:latest')] }),
      stream('a', 'other-tag', { tags: [follows('latest', '127.0.0.1:5000/team/app:v2')] }),
    ];
    expect(matchPushEvent(push('127.0.0.1:5000', 'team/app', 'latest'), streams)).toEqual([]);
  });

  it('treats docker.io, index.docker.io and registry-1.docker.io as one registry, and nginx as library/nginx', () => {
    const streams = [
      stream('a', 'short', { tags: [follows('latest', 'nginx')] }),
      stream('a', 'long', { tags: [follows('web', 'index.docker.io/library/nginx:latest')] }),
    ];
    const expected = [
      { namespace: 'a', stream: 'short', tag: 'latest' },
      { namespace: 'a', stream: 'long', tag: 'web' },
    ];
    expect(matchPushEvent(push('docker.io', 'library/nginx', 'latest'), streams)).toEqual(expected);
    expect(matchPushEvent(push('registry-1.docker.io', 'nginx', 'latest'), streams)).toEqual(expected);
  });

  it('ignores spec tags pinned to a digest and tags from other kinds', () => {
    const streams = [
      stream('a', 'pinned', {
        tags: [follows('latest', `127.0.0.1:5000/team/app@sha256:${'c'.repeat(64)}`)],
      }),
      stream('a', 'istag', {
        tags: [{ name: 'latest', from: { kind: 'ImageStreamTag', name: 'app:latest' } }],
      }),
    ];
    expect(matchPushEvent(push('127.0.0.1:5000', 'team/app', 'latest'), streams)).toEqual([]);
  });

  it('matches every tag of a stream whose spec.dockerImageRepository is the repository', () => {
    const streams = [stream('a', 'repo', { dockerImageRepository: '127.0.0.1:5000/team/app' })];
    expect(matchPushEvent(push('127.0.0.1:5000', 'team/app', 'feature-x'), streams)).toEqual([
      { namespace: 'a', stream: 'repo', tag: 'feature-x' },
    ]);
  });

  it('leaves a tag of a dockerImageRepository stream alone when a spec tag of that name has its own source', () => {
    const streams = [
      stream('a', 'repo', {
        dockerImageRepository: '127.0.0.1:5000/team/app',
        tags: [follows('latest', 'quay.io/x/y:latest')],
      }),
    ];
    expect(matchPushEvent(push('127.0.0.1:5000', 'team/app', 'latest'), streams)).toEqual([]);
  });

  it('reports a stream tag once even when it matches both ways', () => {
    const streams = [
      stream('a', 'repo', {
        dockerImageRepository: '127.0.0.1:5000/team/app',
        tags: [follows('latest', '127.0.0.1:5000/team/app:latest')],
      }),
    ];
    expect(matchPushEvent(push('127.0.0.1:5000', 'team/app', 'latest'), streams)).toEqual([
      { namespace: 'a', stream: 'repo', tag: 'latest' },
    ]);
  });

  it('matches nothing for a push by digest', () => {
    const streams = [stream('a', 'repo', { dockerImageRepository: '127.0.0.1:5000/team/app' })];
    expect(matchPushEvent(push('127.0.0.1:5000', 'team/app'), streams)).toEqual([]);
  });

  it('matches any host when the notification names none', () => {
    const streams = [
      stream('a', 'app', { tags: [follows('latest', 'registry.example.com/team/app:latest')] }),
    ];
    expect(matchPushEvent(push(undefined, 'team/app', 'latest'), streams)).toEqual([
      { namespace: 'a', stream: 'app', tag: 'latest' },
    ]);
  });

  it('compares hosts case-insensitively and skips sources that are not references', () => {
    const streams = [
      stream('a', 'app', {
        tags: [follows('latest', 'Registry.Example.com/team/app:latest'), follows('bad', 'UPPER/Case:x')],
      }),
    ];
    expect(matchPushEvent(push('registry.example.com', 'team/app', 'latest'), streams)).toEqual([
      { namespace: 'a', stream: 'app', tag: 'latest' },
    ]);
  });
});

describe('matchPushEvent for cosign signature pushes', () => {
  const SIG = `sha256-${'a'.repeat(64)}.sig`;
  const refusedTag = (tag: string, reason: string) => ({
    tag,
    items: [],
    conditions: [{ type: 'ImportSuccess', status: 'False', reason }],
  });
  const withStatus = (s: ImageStream, tags: unknown[]): ImageStream =>
    decodeImageStream({ ...s, status: { tags } });

  it('imports again the tags of that repository whose import was refused for its signature', () => {
    const streams = [
      withStatus(
        stream('a', 'app', {
          tags: [
            follows('latest', '127.0.0.1:5000/team/app:latest'),
            follows('v1', '127.0.0.1:5000/team/app:v1'),
            follows('other', '127.0.0.1:5000/team/other:latest'),
            follows('gone', '127.0.0.1:5000/team/app:gone'),
          ],
        }),
        [
          refusedTag('latest', 'SignatureMissing'),
          refusedTag('v1', 'SignatureInvalid'),
          refusedTag('other', 'SignatureMissing'),
          refusedTag('gone', 'NotFound'),
        ],
      ),
      withStatus(stream('b', 'whole', { dockerImageRepository: '127.0.0.1:5000/team/app' }), [
        refusedTag('v2', 'SignatureMissing'),
      ]),
    ];
    expect(matchPushEvent(push('127.0.0.1:5000', 'team/app', SIG), streams)).toEqual([
      { namespace: 'a', stream: 'app', tag: 'latest' },
      { namespace: 'a', stream: 'app', tag: 'v1' },
      { namespace: 'b', stream: 'whole', tag: 'v2' },
    ]);
  });

  it('never imports the signature tag itself, even into a stream following the whole repository', () => {
    const streams = [stream('b', 'whole', { dockerImageRepository: '127.0.0.1:5000/team/app' })];
    expect(matchPushEvent(push('127.0.0.1:5000', 'team/app', SIG), streams)).toEqual([]);
  });

  it('takes a push of the referrers index (Sigstore bundles) for a signature too', () => {
    const streams = [
      withStatus(stream('b', 'whole', { dockerImageRepository: '127.0.0.1:5000/team/app' }), [
        refusedTag('v2', 'SignatureMissing'),
      ]),
    ];
    const referrers = SIG.replace(/\.sig$/, '');
    expect(matchPushEvent(push('127.0.0.1:5000', 'team/app', referrers), streams)).toEqual([
      { namespace: 'b', stream: 'whole', tag: 'v2' },
    ]);
  });
});
