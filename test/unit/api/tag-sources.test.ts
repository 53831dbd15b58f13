import { describe, expect, it } from 'vitest';
import { statusTag } from '../../../src/api/spec-tags.js';
import { imageStreamStrategy as s } from '../../../src/api/strategies.js';
import {
  applySpecTagSources,
  crossStreamSources,
  foreignSources,
  tagRefChanged,
} from '../../../src/api/tag-sources.js';
import type { ImageStream } from '../../../src/api/types.js';
import { digest } from './fixtures.js';

const meta = { name: 'ruby', namespace: 'ns' };
const NOW = '2026-02-02T00:00:00Z';

/** A stored stream with history for tag 1.0 (two images) and 2.0. */
function stored(): ImageStream {
  const created = s.prepareForCreate(
    s.decode({
      metadata: meta,
      spec: {
        tags: [
          { name: '1.0', from: { kind: 'DockerImage', name: 'quay.io/r:1.0' } },
          { name: '2.0', from: { kind: 'DockerImage', name: 'quay.io/r:2.0' } },
        ],
      },
    }),
  );
  return s.prepareForStatusUpdate(
    s.decode({
      metadata: meta,
      status: {
        dockerImageRepository: '',
        tags: [
          {
            tag: '1.0',
            items: [
              {
                created: 'c2',
                dockerImageReference: `quay.io/r@${digest('a')}`,
                image: digest('a'),
                generation: 1,
              },
              {
                created: 'c1',
                dockerImageReference: `quay.io/r@${digest('b')}`,
                image: digest('b'),
                generation: 1,
              },
            ],
          },
          {
            tag: '2.0',
            items: [
              {
                created: 'c3',
                dockerImageReference: `quay.io/r@${digest('ab')}`,
                image: digest('ab'),
                generation: 1,
              },
            ],
          },
        ],
      },
    }),
    created,
  );
}

function withTags(old: ImageStream, tags: unknown[]): ImageStream {
  const body = structuredClone(old) as unknown as { spec: { tags: unknown[] } };
  body.spec.tags = [...body.spec.tags, ...tags];
  return s.prepareForUpdate(s.decode(body), old);
}

