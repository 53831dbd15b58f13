import { describe, expect, it } from 'vitest';
import type { ImageStream } from '../../../src/api/types.js';
import {
  failingTags,
  namespaceCounts,
  recentMoves,
  shortDigest,
  sourceText,
  streamsByName,
  tagViews,
} from '../../../web/console/src/model/streams.js';

const D = (n: number): string => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const item = (n: number, created: string, generation = 1) => ({
  created,
  dockerImageReference: `reg/app@${D(n)}`,
  image: D(n),
  generation,
});

function stream(namespace: string, name: string, status: unknown[], spec: unknown[] = []): ImageStream {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name, namespace },
    spec: { lookupPolicy: { local: false }, tags: spec },
    status: { dockerImageRepository: '', tags: status },
  } as ImageStream;
}

const failed = (at: string) => ({
  type: 'ImportSuccess' as const,
  status: 'False' as const,
  reason: 'NotFound',
  message: 'not found',
  lastTransitionTime: at,
  generation: 2,
});

describe('the console model of image streams', () => {
  it("gives each tag of spec and status its state, as oc's Importing and ImportFailed", () => {
    const s = stream(
      'a',
      'app',
      [
        { tag: 'latest', items: [item(1, '2026-01-01T00:00:00Z', 1)] },
        {
          tag: 'broken',
          items: [item(2, '2026-01-01T00:00:00Z')],
          conditions: [failed('2026-01-02T00:00:00Z')],
        },
        { tag: 'pushed', items: [item(3, '2026-01-01T00:00:00Z')] },
      ],
      [
        { name: 'latest', from: { kind: 'DockerImage', name: 'reg/app:latest' }, generation: 2 },
        { name: 'broken', from: { kind: 'DockerImage', name: 'reg/app:broken' }, generation: 1 },
        { name: 'new', from: { kind: 'DockerImage', name: 'reg/app:new' }, generation: 2 },
        { name: 'ref', from: { kind: 'DockerImage', name: 'reg/app:ref' }, reference: true, generation: 2 },
      ],
    );
    const states = Object.fromEntries(tagViews(s).map((t) => [t.name, t.state]));
    expect(states).toEqual({
      broken: 'failed',
      latest: 'importing',
      new: 'importing',
      pushed: 'pushed',
      ref: 'waiting',
    });
  });

  it('lists failures newest first and counts namespaces with failures first', () => {
    const streams = [
      stream('a', 'one', [{ tag: 'x', items: [], conditions: [failed('2026-01-01T00:00:00Z')] }]),
      stream('b', 'two', [{ tag: 'y', items: [], conditions: [failed('2026-01-03T00:00:00Z')] }]),
      stream('b', 'three', [{ tag: 'z', items: [item(1, '2026-01-01T00:00:00Z')] }]),
    ];
    expect(failingTags(streams).map((f) => `${f.namespace}/${f.stream}:${f.tag}`)).toEqual([
      'b/two:y',
      'a/one:x',
    ]);
    expect(namespaceCounts(['a', 'b', 'empty', 'aa'], streams)).toEqual([
      { namespace: 'a', streams: 1, tags: 1, failing: 1 },
      { namespace: 'b', streams: 2, tags: 2, failing: 1 },
      { namespace: 'aa', streams: 0, tags: 0, failing: 0 },
      { namespace: 'empty', streams: 0, tags: 0, failing: 0 },
    ]);
  });

  it('lists what moved recently, newest first, with the image before', () => {
    const streams = [
      stream('a', 'one', [
        { tag: 'old', items: [item(1, '2026-01-01T00:00:00Z')] },
        { tag: 'new', items: [item(2, '2026-01-05T00:00:00Z'), item(1, '2026-01-01T00:00:00Z')] },
      ]),
      stream('b', 'two', [
        { tag: 'mid', items: [item(3, '2026-01-03T00:00:00Z')] },
        { tag: 'none', items: null },
      ]),
    ];
    const moves = recentMoves(streams, 2);
    expect(moves.map((m) => `${m.stream}:${m.tag}`)).toEqual(['one:new', 'two:mid']);
    expect(moves[0]?.previous?.image).toBe(D(1));
    expect(moves[1]?.previous).toBeUndefined();
  });

  it('says where a tag comes from and shortens digests as docker images does', () => {
    expect(
      sourceText({
        name: 't',
        from: { kind: 'ImageStreamTag', name: 'app:1', namespace: 'shared' },
      } as never),
    ).toBe('ImageStreamTag shared/app:1');
    expect(sourceText(undefined)).toBe('pushed (no source)');
    expect(shortDigest(`sha256:${'ab'.repeat(32)}`)).toBe('abababababab');
  });

  it('sorts streams by name and keeps those whose name contains the filter, in any case', () => {
    const all = ['web', 'API-gateway', 'worker', 'db'].map((n) => stream('ns', n, []));
    const names = (f: string) => streamsByName(all, f).map((s) => s.metadata.name);
    expect(names('')).toEqual(['API-gateway', 'db', 'web', 'worker']);
    expect(names(' W ')).toEqual(['API-gateway', 'web', 'worker']);
    expect(names('api')).toEqual(['API-gateway']);
    expect(names('nothing')).toEqual([]);
  });
});
