import { describe, expect, it } from 'vitest';
import { StatusError } from '../../../src/api/status-error.js';
import { imageStreamStrategy } from '../../../src/api/strategies.js';

function decodeError(input: unknown): StatusError {
  try {
    imageStreamStrategy.decode(input);
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('decode accepted the input');
}

const base = { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'ruby' } };

describe('ImageStream decode', () => {
  it('drops unknown fields in metadata, spec and tags, as kube-apiserver does', () => {
    const s = imageStreamStrategy.decode({
      ...base,
      metadata: { name: 'ruby', bogus: 1 },
      spec: { surprise: true, tags: [{ name: 'a', extra: 'x' }] },
      extra: 1,
    });
    expect(s.metadata).toEqual({ name: 'ruby' });
    expect(s.spec).not.toHaveProperty('surprise');
    expect(s.spec.tags?.[0]).not.toHaveProperty('extra');
    expect(s).not.toHaveProperty('extra');
  });

  it('rejects wrong types with 422 naming the field path', () => {
    const e = decodeError({ ...base, spec: { tags: [{ name: 'a', importPolicy: { scheduled: 'yes' } }] } });
    expect(e.code).toBe(422);
    expect(e.details?.causes).toEqual([
      expect.objectContaining({ reason: 'FieldValueInvalid', field: 'spec.tags[0].importPolicy.scheduled' }),
    ]);
    expect(e.message).toContain('ImageStream.image.openshift.io "ruby" is invalid');
  });

  it('reports a missing tag name as FieldValueRequired', () => {
    const e = decodeError({ ...base, spec: { tags: [{ from: { kind: 'DockerImage', name: 'nginx' } }] } });
    expect(e.details?.causes?.[0]).toMatchObject({
      reason: 'FieldValueRequired',
      field: 'spec.tags[0].name',
    });
  });

  it('rejects an unknown referencePolicy.type and importMode as FieldValueNotSupported', () => {
    const e = decodeError({
      ...base,
      spec: {
        tags: [{ name: 'a', referencePolicy: { type: 'Remote' }, importPolicy: { importMode: 'All' } }],
      },
    });
    const causes = e.details?.causes ?? [];
    expect(causes).toContainEqual(
      expect.objectContaining({
        reason: 'FieldValueNotSupported',
        field: 'spec.tags[0].referencePolicy.type',
      }),
    );
    expect(causes).toContainEqual(
      expect.objectContaining({
        reason: 'FieldValueNotSupported',
        field: 'spec.tags[0].importPolicy.importMode',
      }),
    );
    expect(causes.find((c) => c.field === 'spec.tags[0].referencePolicy.type')?.message).toContain(
      '"Source", "Local"',
    );
  });

  it('defaults referencePolicy Source and importMode Legacy, also for empty strings', () => {
    const s = imageStreamStrategy.decode({
      ...base,
      spec: {
        tags: [
          { name: 'a' },
          { name: 'b', referencePolicy: { type: '' }, importPolicy: { importMode: '', insecure: true } },
        ],
      },
    });
    expect(s.spec.tags?.[0]).toMatchObject({
      importPolicy: { importMode: 'Legacy' },
      referencePolicy: { type: 'Source' },
    });
    expect(s.spec.tags?.[1]).toMatchObject({
      importPolicy: { importMode: 'Legacy', insecure: true },
      referencePolicy: { type: 'Source' },
    });
  });

  it('keeps Local and PreserveOriginal', () => {
    const s = imageStreamStrategy.decode({
      ...base,
      spec: {
        tags: [
          { name: 'a', referencePolicy: { type: 'Local' }, importPolicy: { importMode: 'PreserveOriginal' } },
        ],
      },
    });
    expect(s.spec.tags?.[0]).toMatchObject({
      importPolicy: { importMode: 'PreserveOriginal' },
      referencePolicy: { type: 'Local' },
    });
  });

  it('collapses duplicate tag names (last wins) and sorts tags by name', () => {
    const s = imageStreamStrategy.decode({
      ...base,
      spec: {
        tags: [
          { name: 'latest', from: { kind: 'DockerImage', name: 'a:1' } },
          { name: '2.0' },
          { name: 'latest', from: { kind: 'DockerImage', name: 'a:2' } },
        ],
      },
      status: {
        dockerImageRepository: '',
        tags: [
          { tag: 'z', items: [] },
          { tag: 'b', items: [] },
        ],
      },
    });
    expect(s.spec.tags?.map((t) => t.name)).toEqual(['2.0', 'latest']);
    expect(s.spec.tags?.[1]?.from?.name).toBe('a:2');
    expect(s.status?.tags?.map((t) => t.tag)).toEqual(['b', 'z']);
  });

  it('treats null as absent and fills apiVersion/kind when missing', () => {
    const s = imageStreamStrategy.decode({
      metadata: { name: 'ruby', labels: null },
      spec: null,
      status: null,
    });
    expect(s.apiVersion).toBe('image.openshift.io/v1');
    expect(s.kind).toBe('ImageStream');
    expect(s.spec.lookupPolicy).toEqual({ local: false });
    expect(s.status).toBeUndefined();
  });

  it('answers 400 for another kind or API version and for a non-object body', () => {
    expect(decodeError({ ...base, kind: 'Image' }).code).toBe(400);
    expect(decodeError({ ...base, apiVersion: 'apps/v1' }).code).toBe(400);
    expect(decodeError('nope').code).toBe(400);
    expect(decodeError([]).code).toBe(400);
  });

  it('rejects a non-integer tag generation', () => {
    const e = decodeError({ ...base, spec: { tags: [{ name: 'a', generation: 1.5 }] } });
    expect(e.details?.causes?.[0]?.field).toBe('spec.tags[0].generation');
  });
});
