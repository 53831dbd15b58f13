import { describe, expect, it } from 'vitest';
import { imageStrategy as s } from '../../../src/api/strategies.js';
import { digest } from './fixtures.js';

const A = digest('a');

describe('Image strategy', () => {
  it('accepts an image named by its digest with lenient metadata', () => {
    const img = s.decode({
      metadata: { name: A },
      dockerImageReference: `quay.io/r@${A}`,
      dockerImageMetadata: {
        kind: 'DockerImage',
        apiVersion: '1.0',
        Id: 'sha256:c',
        Config: { Env: ['A=1'], Labels: { a: 'b' }, Unknown: 1 },
        Extra: true,
      },
      dockerImageLayers: [{ name: 'sha256:l', size: 3, mediaType: 'm' }],
      dockerImageManifests: [
        { digest: 'sha256:m', mediaType: 't', manifestSize: 2, architecture: 'amd64', os: 'linux' },
      ],
    });
    expect(s.validate(s.prepareForCreate(img))).toEqual([]);
    expect(img.dockerImageMetadata).toMatchObject({ Extra: true, Config: { Unknown: 1, Env: ['A=1'] } });
    expect(img.kind).toBe('Image');
  });

  it('requires a digest name and a dockerImageReference', () => {
    const img = s.decode({ metadata: { name: 'latest' } });
    const causes = s.validate(img);
    expect(causes).toContainEqual(
      expect.objectContaining({
        field: 'metadata.name',
        reason: 'FieldValueInvalid',
        message: expect.stringContaining('must be an image digest'),
      }),
    );
    expect(causes).toContainEqual(
      expect.objectContaining({ field: 'dockerImageReference', reason: 'FieldValueRequired' }),
    );
  });

  it('rejects an unparseable dockerImageReference', () => {
    expect(s.validate(s.decode({ metadata: { name: A }, dockerImageReference: 'Bad Ref' }))).toEqual([
      expect.objectContaining({ field: 'dockerImageReference', reason: 'FieldValueInvalid' }),
    ]);
  });

  it('keeps the content of a stored image on update; labels may change', () => {
    const old = s.decode({
      metadata: { name: A },
      dockerImageReference: `quay.io/r@${A}`,
      dockerImageLayers: [{ name: 'l', size: 1 }],
    });
    const next = s.prepareForUpdate(
      s.decode({
        metadata: { name: A, labels: { x: 'y' } },
        dockerImageReference: `evil.io/r@${A}`,
        dockerImageLayers: [],
        dockerImageManifest: 'x',
      }),
      old,
    );
    expect(next.dockerImageReference).toBe(`quay.io/r@${A}`);
    expect(next.dockerImageLayers).toHaveLength(1);
    expect(next).not.toHaveProperty('dockerImageManifest');
    expect(next.metadata.labels).toEqual({ x: 'y' });
  });
});
