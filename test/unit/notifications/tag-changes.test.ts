import { describe, expect, it } from 'vitest';
import type { ImageStream } from '../../../src/api/types.js';
import { detectTagChanges } from '../../../src/notifications/outbound/tag-changes.js';
import { decodeImageStream } from '../../support/image-stream.js';
import { D1, D2 } from './fixtures.js';

const D3 = `sha256:${'c'.repeat(64)}`;

function stream(tags: Record<string, string[]>, rv = '7'): ImageStream {
  return decodeImageStream({
    metadata: { namespace: 'ns', name: 'app', uid: 'u-1', resourceVersion: rv },
    spec: {},
    status: {
      dockerImageRepository: '',
      tags: Object.entries(tags).map(([tag, images]) => ({
        tag,
        items: images.map((image) => ({
          image,
          dockerImageReference: `reg/app@${image}`,
          created: '2026-01-01T00:00:00Z',
          generation: 1,
        })),
      })),
    },
  });
}

describe('detectTagChanges', () => {
  it('reports a tag whose newest image changed, with the old and new digest', () => {
    expect(detectTagChanges(stream({ latest: [D1] }), stream({ latest: [D2, D1] }))).toEqual([
      {
        namespace: 'ns',
        stream: 'app',
        uid: 'u-1',
        tag: 'latest',
        oldDigest: D1,
        newDigest: D2,
        dockerImageReference: `reg/app@${D2}`,
        resourceVersion: '7',
      },
    ]);
  });

  it('reports a new tag without an old digest', () => {
    const changes = detectTagChanges(stream({ latest: [D1] }), stream({ latest: [D1], v1: [D3] }));
    expect(changes.map((c) => [c.tag, c.oldDigest, c.newDigest])).toEqual([['v1', undefined, D3]]);
  });

  it('reports every tag of a stream seen for the first time', () => {
    expect(detectTagChanges(undefined, stream({ a: [D1], b: [D2] })).map((c) => c.tag)).toEqual(['a', 'b']);
  });

  it('reports nothing when only older history, metadata or spec changed', () => {
    const before = stream({ latest: [D2, D1] }, '7');
    const after = stream({ latest: [D2, D3] }, '8');
    (after.spec as Record<string, unknown>).tags = [{ name: 'latest' }];
    expect(detectTagChanges(before, after)).toEqual([]);
  });

  it('reports nothing for a removed tag or a tag without history', () => {
    expect(
      detectTagChanges(stream({ latest: [D1], gone: [D2] }), stream({ latest: [D1], empty: [] })),
    ).toEqual([]);
  });

  it('reports a tag that moves back to an image it had before', () => {
    const changes = detectTagChanges(stream({ latest: [D2, D1] }), stream({ latest: [D1, D2, D1] }));
    expect(changes.map((c) => [c.oldDigest, c.newDigest])).toEqual([[D2, D1]]);
  });
});
