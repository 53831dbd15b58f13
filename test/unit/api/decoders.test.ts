import { describe, expect, it } from 'vitest';
import { StatusError } from '../../../src/api/status-error.js';
import {
  decodeImageStreamImport,
  decodeImageStreamMapping,
  decodeImageStreamTag,
  decodeImageTag,
} from '../../../src/api/strategies.js';
import { digest } from './fixtures.js';

function causes(f: () => unknown) {
  try {
    f();
  } catch (e) {
    if (e instanceof StatusError && e.code === 422) return e.details?.causes ?? [];
    throw e;
  }
  throw new Error('accepted');
}

describe('ImageStreamTag decoding', () => {
  it('accepts what oc tag sends (a zero-valued image) and defaults the tag policies', () => {
    const ist = decodeImageStreamTag({
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamTag',
      metadata: { name: 'ruby:latest', namespace: 'ns' },
      tag: { name: 'latest', from: { kind: 'DockerImage', name: 'quay.io/r:1' } },
      image: { metadata: { creationTimestamp: null }, dockerImageMetadata: {} },
      generation: null,
      lookupPolicy: { local: false },
    });
    expect(ist.tag).toMatchObject({
      importPolicy: { importMode: 'Legacy' },
      referencePolicy: { type: 'Source' },
    });
    expect(ist.generation).toBe(0);
  });

  it('rejects a name that is not stream:tag, a scheduled istag source, and mismatched annotations', () => {
    expect(causes(() => decodeImageStreamTag({ metadata: { name: 'ruby' } }))).toContainEqual(
      expect.objectContaining({ field: 'metadata.name' }),
    );
    expect(
      causes(() =>
        decodeImageStreamTag({
          metadata: { name: 'ruby:a' },
          tag: { name: 'a', from: { kind: 'ImageStreamTag', name: 'b' }, importPolicy: { scheduled: true } },
        }),
      ),
    ).toContainEqual(expect.objectContaining({ field: 'tag.importPolicy.scheduled' }));
    expect(
      causes(() =>
        decodeImageStreamTag({
          metadata: { name: 'ruby:a', annotations: { x: '1' } },
          tag: { name: 'a', annotations: { x: '2' } },
        }),
      ),
    ).toContainEqual(expect.objectContaining({ field: 'tag.annotations' }));
  });
});

describe('ImageTag decoding', () => {
  it('validates the spec tag', () => {
    expect(
      decodeImageTag({
        metadata: { name: 'ruby:a' },
        spec: { name: 'a', from: { kind: 'DockerImage', name: 'nginx' } },
      }).spec?.referencePolicy,
    ).toEqual({ type: 'Source' });
    expect(
      causes(() =>
        decodeImageTag({
          metadata: { name: 'ruby:a' },
          spec: { name: 'a', from: { kind: 'Nope', name: 'x' } },
        }),
      ),
    ).toContainEqual(expect.objectContaining({ field: 'spec.from.kind' }));
  });
});

describe('ImageStreamMapping decoding', () => {
  const image = { metadata: { name: digest('a') }, dockerImageReference: `quay.io/r@${digest('a')}` };

  it('accepts a mapping of a digest-named image to a tag', () => {
    expect(
      decodeImageStreamMapping({ metadata: { name: 'ruby', namespace: 'ns' }, image, tag: 'latest' }).tag,
    ).toBe('latest');
  });

  it('requires a valid tag and image', () => {
    const c = causes(() =>
      decodeImageStreamMapping({ metadata: { name: 'ruby' }, image: { metadata: { name: 'x' } } }),
    );
    expect(c).toContainEqual(expect.objectContaining({ field: 'tag', reason: 'FieldValueRequired' }));
    expect(c).toContainEqual(expect.objectContaining({ field: 'image.metadata.name' }));
    expect(c).toContainEqual(expect.objectContaining({ field: 'image.dockerImageReference' }));
    expect(
      causes(() => decodeImageStreamMapping({ metadata: { name: 'ruby' }, image, tag: '-x' })),
    ).toContainEqual(expect.objectContaining({ field: 'tag' }));
  });
});

describe('ImageStreamImport decoding', () => {
  it('defaults `to` from the tag of `from`, and the policies', () => {
    const isi = decodeImageStreamImport({
      metadata: { name: 'ruby', namespace: 'ns' },
      spec: {
        import: true,
        images: [
          { from: { kind: 'DockerImage', name: 'quay.io/r:3.3' } },
          { from: { kind: 'DockerImage', name: `quay.io/r@${digest('a')}` } },
        ],
      },
    });
    expect(isi.spec.images?.[0]).toMatchObject({
      to: { name: '3.3' },
      importPolicy: { importMode: 'Legacy' },
      referencePolicy: { type: 'Source' },
    });
    expect(isi.spec.images?.[1]?.to).toBeUndefined();
    expect(isi.spec.import).toBe(true);
  });

  it('treats a missing import flag as a dry run', () => {
    expect(
      decodeImageStreamImport({
        metadata: { name: 'ruby' },
        spec: { repository: { from: { kind: 'DockerImage', name: 'quay.io/r' } } },
      }).spec.import,
    ).toBe(false);
  });

  it('rejects empty requests, other kinds, repositories with a tag and scheduled digests', () => {
    expect(
      causes(() => decodeImageStreamImport({ metadata: { name: 'ruby' }, spec: { import: true } })),
    ).toContainEqual(
      expect.objectContaining({
        field: 'spec.images',
        message: expect.stringContaining('at least one image or a repository'),
      }),
    );
    expect(
      causes(() =>
        decodeImageStreamImport({
          metadata: { name: 'ruby' },
          spec: { images: [{ from: { kind: 'ImageStreamTag', name: 'x:1' } }] },
        }),
      ),
    ).toContainEqual(
      expect.objectContaining({
        field: 'spec.images[0].from.kind',
        message: expect.stringContaining('only DockerImage is supported'),
      }),
    );
    expect(
      causes(() =>
        decodeImageStreamImport({
          metadata: { name: 'ruby' },
          spec: { repository: { from: { kind: 'DockerImage', name: 'quay.io/r:1' } } },
        }),
      ),
    ).toContainEqual(
      expect.objectContaining({
        field: 'spec.repository.from.name',
        message: expect.stringContaining('not a tag or ID'),
      }),
    );
    expect(
      causes(() =>
        decodeImageStreamImport({
          metadata: { name: 'ruby' },
          spec: {
            images: [
              {
                from: { kind: 'DockerImage', name: `q.io/r@${digest('a')}` },
                importPolicy: { scheduled: true },
              },
            ],
          },
        }),
      ),
    ).toContainEqual(
      expect.objectContaining({
        field: 'spec.images[0].from.name',
        message: expect.stringContaining('only tags can be scheduled'),
      }),
    );
    expect(
      causes(() =>
        decodeImageStreamImport({
          metadata: { name: 'Bad' },
          spec: { images: [{ from: { kind: 'DockerImage', name: 'nginx' } }] },
        }),
      ),
    ).toContainEqual(expect.objectContaining({ field: 'metadata.name' }));
  });
});
