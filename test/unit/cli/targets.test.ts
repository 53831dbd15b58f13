import { describe, expect, it } from 'vitest';
import { CliError } from '../../../src/cli/errors.js';
import { RESOURCES, findResource, qualifiedSingular, resourceForKind } from '../../../src/cli/resources.js';
import { parseTargets } from '../../../src/cli/targets.js';

describe('resource names', () => {
  it('accepts plural, singular, short, Kind and group-qualified names', () => {
    for (const name of [
      'imagestreams',
      'imagestream',
      'is',
      'ImageStream',
      'imagestreams.image.openshift.io',
    ]) {
      expect(findResource(name)).toBe(RESOURCES.imagestreams);
    }
    expect(findResource('istag')).toBe(RESOURCES.imagestreamtags);
    expect(findResource('isimage')).toBe(RESOURCES.imagestreamimages);
    expect(findResource('itag')).toBe(RESOURCES.imagetags);
    expect(findResource('image')).toBe(RESOURCES.images);
    expect(findResource('pods')).toBeUndefined();
  });

  it('maps manifest kinds, including the legacy apiVersion v1', () => {
    expect(resourceForKind('image.openshift.io/v1', 'ImageStream')).toBe(RESOURCES.imagestreams);
    expect(resourceForKind('v1', 'ImageStream')).toBe(RESOURCES.imagestreams);
    expect(resourceForKind('apps/v1', 'Deployment')).toBeUndefined();
    expect(qualifiedSingular(RESOURCES.imagestreams)).toBe('imagestream.image.openshift.io');
  });
});

describe('parseTargets', () => {
  it('reads TYPE NAME...', () => {
    expect(parseTargets(['is', 'a', 'b'])).toEqual([{ resource: RESOURCES.imagestreams, names: ['a', 'b'] }]);
  });

  it('reads TYPE/NAME... grouped by type', () => {
    expect(parseTargets(['is/a', 'istag/a:latest', 'imagestream/b'])).toEqual([
      { resource: RESOURCES.imagestreams, names: ['a', 'b'] },
      { resource: RESOURCES.imagestreamtags, names: ['a:latest'] },
    ]);
  });

  it('rejects unknown types and mixed forms as the user’s error', () => {
    expect(() => parseTargets(['pods'])).toThrow('the server doesn\'t have a resource type "pods"');
    expect(() => parseTargets(['is', 'is/a'])).toThrow(CliError);
    expect(() => parseTargets([])).toThrow(CliError);
  });
});
