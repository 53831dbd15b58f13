import { describe, expect, it } from 'vitest';
import { ALL_SCHEMAS } from '../../../../src/server/openapi/all-schemas.js';
import { IMAGE } from '../../../../src/server/openapi/schema-builders.js';
import { findUnknownFields } from '../../../../src/server/openapi/unknown-fields.js';

describe('unknown field detection', () => {
  it('finds unknown fields at any depth, with list indexes, and prunes them', () => {
    const stream = {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 'x', labels: { a: 'b' }, bogus: 1 },
      spec: {
        tags: [
          { name: 't', from: { kind: 'DockerImage', name: 'busybox' } },
          { name: 'u', importPolicy: { schedule: true } },
        ],
        extra: true,
      },
    };
    const { unknown, pruned } = findUnknownFields(stream, IMAGE + 'ImageStream', ALL_SCHEMAS);
    expect(unknown).toEqual(['metadata.bogus', 'spec.tags[1].importPolicy.schedule', 'spec.extra']);
    expect(pruned).toEqual({
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 'x', labels: { a: 'b' } },
      spec: {
        tags: [
          { name: 't', from: { kind: 'DockerImage', name: 'busybox' } },
          { name: 'u', importPolicy: {} },
        ],
      },
    });
  });
  it('accepts a valid stream and anything inside free-form fields', () => {
    const image = { metadata: { name: 'sha256:x' }, dockerImageMetadata: { anything: { goes: 1 } } };
    expect(findUnknownFields(image, IMAGE + 'Image', ALL_SCHEMAS).unknown).toEqual([]);
  });
});
