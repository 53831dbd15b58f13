import { describe, expect, it } from 'vitest';
import {
  parseCosignRepository,
  VERIFY_COSIGN_REPOSITORY_ANNOTATION,
} from '../../../src/api/cosign-repository.js';
import { validateCosignRepositoryAnnotation } from '../../../src/api/validation/cosign-repository.js';

describe('the signature repository annotation', () => {
  it('reads a repository as COSIGN_REPOSITORY does, Docker Hub when no host is named', () => {
    expect(parseCosignRepository('registry.example.com:5000/team/signatures')).toEqual({
      registry: 'registry.example.com:5000',
      repository: 'team/signatures',
    });
    expect(parseCosignRepository('acme/signatures')).toEqual({
      registry: 'docker.io',
      repository: 'acme/signatures',
    });
    expect(validateCosignRepositoryAnnotation(undefined)).toEqual([]);
  });

  it.each([
    ['a tag', 'registry.example.com/sigs:latest', /without tag or digest/],
    ['a digest', `registry.example.com/sigs@sha256:${'a'.repeat(64)}`, /without tag or digest/],
    ['capitals', 'registry.example.com/Sigs', /lowercase/],
    ['nothing', '', /non-empty/],
    ['surrounding spaces', ' registry.example.com/sigs', /non-empty/],
    ['no repository at all', 'registry.example.com/', /./],
  ])('refuses %s with a 422 cause naming the annotation', (_what, value, message) => {
    const causes = validateCosignRepositoryAnnotation({ [VERIFY_COSIGN_REPOSITORY_ANNOTATION]: value });
    expect(causes).toHaveLength(1);
    expect(causes[0]?.field).toBe(`metadata.annotations[${VERIFY_COSIGN_REPOSITORY_ANNOTATION}]`);
    expect(causes[0]?.message).toMatch(message);
  });
});
