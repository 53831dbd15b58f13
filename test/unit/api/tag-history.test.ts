import { describe, expect, it } from 'vitest';
import { statusTag } from '../../../src/api/spec-tags.js';
import {
  addTagEvent,
  clearImportCondition,
  latestTaggedImage,
  resolveTagImage,
  resolveTagReference,
  setImportCondition,
  tagGenerationNewer,
  updateTrackingTags,
} from '../../../src/api/tag-history.js';
import type { ImageStream, TagEvent } from '../../../src/api/types.js';
import { digest, event, stream } from './fixtures.js';

const A = digest('a');
const B = digest('b');
const refA = `quay.io/r@${A}`;
const refB = `quay.io/r@${B}`;

function withHistory(): ImageStream {
  return stream({
    status: {
      dockerImageRepository: '',
      tags: [
        {
          tag: 'latest',
          items: [event(A, refA, 1)],
          conditions: [
            {
              type: 'ImportSuccess',
              status: 'False',
              reason: 'NotFound',
              message: 'm',
              generation: 1,
              lastTransitionTime: 't0',
            },
          ],
        },
      ],
    },
  });
}

describe('addTagEvent', () => {
  it('prepends when both reference and image differ, and clears conditions', () => {
    const before = withHistory();
    const snapshot = structuredClone(before);
    const { stream: after, changed } = addTagEvent(before, 'latest', event(B, refB, 2));
    expect(changed).toBe(true);
    expect(statusTag(after, 'latest')?.items?.map((i) => i.image)).toEqual([B, A]);
    expect(statusTag(after, 'latest')?.conditions).toBeUndefined();
    expect(before).toEqual(snapshot);
  });

  it('updates item 0 in place when only the image differs', () => {
    const { stream: after, changed } = addTagEvent(withHistory(), 'latest', event(B, refA, 2, 'later'));
    expect(changed).toBe(true);
    expect(statusTag(after, 'latest')?.items).toEqual([event(B, refA, 2)]);
  });

  it('updates item 0 in place when only the reference differs', () => {
    const { stream: after } = addTagEvent(withHistory(), 'latest', event(A, refB, 1));
    expect(statusTag(after, 'latest')?.items).toEqual([event(A, refB, 1)]);
  });

  it('updates only the generation when reference and image are the same', () => {
    const { stream: after, changed } = addTagEvent(withHistory(), 'latest', event(A, refA, 5));
    expect(changed).toBe(true);
    expect(statusTag(after, 'latest')?.items).toEqual([event(A, refA, 5)]);
  });

  it('is a no-op (same object, changed false) for an identical event', () => {
    const before = withHistory();
    const result = addTagEvent(before, 'latest', event(A, refA, 1, 'other time'));
    expect(result.changed).toBe(false);
    expect(result.stream).toBe(before);
  });

  it('creates the status tag for a new tag, keeping tags sorted', () => {
    const { stream: after } = addTagEvent(withHistory(), 'a', event(B, refB));
    expect(after.status?.tags?.map((t) => t.tag)).toEqual(['a', 'latest']);
    expect(latestTaggedImage(after, 'a')?.image).toBe(B);
  });
});

describe('updateTrackingTags', () => {
  it('gives the event to same-stream tags that track the updated tag, in both name forms', () => {
    const st = stream({
      spec: {
        lookupPolicy: { local: false },
        tags: [
          { name: 'alias1', from: { kind: 'ImageStreamTag', name: 'latest' } },
          { name: 'alias2', from: { kind: 'ImageStreamTag', name: 'ruby:latest', namespace: 'ns' } },
          { name: 'other-ns', from: { kind: 'ImageStreamTag', name: 'ruby:latest', namespace: 'elsewhere' } },
          { name: 'other-stream', from: { kind: 'ImageStreamTag', name: 'python:latest' } },
          { name: 'docker', from: { kind: 'DockerImage', name: 'latest' } },
        ],
      },
    });
    const result = updateTrackingTags(st, 'latest', event(B, refB));
    expect(result.updated).toEqual(['alias1', 'alias2']);
    expect(result.changed).toBe(true);
    expect(latestTaggedImage(result.stream, 'alias1')?.image).toBe(B);
    expect(latestTaggedImage(result.stream, 'other-ns')).toBeUndefined();
    expect(st.status).toBeUndefined();
  });
});

describe('import conditions', () => {
  it('keeps lastTransitionTime when status, reason and message are unchanged', () => {
    const r = setImportCondition(
      withHistory(),
      'latest',
      { status: 'False', reason: 'NotFound', message: 'm', generation: 2 },
      't1',
    );
    expect(r.changed).toBe(true);
    expect(statusTag(r.stream, 'latest')?.conditions).toEqual([
      {
        type: 'ImportSuccess',
        status: 'False',
        reason: 'NotFound',
        message: 'm',
        generation: 2,
        lastTransitionTime: 't0',
      },
    ]);
    expect(statusTag(r.stream, 'latest')?.items).toHaveLength(1);
  });

  it('moves lastTransitionTime when the message changes', () => {
    const r = setImportCondition(
      withHistory(),
      'latest',
      { status: 'False', reason: 'NotFound', message: 'other', generation: 1 },
      't1',
    );
    expect(statusTag(r.stream, 'latest')?.conditions?.[0]?.lastTransitionTime).toBe('t1');
  });

  it('is a no-op for the identical condition', () => {
    const st = withHistory();
    const r = setImportCondition(
      st,
      'latest',
      { status: 'False', reason: 'NotFound', message: 'm', generation: 1 },
      't1',
    );
    expect(r).toEqual({ stream: st, changed: false });
  });

  it('creates the status tag for a tag that never imported', () => {
    const r = setImportCondition(
      stream(),
      'new',
      { status: 'False', reason: 'Unauthorized', message: 'no', generation: 1 },
      't1',
    );
    expect(statusTag(r.stream, 'new')).toEqual({
      tag: 'new',
      items: null,
      conditions: [
        {
          type: 'ImportSuccess',
          status: 'False',
          reason: 'Unauthorized',
          message: 'no',
          generation: 1,
          lastTransitionTime: 't1',
        },
      ],
    });
  });

  it('clearImportCondition removes conditions and reports no change when there are none', () => {
    const cleared = clearImportCondition(withHistory(), 'latest');
    expect(cleared.changed).toBe(true);
    expect(statusTag(cleared.stream, 'latest')?.conditions).toBeUndefined();
    expect(clearImportCondition(cleared.stream, 'latest').changed).toBe(false);
  });
});

