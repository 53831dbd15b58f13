import { describe, expect, it } from 'vitest';
import type { Image, ImageStream } from '../../../src/api/types.js';
import { pruneTagHistory, unreferencedImages } from '../../../src/importer/prune-policy.js';

const now = new Date('2026-06-01T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000).toISOString();
const ev = (n: number, hours: number) => ({
  created: hoursAgo(hours),
  dockerImageReference: `reg/app@sha256:${n}`,
  image: `sha256:${n}`,
  generation: n,
});

function stream(items: ReturnType<typeof ev>[]): ImageStream {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name: 'app', namespace: 'ns' },
    spec: { tags: [] },
    status: { dockerImageRepository: '', tags: [{ tag: 'latest', items }] },
  } as unknown as ImageStream;
}

describe('pruneTagHistory', () => {
  it('keeps the newest 3 revisions and removes older ones past the minimum age', () => {
    const s = stream([ev(5, 10), ev(4, 20), ev(3, 30), ev(2, 40), ev(1, 50)]);
    const { stream: out, removed } = pruneTagHistory(s, undefined, now);
    expect(out.status!.tags![0]!.items!.map((i) => i.image)).toEqual(['sha256:5', 'sha256:4', 'sha256:3']);
    expect(removed.map((r) => r.event.image)).toEqual(['sha256:2', 'sha256:1']);
  });

  it('keeps anything younger than the minimum age regardless of position', () => {
    const s = stream([ev(5, 0.1), ev(4, 0.2), ev(3, 0.3), ev(2, 0.5), ev(1, 2)]);
    const { removed } = pruneTagHistory(s, { keepTagRevisions: 3, keepYoungerThanMs: 3600_000 }, now);
    expect(removed.map((r) => r.event.image)).toEqual(['sha256:1']);
  });

  it('never removes item 0, even with zero revisions to keep', () => {
    const s = stream([ev(2, 10), ev(1, 20)]);
    const { stream: out } = pruneTagHistory(s, { keepTagRevisions: 0, keepYoungerThanMs: 0 }, now);
    expect(out.status!.tags![0]!.items!.map((i) => i.image)).toEqual(['sha256:2']);
  });

  it('returns the same object when nothing is pruned', () => {
    const s = stream([ev(2, 10), ev(1, 20)]);
    expect(pruneTagHistory(s, undefined, now).stream).toBe(s);
  });
});

describe('unreferencedImages', () => {
  const image = (name: string, hours: number, children: string[] = []): Image =>
    ({
      apiVersion: 'image.openshift.io/v1',
      kind: 'Image',
      metadata: { name, creationTimestamp: hoursAgo(hours) },
      dockerImageReference: `reg/app@${name}`,
      dockerImageManifests: children.map((digest) => ({
        digest,
        mediaType: 'x',
        manifestSize: 1,
        architecture: 'amd64',
        os: 'linux',
      })),
    }) as Image;

  it('lists old images no history references, keeping young ones and children of kept lists', () => {
    const streams = [stream([ev(1, 10)])];
    const images = [
      image('sha256:1', 10, ['sha256:c']),
      image('sha256:c', 10),
      image('sha256:old', 10),
      image('sha256:young', 0.2),
    ];
    expect(unreferencedImages(images, streams, undefined, now).map((i) => i.metadata.name)).toEqual([
      'sha256:old',
    ]);
  });

  it('keeps images a spec tag pins by any valid digest (sha256, sha384, sha512)', () => {
    const pins = [`sha256:${'1'.repeat(64)}`, `sha384:${'2'.repeat(96)}`, `sha512:${'3'.repeat(128)}`];
    const pinned = stream([]);
    pinned.spec = {
      lookupPolicy: { local: false },
      tags: pins.map((d, i) => ({ name: `t${i}`, from: { kind: 'DockerImage', name: `reg/app@${d}` } })),
    };
    const images = [...pins.map((d) => image(d, 10)), image('sha256:old', 10)];
    expect(unreferencedImages(images, [pinned], undefined, now).map((i) => i.metadata.name)).toEqual([
      'sha256:old',
    ]);
  });
});
