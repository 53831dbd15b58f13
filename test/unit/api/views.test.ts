import { describe, expect, it } from 'vitest';
import type { Image, ImageStream } from '../../../src/api/types.js';
import {
  findImageInStream,
  imageIdProblem,
  imageStreamImageView,
  imageStreamTagNames,
  imageStreamTagView,
  imageTagView,
} from '../../../src/api/views.js';
import { digest, event, stream } from './fixtures.js';

const A = digest('a');
const A2 = `sha256:${'a'.repeat(14)}${'b'.repeat(50)}`;
const C = digest('c');

function image(name: string): Image {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'Image',
    metadata: {
      name,
      annotations: { 'image.openshift.io/dockerLayersOrder': 'ascending' },
      creationTimestamp: '2026-01-05T00:00:00Z',
    },
    dockerImageReference: `quay.io/r@${name}`,
    dockerImageManifest: '{"big":true}',
    dockerImageConfig: '{"big":true}',
    dockerImageMetadata: { Config: { Env: ['A=1'] } },
    dockerImageLayers: [],
  };
}

function st(policy: 'Source' | 'Local' = 'Local'): ImageStream {
  return stream({
    metadata: {
      name: 'ruby',
      namespace: 'ns',
      uid: 'u-1',
      resourceVersion: '7',
      creationTimestamp: '2026-01-01T00:00:00Z',
      labels: { app: 'x' },
      annotations: { s: '1' },
    },
    spec: {
      lookupPolicy: { local: true },
      tags: [
        { name: 'latest', annotations: { color: 'blue' }, referencePolicy: { type: policy }, generation: 3 },
        { name: 'pending', from: { kind: 'DockerImage', name: 'quay.io/r:p' } },
      ],
    },
    status: {
      dockerImageRepository: 'reg.local/ns/ruby',
      tags: [
        {
          tag: 'latest',
          items: [event(A, `quay.io/r@${A}`, 3, '2026-01-03T00:00:00Z'), event(A2, `quay.io/r@${A2}`, 2)],
          conditions: [{ type: 'ImportSuccess', status: 'False', generation: 3 }],
        },
        { tag: 'old', items: [event(C, `quay.io/r@${C}`)] },
        { tag: 'ref', items: [event('', 'quay.io/r:ref')] },
      ],
    },
  });
}

describe('imageStreamTagView', () => {
  it('is undefined while the tag has no image', () => {
    expect(imageStreamTagView(st(), 'pending', undefined)).toBeUndefined();
    expect(imageStreamTagView(st(), 'ref', undefined)).toBeUndefined();
    expect(imageStreamTagView(st(), 'missing', undefined)).toBeUndefined();
  });

  it('shows the current image with the stream identity, the policy applied and the tag annotations', () => {
    const view = imageStreamTagView(st(), 'latest', image(A));
    expect(view?.metadata).toEqual({
      name: 'ruby:latest',
      namespace: 'ns',
      uid: 'u-1',
      resourceVersion: '7',
      creationTimestamp: '2026-01-03T00:00:00Z',
      labels: { app: 'x' },
      annotations: { color: 'blue' },
    });
    expect(view?.image.dockerImageReference).toBe(`reg.local/ns/ruby@${A}`);
    expect(view?.image.metadata.annotations).toMatchObject({
      color: 'blue',
      'image.openshift.io/dockerLayersOrder': 'ascending',
    });
    expect(view?.image).not.toHaveProperty('dockerImageManifest');
    expect(view?.image).not.toHaveProperty('dockerImageConfig');
    expect(view?.image.dockerImageMetadata).toEqual({ Config: { Env: ['A=1'] } });
    expect(view?.generation).toBe(3);
    expect(view?.lookupPolicy).toEqual({ local: true });
    expect(view?.tag?.name).toBe('latest');
    expect(view?.conditions).toHaveLength(1);
  });

  it('uses the source reference under policy Source, and a name-only image without the Image object', () => {
    const view = imageStreamTagView(st('Source'), 'latest', undefined);
    expect(view?.image.metadata.name).toBe(A);
    expect(view?.image.dockerImageReference).toBe(`quay.io/r@${A}`);
  });

  it('has tag null for a status-only tag and does not change its inputs', () => {
    const s = st();
    const img = image(C);
    const before = structuredClone([s, img]);
    expect(imageStreamTagView(s, 'old', img)?.tag).toBeNull();
    expect([s, img]).toEqual(before);
  });
});

describe('imageTagView', () => {
  it('is undefined for a tag in neither spec nor status', () => {
    expect(imageTagView(st(), 'missing', undefined)).toBeUndefined();
  });

  it('shows a spec-only tag with status and image null', () => {
    const view = imageTagView(st(), 'pending', undefined);
    expect(view).toMatchObject({
      kind: 'ImageTag',
      metadata: { name: 'ruby:pending', resourceVersion: '7' },
      status: null,
      image: null,
    });
    expect(view?.spec?.from?.name).toBe('quay.io/r:p');
  });

  it('shows spec, status and image of a tag', () => {
    const view = imageTagView(st(), 'latest', image(A));
    expect(view?.status?.items).toHaveLength(2);
    expect(view?.image?.dockerImageReference).toBe(`reg.local/ns/ruby@${A}`);
  });
});

describe('findImageInStream', () => {
  it('finds a full digest, a prefix with or without the algorithm', () => {
    expect(findImageInStream(st(), C)).toMatchObject({ digest: C });
    expect(findImageInStream(st(), `sha256:${'c'.repeat(12)}`)).toMatchObject({ digest: C });
    expect(findImageInStream(st(), 'c'.repeat(12))).toMatchObject({ digest: C });
  });

  it("is 'ambiguous' when a prefix matches several images", () => {
    expect(findImageInStream(st(), `sha256:${'a'.repeat(12)}`)).toBe('ambiguous');
    expect(findImageInStream(st(), 'a'.repeat(15))).toMatchObject({ digest: A });
  });

  it('finds nothing by a prefix shorter than 12 hex characters, however many images it matches', () => {
    expect(findImageInStream(st(), 'c'.repeat(11))).toBeUndefined();
    expect(findImageInStream(st(), 'sha256:c')).toBeUndefined();
    expect(imageIdProblem('sha256:' + 'c'.repeat(11))).toContain('at least 12 characters');
    expect(imageIdProblem('c'.repeat(12))).toBeUndefined();
    expect(imageIdProblem(C)).toBeUndefined();
  });

  it('is undefined for an unknown or empty id', () => {
    expect(findImageInStream(st(), digest('d'))).toBeUndefined();
    expect(findImageInStream(st(), '')).toBeUndefined();
  });
});

describe('imageStreamImageView and tag names', () => {
  it('names the view stream@id as requested and uses the reference the stream recorded', () => {
    const view = imageStreamImageView(
      st(),
      { ...image(C), dockerImageReference: 'elsewhere.io/x@' + C },
      'sha256:ccc',
    );
    expect(view.metadata).toMatchObject({
      name: 'ruby@sha256:ccc',
      namespace: 'ns',
      annotations: { s: '1' },
      creationTimestamp: '2026-01-05T00:00:00Z',
    });
    expect(view.image.dockerImageReference).toBe(`quay.io/r@${C}`);
    expect(view.image).not.toHaveProperty('dockerImageManifest');
    expect(imageStreamImageView(st(), image(C)).metadata.name).toBe(`ruby@${C}`);
  });

  it('lists the tags that have an image', () => {
    expect(imageStreamTagNames(st())).toEqual(['latest', 'old']);
  });
});
