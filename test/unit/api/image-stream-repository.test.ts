import { describe, expect, it } from 'vitest';
import { withDockerImageRepository } from '../../../src/api/image-stream-repository.js';
import { resolveTagReference } from '../../../src/api/tag-history.js';
import { digest, event, stream } from './fixtures.js';

describe('withDockerImageRepository', () => {
  const A = digest('a');
  const stored = stream({
    spec: { lookupPolicy: { local: false }, tags: [{ name: 'latest', referencePolicy: { type: 'Local' } }] },
    status: { dockerImageRepository: '', tags: [{ tag: 'latest', items: [event(A, `quay.io/r@${A}`)] }] },
  });

  it('computes status.dockerImageRepository from the host read on each call', () => {
    let host: string | undefined = 'registry.local:5000';
    const decorate = withDockerImageRepository(() => host);
    expect(decorate(stored).status?.dockerImageRepository).toBe('registry.local:5000/ns/ruby');
    host = 'other:5000';
    expect(decorate(stored).status?.dockerImageRepository).toBe('other:5000/ns/ruby');
    expect(stored.status?.dockerImageRepository).toBe('');
  });

  it('leaves the stream alone without a host, so Local falls back to the source', () => {
    const decorate = withDockerImageRepository(() => undefined);
    expect(decorate(stored)).toBe(stored);
    expect(resolveTagReference(decorate(stored), 'latest')).toBe(`quay.io/r@${A}`);
  });

  it('is what makes a Local tag of a stored stream resolve to the stream repository', () => {
    const decorate = withDockerImageRepository(() => 'registry.local:5000');
    expect(resolveTagReference(decorate(stored), 'latest')).toBe(`registry.local:5000/ns/ruby@${A}`);
  });
});