describe('resolveTagReference (the one tag resolution: server, admission, builds, triggers)', () => {
  const st = (type: 'Source' | 'Local', repo: string, image = A) =>
    stream({
      spec: { lookupPolicy: { local: false }, tags: [{ name: 'latest', referencePolicy: { type } }] },
      status: {
        dockerImageRepository: repo,
        tags: [{ tag: 'latest', items: [event(image, refA), event(B, refB)] }],
      },
    });

  it("Source gives item 0's recorded reference", () => {
    expect(resolveTagReference(st('Source', 'reg.local/ns/ruby'), 'latest')).toBe(refA);
  });

  it("Local gives the stream repository by item 0's image", () => {
    expect(resolveTagReference(st('Local', 'reg.local:5000/ns/ruby'), 'latest')).toBe(
      `reg.local:5000/ns/ruby@${A}`,
    );
  });

  it('Local falls back to the source without a stream repository, an image or a parseable repository', () => {
    expect(resolveTagReference(st('Local', ''), 'latest')).toBe(refA);
    expect(resolveTagReference(st('Local', 'reg.local/ns/ruby', ''), 'latest')).toBe(refA);
    expect(resolveTagReference(st('Local', 'Not A Repo!'), 'latest')).toBe(refA);
  });

  it('a status tag without a spec tag is resolved as Source', () => {
    const s = stream({
      status: { dockerImageRepository: 'reg.local/ns/ruby', tags: [{ tag: 'x', items: [event(A, refA)] }] },
    });
    expect(resolveTagReference(s, 'x')).toBe(refA);
  });

  it('is undefined for a missing tag and for a tag with only a spec (not imported yet)', () => {
    expect(resolveTagReference(st('Source', ''), 'nope')).toBeUndefined();
    const specOnly = stream({
      spec: { lookupPolicy: { local: false }, tags: [{ name: 'new', referencePolicy: { type: 'Local' } }] },
      status: { dockerImageRepository: 'reg.local/ns/ruby', tags: [{ tag: 'new', items: null }] },
    });
    expect(resolveTagReference(specOnly, 'new')).toBeUndefined();
    expect(resolveTagReference({ ...specOnly, status: undefined }, 'new')).toBeUndefined();
  });
});

describe('resolveTagImage (the same resolution, pinned by digest, for triggers and builds)', () => {
  const st = (type: 'Source' | 'Local', items: TagEvent[]) =>
    stream({
      spec: { lookupPolicy: { local: false }, tags: [{ name: 'latest', referencePolicy: { type } }] },
      status: { dockerImageRepository: 'is.local:8080/ns/ruby', tags: [{ tag: 'latest', items }] },
    });

  it('gives the resolved reference and its digest under both policies', () => {
    expect(resolveTagImage(st('Source', [event(A, refA), event(B, refB)]), 'latest')).toEqual({
      reference: refA,
      digest: A,
    });
    expect(resolveTagImage(st('Local', [event(A, refA)]), 'latest')).toEqual({
      reference: `is.local:8080/ns/ruby@${A}`,
      digest: A,
    });
  });

  it("pins a tag-form reference by item 0's image", () => {
    expect(resolveTagImage(st('Source', [event(A, 'quay.io/r:v1')]), 'latest')).toEqual({
      reference: `quay.io/r@${A}`,
      digest: A,
    });
  });

  it('takes a by-digest reference without an image (a reference tag naming a digest)', () => {
    expect(resolveTagImage(st('Local', [event('', refB)]), 'latest')).toEqual({ reference: refB, digest: B });
  });

  it('is undefined without history, or when nothing names a digest', () => {
    expect(resolveTagImage(st('Source', []), 'latest')).toBeUndefined();
    expect(resolveTagImage(st('Source', [event(A, refA)]), 'other')).toBeUndefined();
    expect(resolveTagImage(st('Source', [event('', 'quay.io/r:v1')]), 'latest')).toBeUndefined();
    expect(resolveTagImage(st('Source', [event('sha256:abc', 'quay.io/r:v1')]), 'latest')).toBeUndefined();
  });
});

describe('tagGenerationNewer', () => {
  const st = (generation: number | null, items: number[]) =>
    stream({
      spec: { lookupPolicy: { local: false }, tags: [{ name: 't', generation }] },
      status: { dockerImageRepository: '', tags: [{ tag: 't', items: items.map((g) => event(A, refA, g)) }] },
    });

  it('is true when the spec generation is newer than item 0, or either is missing', () => {
    expect(tagGenerationNewer(st(3, [2]), 't')).toBe(true);
    expect(tagGenerationNewer(st(null, [2]), 't')).toBe(true);
    expect(tagGenerationNewer(st(3, []), 't')).toBe(true);
  });

  it('is false when item 0 has caught up', () => {
    expect(tagGenerationNewer(st(3, [3, 1]), 't')).toBe(false);
    expect(tagGenerationNewer(st(2, [3]), 't')).toBe(false);
  });
});
