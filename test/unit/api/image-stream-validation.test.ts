import { describe, expect, it } from 'vitest';
import type { StatusCause } from '../../../src/api/status-error.js';
import { imageStreamStrategy } from '../../../src/api/strategies.js';

const s = imageStreamStrategy;

function causesOf(input: Record<string, unknown>): StatusCause[] {
  const decoded = s.decode({
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name: 'ruby', namespace: 'ns' },
    ...input,
  });
  return s.validate(s.prepareForCreate(decoded));
}

function tagCauses(tag: Record<string, unknown>): StatusCause[] {
  return causesOf({ spec: { tags: [{ name: 'a', ...tag }] } });
}

describe('ImageStream validation', () => {
  it('accepts a typical OpenShift manifest', () => {
    const causes = causesOf({
      spec: {
        lookupPolicy: { local: true },
        tags: [
          {
            name: '3.3',
            from: { kind: 'DockerImage', name: 'registry.redhat.io/ubi9/ruby-33:latest' },
            importPolicy: { scheduled: true },
          },
          { name: 'latest', from: { kind: 'ImageStreamTag', name: '3.3' } },
          { name: 'other', from: { kind: 'ImageStreamTag', name: 'ruby:3.3', namespace: 'openshift' } },
          { name: 'pinned', from: { kind: 'ImageStreamImage', name: `ruby@sha256:${'a'.repeat(64)}` } },
        ],
      },
    });
    expect(causes).toEqual([]);
  });

  it.each([['Ruby'], ['ruby_'], ['-ruby'], ['ru..by'], ['a/b'], ['a%b']])(
    'rejects stream name %j',
    (name) => {
      const decoded = s.decode({ metadata: { name, namespace: 'ns' } });
      expect(s.validate(s.prepareForCreate(decoded))).toContainEqual(
        expect.objectContaining({ field: 'metadata.name', reason: 'FieldValueInvalid' }),
      );
    },
  );

  it.each([['ruby'], ['ruby-3.3'], ['a.b_c-d'], ['0']])('accepts stream name %j', (name) => {
    expect(causesOf({ metadata: { name, namespace: 'ns' } })).toEqual([]);
  });

  it('requires a name', () => {
    expect(causesOf({ metadata: { namespace: 'ns' } })).toContainEqual(
      expect.objectContaining({ field: 'metadata.name', reason: 'FieldValueRequired' }),
    );
  });

  it('limits namespace/name to 255 characters', () => {
    const name = 'a'.repeat(253);
    const causes = causesOf({ metadata: { name, namespace: 'ns' } });
    expect(causes).toContainEqual(
      expect.objectContaining({
        field: 'metadata.name',
        message: expect.stringContaining("'namespace/name' cannot be longer than 255"),
      }),
    );
    expect(causesOf({ metadata: { name: 'a'.repeat(252), namespace: 'n' } })).toEqual([]);
  });

  it('rejects a namespace that is not a DNS label', () => {
    expect(causesOf({ metadata: { name: 'ruby', namespace: 'Bad_NS' } })).toContainEqual(
      expect.objectContaining({ field: 'metadata.namespace' }),
    );
  });

  it('rejects spec.dockerImageRepository with a tag or a digest, or unparseable', () => {
    expect(causesOf({ spec: { dockerImageRepository: 'quay.io/a/b:1' } })).toContainEqual(
      expect.objectContaining({
        field: 'spec.dockerImageRepository',
        message: expect.stringContaining('may not contain a tag'),
      }),
    );
    expect(
      causesOf({ spec: { dockerImageRepository: `quay.io/a/b@sha256:${'a'.repeat(64)}` } }),
    ).toContainEqual(
      expect.objectContaining({
        field: 'spec.dockerImageRepository',
        message: expect.stringContaining('may not contain an ID'),
      }),
    );
    expect(causesOf({ spec: { dockerImageRepository: 'Quay/AB' } })).toContainEqual(
      expect.objectContaining({ field: 'spec.dockerImageRepository' }),
    );
    expect(causesOf({ spec: { dockerImageRepository: 'quay.io/a/b' } })).toEqual([]);
  });

  it('requires from.kind and lists the valid kinds', () => {
    expect(tagCauses({ from: { name: 'nginx' } })).toEqual([
      expect.objectContaining({
        field: 'spec.tags[a].from.kind',
        reason: 'FieldValueRequired',
        message: expect.stringContaining("'DockerImage', 'ImageStreamImage', 'ImageStreamTag'"),
      }),
    ]);
  });

  it("rejects an unknown from.kind in OpenShift's words", () => {
    expect(tagCauses({ from: { kind: 'Pod', name: 'x' } })).toEqual([
      {
        field: 'spec.tags[a].from.kind',
        reason: 'FieldValueRequired',
        message: "Required value: valid values are 'DockerImage', 'ImageStreamImage', 'ImageStreamTag'",
      },
    ]);
  });

  it('refuses to schedule a DockerImage pinned by digest', () => {
    const name = `nginx@sha256:${'a'.repeat(64)}`;
    expect(tagCauses({ from: { kind: 'DockerImage', name }, importPolicy: { scheduled: true } })).toEqual([
      expect.objectContaining({
        field: 'spec.tags[a].from.name',
        message: expect.stringContaining('only tags can be scheduled for import'),
      }),
    ]);
  });

  it('requires from.name', () => {
    expect(tagCauses({ from: { kind: 'DockerImage' } })).toContainEqual(
      expect.objectContaining({ field: 'spec.tags[a].from.name', reason: 'FieldValueRequired' }),
    );
  });

  it('rejects an unparseable DockerImage name with the parser message', () => {
    expect(tagCauses({ from: { kind: 'DockerImage', name: 'Nginx:latest' } })).toEqual([
      expect.objectContaining({
        field: 'spec.tags[a].from.name',
        reason: 'FieldValueInvalid',
        message: expect.stringContaining('must be lowercase'),
      }),
    ]);
  });

  it.each([
    ['ImageStreamTag', 'a:b:c'],
    ['ImageStreamImage', 'a@b@c'],
  ])('rejects %s name %j that is not <tag>, <is>:<tag>, <id> or <is>@<id>', (kind, name) => {
    expect(tagCauses({ from: { kind, name } })).toContainEqual(
      expect.objectContaining({
        field: 'spec.tags[a].from.name',
        message: expect.stringContaining('must be of the form <tag>, <repo>:<tag>, <id>, or <repo>@<id>'),
      }),
    );
  });

  it.each([['ImageStreamTag'], ['ImageStreamImage']])(
    'allows scheduled only on DockerImage tags, not %s',
    (kind) => {
      expect(
        tagCauses({
          from: { kind, name: kind === 'ImageStreamTag' ? 'x:1' : 'x@sha256:abc' },
          importPolicy: { scheduled: true },
        }),
      ).toEqual([
        expect.objectContaining({
          field: 'spec.tags[a].importPolicy.scheduled',
          message: expect.stringContaining('only tags pointing to Docker repositories may be scheduled'),
        }),
      ]);
      expect(
        tagCauses({ from: { kind: 'DockerImage', name: 'nginx' }, importPolicy: { scheduled: true } }),
      ).toEqual([]);
    },
  );

  it.each([['-bad'], ['.bad'], ['a b'], ['a'.repeat(129)], ['tag/x']])(
    'validates tag name %j on the server',
    (name) => {
      expect(causesOf({ spec: { tags: [{ name }] } })).toContainEqual(
        expect.objectContaining({ field: `spec.tags[${name}].name`, reason: 'FieldValueInvalid' }),
      );
    },
  );

  it.each([['latest'], ['1.0.0-rc_1'], ['_x'], ['A'.repeat(128)]])('accepts tag name %j', (name) => {
    expect(causesOf({ spec: { tags: [{ name }] } })).toEqual([]);
  });

  it('names the tag in field paths as OpenShift does (spec.tags[latest].from.name), not its index', () => {
    const causes = causesOf({
      spec: {
        tags: [
          { name: 'z', from: { kind: 'Bad', name: 'x' } },
          { name: 'latest', from: { kind: 'DockerImage' } },
        ],
      },
    });
    expect(causes.map((c) => c.field)).toEqual(['spec.tags[latest].from.name', 'spec.tags[z].from.kind']);
  });

  it('requires a parseable dockerImageReference in every history item', () => {
    const old = s.prepareForCreate(s.decode({ metadata: { name: 'ruby', namespace: 'ns' } }));
    const next = s.prepareForStatusUpdate(
      s.decode({
        metadata: { name: 'ruby', namespace: 'ns' },
        status: {
          dockerImageRepository: '',
          tags: [
            {
              tag: 'a',
              items: [
                { created: 'x', dockerImageReference: '', image: 'i', generation: 1 },
                { created: 'x', dockerImageReference: 'BAD REF', image: 'j', generation: 1 },
              ],
            },
          ],
        },
      }),
      old,
    );
    const causes = s.validateUpdate(next, old);
    expect(causes).toContainEqual(
      expect.objectContaining({
        field: 'status.tags[a].items[0].dockerImageReference',
        reason: 'FieldValueRequired',
      }),
    );
    expect(causes).toContainEqual(
      expect.objectContaining({
        field: 'status.tags[a].items[1].dockerImageReference',
        reason: 'FieldValueInvalid',
      }),
    );
  });

  it('forbids renaming on update', () => {
    const old = s.prepareForCreate(s.decode({ metadata: { name: 'ruby', namespace: 'ns' } }));
    const next = s.prepareForUpdate(s.decode({ metadata: { name: 'other', namespace: 'ns' } }), old);
    expect(s.validateUpdate(next, old)).toContainEqual(
      expect.objectContaining({ field: 'metadata.name', message: expect.stringContaining('immutable') }),
    );
  });
});

describe('validation of objects built in code', () => {
  it('reports duplicate spec tag names that did not go through decode', () => {
    const stream = s.decode({ metadata: { name: 'ruby', namespace: 'ns' } });
    stream.spec.tags = [{ name: 'a' }, { name: 'a' }];
    expect(s.validate(stream)).toContainEqual(
      expect.objectContaining({ field: 'spec.tags[1].name', reason: 'FieldValueDuplicate' }),
    );
  });

  it('reports an unsupported referencePolicy or importMode set in code', () => {
    const stream = s.decode({ metadata: { name: 'ruby', namespace: 'ns' } });
    stream.spec.tags = [
      {
        name: 'a',
        referencePolicy: { type: 'Other' as 'Local' },
        importPolicy: { importMode: 'X' as 'Legacy' },
      },
    ];
    const fields = s.validate(stream).map((c) => c.field);
    expect(fields).toEqual(['spec.tags[a].referencePolicy.type', 'spec.tags[a].importPolicy.importMode']);
  });
});