describe('status side of spec tag changes', () => {
  it('a reference DockerImage tag gets its history item at once, without an image', () => {
    const st = s.prepareForCreate(
      s.decode({
        metadata: meta,
        spec: {
          tags: [{ name: 'ref', reference: true, from: { kind: 'DockerImage', name: 'quay.io/x:1' } }],
        },
      }),
    );
    expect(statusTag(st, 'ref')?.items).toEqual([
      expect.objectContaining({ dockerImageReference: 'quay.io/x:1', image: '', generation: 1 }),
    ]);
  });

  it('a non-reference DockerImage tag waits for the importer', () => {
    const st = s.prepareForCreate(
      s.decode({
        metadata: meta,
        spec: { tags: [{ name: 'x', from: { kind: 'DockerImage', name: 'quay.io/x:1' } }] },
      }),
    );
    expect(st.status?.tags).toBeUndefined();
  });

  it('an ImageStreamTag tag copies the current image of its source tag in the same stream', () => {
    const next = withTags(stored(), [{ name: 'latest', from: { kind: 'ImageStreamTag', name: '1.0' } }]);
    expect(statusTag(next, 'latest')?.items).toEqual([
      { created: 'c2', dockerImageReference: `quay.io/r@${digest('a')}`, image: digest('a'), generation: 2 },
    ]);
  });

  it('an ImageStreamImage tag resolves a digest prefix from the stream history', () => {
    const next = withTags(stored(), [
      { name: 'pinned', from: { kind: 'ImageStreamImage', name: `ruby@${digest('b').slice(0, 19)}` } },
    ]);
    expect(statusTag(next, 'pinned')?.items?.[0]).toMatchObject({
      image: digest('b'),
      dockerImageReference: `quay.io/r@${digest('b')}`,
    });
  });

  it('an ImageStreamImage prefix shorter than 12 hex characters is a cause, not a guess', () => {
    const old = stored();
    const next = withTags(old, [{ name: 'pinned', from: { kind: 'ImageStreamImage', name: 'sha256:b' } }]);
    const { causes } = applySpecTagSources(next, old, () => undefined, NOW);
    expect(causes).toEqual([
      expect.objectContaining({
        field: 'spec.tags[pinned].from.name',
        message: expect.stringContaining('at least 12 characters'),
      }),
    ]);
  });

  it('lists changed tags whose source is a stream in another namespace, for the access check', () => {
    const old = stored();
    const next = withTags(old, [
      { name: 'theirs', from: { kind: 'ImageStreamTag', namespace: 'team-b', name: 'secret:v1' } },
      { name: 'pinned', from: { kind: 'ImageStreamImage', namespace: 'team-c', name: `x@${digest('b')}` } },
      { name: 'local', from: { kind: 'ImageStreamTag', name: 'other:v1' } },
      { name: 'docker', from: { kind: 'DockerImage', namespace: 'team-d', name: 'quay.io/x:1' } },
    ]);
    expect(foreignSources(next, old)).toEqual([
      // spec.tags are kept sorted by name
      { index: 4, tag: 'pinned', namespace: 'team-c', name: 'x' },
      { index: 5, tag: 'theirs', namespace: 'team-b', name: 'secret' },
    ]);
    // unchanged tags are not checked again (OpenShift's tagRefChanged)
    expect(foreignSources(next, next)).toEqual([]);
  });

  it('an ImageStreamTag source without an image yet is accepted and leaves no history', () => {
    const next = withTags(stored(), [{ name: 'later', from: { kind: 'ImageStreamTag', name: 'nothing' } }]);
    expect(statusTag(next, 'later')).toBeUndefined();
  });

  it('tracking tags follow their source when the source changes', () => {
    const alias = withTags(stored(), [{ name: 'latest', from: { kind: 'ImageStreamTag', name: '1.0' } }]);
    const body = structuredClone(alias) as unknown as {
      spec: { tags: { name: string; from: { kind: string; name: string } }[] };
    };
    body.spec.tags.find((t) => t.name === 'latest')!.from.name = 'ruby:2.0';
    const moved = s.prepareForUpdate(s.decode(body), alias);
    expect(statusTag(moved, 'latest')?.items?.[0]?.image).toBe(digest('ab'));
    expect(statusTag(moved, 'latest')?.items).toHaveLength(2);
  });

  it('cross-stream sources are listed for the caller and resolved through its lookup', () => {
    const old = stored();
    const next = withTags(old, [
      { name: 'ext', from: { kind: 'ImageStreamTag', name: 'base:1', namespace: 'other' } },
    ]);
    expect(statusTag(next, 'ext')).toBeUndefined();
    expect(crossStreamSources(next, old)).toEqual([{ namespace: 'other', name: 'base' }]);
    const base = { ...stored(), metadata: { name: 'base', namespace: 'other' } };
    const baseWithTag1 = {
      ...base,
      status: {
        dockerImageRepository: '',
        tags: [
          {
            tag: '1',
            items: [
              {
                created: 'z',
                dockerImageReference: `q.io/b@${digest('c')}`,
                image: digest('c'),
                generation: 4,
              },
            ],
          },
        ],
      },
    };
    const resolved = applySpecTagSources(
      next,
      old,
      (ns, name) => (ns === 'other' && name === 'base' ? baseWithTag1 : undefined),
      NOW,
    );
    expect(resolved.causes).toEqual([]);
    expect(statusTag(resolved.stream, 'ext')?.items?.[0]).toMatchObject({
      image: digest('c'),
      generation: 2,
    });
  });

  it('a missing cross-stream source is a NotFound cause', () => {
    const old = stored();
    const next = withTags(old, [
      { name: 'ext', from: { kind: 'ImageStreamTag', name: 'gone:1', namespace: 'other' } },
    ]);
    const { causes } = applySpecTagSources(next, old, () => null, NOW);
    expect(causes).toEqual([
      expect.objectContaining({ reason: 'FieldValueNotFound', field: 'spec.tags[ext].from.name' }),
    ]);
  });

  it('tagRefChanged: source, namespace, reference and a generation reset to 0 count; annotations do not', () => {
    const base = { name: 't', from: { kind: 'DockerImage', name: 'a' }, generation: 3 };
    expect(tagRefChanged(base, { ...base }, 'ns')).toBe(false);
    expect(tagRefChanged(base, { ...base, from: { kind: 'DockerImage', name: 'b' } }, 'ns')).toBe(true);
    expect(tagRefChanged(base, { ...base, from: { ...base.from, namespace: 'x' } }, 'ns')).toBe(true);
    expect(tagRefChanged(base, { ...base, from: { ...base.from, namespace: 'ns' } }, 'ns')).toBe(false);
    expect(tagRefChanged(base, { ...base, reference: true }, 'ns')).toBe(true);
    expect(tagRefChanged(base, { ...base, generation: 0 }, 'ns')).toBe(true);
    expect(tagRefChanged(base, { ...base, generation: 5 }, 'ns')).toBe(false);
    expect(tagRefChanged(base, { ...base, annotations: { a: 'b' } }, 'ns')).toBe(false);
  });
});
