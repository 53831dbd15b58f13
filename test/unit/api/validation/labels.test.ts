import { describe, expect, it } from 'vitest';
import {
  TOTAL_ANNOTATION_SIZE_LIMIT_BYTES,
  isQualifiedName,
  isValidLabelValue,
  validateAnnotations,
  validateLabels,
} from '../../../../src/api/validation/labels.js';
import { validateImageStream } from '../../../../src/api/validation/image-stream.js';
import { defaultImageStream } from '../../../../src/api/defaults.js';
import type { ImageStream } from '../../../../src/api/types.js';

const NAME_PART_REGEX =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe('isQualifiedName (apimachinery IsQualifiedName)', () => {
  it.each(['a', 'A', 'app', 'app.kubernetes.io/name', 'my_key-1.x', 'example.com/My.Name', 'a'.repeat(63)])(
    'accepts %s',
    (key) => expect(isQualifiedName(key)).toEqual([]),
  );

  it('rejects a name that starts with a dash, with Kubernetes words', () => {
    expect(isQualifiedName('-app')).toEqual([NAME_PART_REGEX]);
  });

  it('rejects a name part longer than 63', () => {
    expect(isQualifiedName('a'.repeat(64))).toEqual(['name part must be no more than 63 characters']);
  });

  it('rejects an empty prefix and an empty name', () => {
    expect(isQualifiedName('/a')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('example.com/')).toEqual(['name part must be non-empty', NAME_PART_REGEX]);
  });

  it('rejects a prefix that is not a lowercase DNS subdomain, or longer than 253', () => {
    expect(isQualifiedName('Example.com/a')[0]).toMatch(
      /^prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters/,
    );
    const long = `${'a'.repeat(63)}.`.repeat(4) + 'a'; // 257
    expect(isQualifiedName(`${long}/x`)).toContain('prefix part must be no more than 253 characters');
  });

  it('rejects more than one slash', () => {
    expect(isQualifiedName('a/b/c')[0]).toMatch(
      /^a qualified name must consist of .* with an optional DNS subdomain prefix and '\/' \(e\.g\. 'example\.com\/MyName'\)$/,
    );
  });
});

describe('isValidLabelValue', () => {
  it.each(['', 'v1', 'my_value', 'A.b-c', 'x'.repeat(63)])('accepts %j', (v) =>
    expect(isValidLabelValue(v)).toEqual([]),
  );
  it.each(['-v', 'v-', 'a b', 'a/b', 'é'])('rejects %j', (v) => expect(isValidLabelValue(v)).toHaveLength(1));
  it('rejects 64 characters', () =>
    expect(isValidLabelValue('x'.repeat(64))).toEqual(['must be no more than 63 characters']));
});

describe('validateLabels / validateAnnotations', () => {
  it('names metadata.labels with the key or the value as the invalid value', () => {
    const causes = validateLabels({ 'bad key!': 'ok', good: 'bad value!' });
    expect(causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        field: 'metadata.labels',
        message: `Invalid value: "bad key!": ${NAME_PART_REGEX}`,
      },
      {
        reason: 'FieldValueInvalid',
        field: 'metadata.labels',
        message: expect.stringMatching(/^Invalid value: "bad value!": a valid label must be an empty string/),
      },
    ]);
  });

  it('checks annotation keys case-insensitively and accepts any value', () => {
    expect(validateAnnotations({ 'Example.COM/Key': 'any value at all: /!?' })).toEqual([]);
    expect(validateAnnotations({ 'a b': '' })[0]).toMatchObject({
      field: 'metadata.annotations',
      reason: 'FieldValueInvalid',
    });
  });

  it('limits keys and values together to 256 KiB', () => {
    const at = { k: 'v'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT_BYTES - 1) };
    expect(validateAnnotations(at)).toEqual([]);
    const over = { k: 'v'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) };
    expect(validateAnnotations(over)).toEqual([
      {
        reason: 'FieldValueTooLong',
        field: 'metadata.annotations',
        message: 'Too long: may not be more than 262144 bytes',
      },
    ]);
  });

  it('reports values that are not strings (kinds decoded without a schema)', () => {
    expect(validateLabels({ a: 1 } as never)[0]).toMatchObject({ field: 'metadata.labels[a]' });
    expect(validateAnnotations('x' as never)[0]).toMatchObject({ field: 'metadata.annotations' });
  });

  it('is part of every stored kind’s ObjectMeta validation', () => {
    const stream = defaultImageStream({
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 's', namespace: 'default', labels: { '-x': 'y' } },
      spec: {},
    } as unknown as ImageStream);
    expect(validateImageStream(stream).map((c) => c.field)).toEqual(['metadata.labels']);
  });
});

describe('kinds of other parts', () => {
  it('validates the labels and annotations of a WebhookTrigger', async () => {
    const { webhookTriggerStrategy } = await import('../../../../src/triggers/webhook/strategy.js');
    const trigger = webhookTriggerStrategy.decode({
      apiVersion: 'imagestreams.io/v1',
      kind: 'WebhookTrigger',
      metadata: { name: 't', namespace: 'default', labels: { ok: 'fine' }, annotations: { 'x/y/z': '' } },
      spec: { from: { kind: 'ImageStreamTag', name: 'app:latest' }, url: 'https://hooks.example/x' },
    });
    expect(webhookTriggerStrategy.validate(trigger).map((c) => c.field)).toEqual(['metadata.annotations']);
  });
});
