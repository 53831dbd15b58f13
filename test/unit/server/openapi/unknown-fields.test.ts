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

  it('finds a single unknown field wherever it is, and answers a clean object with itself', () => {
    const clean = () => ({
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 'x', labels: { a: 'b' }, ownerReferences: [{ kind: 'K', name: 'n', uid: 'u' }] },
      spec: { tags: [{ name: 't', from: { kind: 'DockerImage', name: 'b' }, importPolicy: {} }] },
      status: { dockerImageRepository: 'r', tags: [{ tag: 't', items: [{ image: 'sha256:a' }] }] },
    });
    const object = clean();
    const none = findUnknownFields(object, IMAGE + 'ImageStream', ALL_SCHEMAS);
    expect(none.unknown).toEqual([]);
    expect(none.pruned).toBe(object);
    const cases: [string, (o: ReturnType<typeof clean>) => void][] = [
      ['bogus', (o) => Object.assign(o, { bogus: 1 })],
      [
        'metadata.ownerReferences[0].bogus',
        (o) => Object.assign(o.metadata.ownerReferences[0]!, { bogus: 1 }),
      ],
      ['spec.tags[0].importPolicy.bogus', (o) => Object.assign(o.spec.tags[0]!.importPolicy, { bogus: 1 })],
      ['status.tags[0].items[0].bogus', (o) => Object.assign(o.status.tags[0]!.items[0]!, { bogus: 1 })],
    ];
    for (const [path, add] of cases) {
      const o = clean();
      add(o);
      expect(findUnknownFields(o, IMAGE + 'ImageStream', ALL_SCHEMAS).unknown).toEqual([path]);
    }
  });
});
