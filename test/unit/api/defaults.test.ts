import { describe, expect, it } from 'vitest';
import { decorateImageStream } from '../../../src/api/defaults.js';
import { stream } from './fixtures.js';

describe('decorateImageStream', () => {
  it('uses the internal registry repository when the server has one', () => {
    const s = decorateImageStream(stream(), {
      internalRegistryHostname: 'reg.local:5000',
      externalRegistryHostname: 'reg.example.com',
    });
    expect(s.status).toEqual({
      dockerImageRepository: 'reg.local:5000/ns/ruby',
      publicDockerImageRepository: 'reg.example.com/ns/ruby',
    });
  });

  it('falls back to spec.dockerImageRepository, else empty', () => {
    expect(
      decorateImageStream(
        stream({ spec: { lookupPolicy: { local: false }, dockerImageRepository: 'quay.io/a/b' } }),
        {},
      ).status?.dockerImageRepository,
    ).toBe('quay.io/a/b');
    expect(decorateImageStream(stream(), {}).status?.dockerImageRepository).toBe('');
  });
});

describe('emptyImageStream', () => {
  it('is a valid new stream once prepared', async () => {
    const { emptyImageStream } = await import('../../../src/api/defaults.js');
    const { imageStreamStrategy } = await import('../../../src/api/strategies.js');
    const s = imageStreamStrategy.prepareForCreate(emptyImageStream('ns', 'ruby'));
    expect(imageStreamStrategy.validate(s)).toEqual([]);
    expect(s.metadata).toEqual({ name: 'ruby', namespace: 'ns', generation: 1 });
  });
});
