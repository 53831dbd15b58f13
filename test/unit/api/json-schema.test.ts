import { describe, expect, it } from 'vitest';
import { imageApiJsonSchemas } from '../../../src/api/json-schema.js';

describe('imageApiJsonSchemas', () => {
  it('describes every kind with its group/version/kind and the spec tag fields', () => {
    const schemas = imageApiJsonSchemas();
    expect(Object.keys(schemas).sort()).toEqual([
      'Image',
      'ImageStream',
      'ImageStreamImage',
      'ImageStreamImport',
      'ImageStreamMapping',
      'ImageStreamTag',
      'ImageTag',
    ]);
    const is = schemas.ImageStream as {
      properties: { spec: { properties: { tags: { items: { properties: Record<string, unknown> } } } } };
    };
    expect(Object.keys(is.properties.spec.properties.tags.items.properties)).toEqual(
      expect.arrayContaining([
        'name',
        'from',
        'importPolicy',
        'referencePolicy',
        'generation',
        'reference',
        'annotations',
      ]),
    );
    expect(schemas.ImageStream['x-kubernetes-group-version-kind']).toEqual([
      { group: 'image.openshift.io', version: 'v1', kind: 'ImageStream' },
    ]);
  });

  it('keeps objects open (unknown fields are dropped, not rejected) and has no $schema', () => {
    const text = JSON.stringify(imageApiJsonSchemas());
    expect(text).not.toContain('"additionalProperties":false');
    expect(text).not.toContain('$schema');
    expect(text).toContain('"format":"int64"');
  });
});
