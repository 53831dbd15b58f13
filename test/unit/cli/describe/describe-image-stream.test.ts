import { describe, expect, it } from 'vitest';
import { describeImageStream } from '../../../../src/cli/describe/describe-image-stream.js';
import { ImageStreamSchema } from '../../../../src/api/schema/image-stream.js';
import type { ImageStream } from '../../../../src/api/types.js';

const now = new Date('2026-11-27T12:00:00Z');
const minutesAgo = (n: number) => new Date(now.getTime() - n * 60_000).toISOString();

/** A stream as the server answers it (only some fields), read through the API's schema as isctl reads it. */
function stream(partial: { metadata?: object; spec?: object; status?: object }): ImageStream {
  return ImageStreamSchema.parse({
    metadata: { name: 'ruby', namespace: 'demo', creationTimestamp: minutesAgo(120) },
    ...partial,
  });
}

const ruby = stream({
  metadata: {
    name: 'ruby',
    namespace: 'demo',
    creationTimestamp: minutesAgo(120),
    labels: { app: 'ruby', tier: 'web' },
    annotations: { 'openshift.io/image.dockerRepositoryCheck': '2026-11-27T11:55:00Z' },
  },
  spec: {
    lookupPolicy: { local: false },
    tags: [
      { name: 'latest', from: { kind: 'ImageStreamTag', name: 'stable' } },
      { name: 'stable', from: { kind: 'ImageStreamTag', name: 'ruby:3.4' } },
      {
        name: '3.4',
        from: { kind: 'DockerImage', name: 'registry.example.com/ruby:3.4' },
        generation: 3,
        importPolicy: { scheduled: true, insecure: true },
        referencePolicy: { type: 'Local' },
      },
      { name: '3.3', from: { kind: 'DockerImage', name: 'registry.example.com/ruby:3.3' }, generation: 2 },
    ],
  },
  status: {
    dockerImageRepository: '',
    tags: [
      {
        tag: '3.4',
        items: [
          {
            created: minutesAgo(5),
            dockerImageReference: 'registry.example.com/ruby@sha256:aaa',
            image: 'sha256:aaa',
            generation: 2,
          },
          {
            created: minutesAgo(3 * 24 * 60),
            dockerImageReference: 'registry.example.com/ruby@sha256:bbb',
            image: 'sha256:bbb',
            generation: 1,
          },
        ],
      },
      {
        tag: '3.3',
        items: [],
        conditions: [
          {
            type: 'ImportSuccess',
            status: 'False',
            reason: 'Unauthorized',
            message: 'you may not have access to the container image "registry.example.com/ruby:3.3"',
            lastTransitionTime: minutesAgo(5),
            generation: 2,
          },
        ],
      },
    ],
  },
});

describe('describeImageStream', () => {
  it('prints the oc describe layout: header, aliases folded into their target, sources, policies, history and errors', () => {
    expect(describeImageStream(ruby, now)).toBe(
      [
        'Name:\t\t\truby',
        'Namespace:\t\tdemo',
        'Created:\t\t2 hours ago',
        'Labels:\t\t\tapp=ruby,tier=web',
        'Annotations:\t\topenshift.io/image.dockerRepositoryCheck=2026-11-27T11:55:00Z',
        'Image Repository:\t<none>',
        'Image Lookup:\t\tlocal=false',
        'Unique Images:\t\t2',
        'Tags:\t\t\t4',
        '',
        '3.4 (latest, stable)',
        '  updates automatically from registry registry.example.com/ruby:3.4',
        '    will use insecure HTTPS or HTTP connections',
        '    prefer registry pullthrough when referencing this tag',
        '',
        '  ~ importing latest image ...',
        '  * registry.example.com/ruby@sha256:aaa',
        '      5 minutes ago',
        '    registry.example.com/ruby@sha256:bbb',
        '      3 days ago',
        '',
        '3.3',
        '  tagged from registry.example.com/ruby:3.3',
        '',
        '  ! error: Import failed (Unauthorized): you may not have access to the container image "registry.example.com/ruby:3.3"',
        '      5 minutes ago',
        '',
      ].join('\n'),
    );
  });

  it('prints <none> for a stream without tags and without labels or annotations', () => {
    const text = describeImageStream(
      stream({ status: { dockerImageRepository: 'reg.local/demo/ruby' } }),
      now,
    );
    expect(text).toBe(
      [
        'Name:\t\t\truby',
        'Namespace:\t\tdemo',
        'Created:\t\t2 hours ago',
        'Labels:\t\t\t<none>',
        'Annotations:\t\t<none>',
        'Image Repository:\treg.local/demo/ruby',
        'Image Lookup:\t\tlocal=false',
        'Tags:\t\t\t<none>',
        '',
      ].join('\n'),
    );
  });

  it('prefers the public repository and shows lookup local=true', () => {
    const text = describeImageStream(
      stream({
        spec: { lookupPolicy: { local: true } },
        status: {
          dockerImageRepository: 'internal/demo/ruby',
          publicDockerImageRepository: 'public/demo/ruby',
        },
      }),
      now,
    );
    expect(text).toContain('Image Repository:\tpublic/demo/ruby\n');
    expect(text).toContain('Image Lookup:\t\tlocal=true\n');
  });

  it('lists several annotations one per line under the label', () => {
    const text = describeImageStream(
      stream({ metadata: { name: 'ruby', annotations: { b: '2', a: '1', description: 'Ruby images' } } }),
      now,
    );
    expect(text).toContain('Description:\t\tRuby images\nAnnotations:\t\ta=1\n\t\t\tb=2\n');
  });

  it('shows the image name next to the age when it differs from the reference digest (manifest lists)', () => {
    const text = describeImageStream(
      stream({
        spec: {
          tags: [{ name: 'latest', from: { kind: 'DockerImage', name: 'r/app:latest' }, generation: 1 }],
        },
        status: {
          tags: [
            {
              tag: 'latest',
              items: [
                {
                  created: minutesAgo(1),
                  dockerImageReference: 'r/app@sha256:list',
                  image: 'sha256:child',
                  generation: 1,
                },
              ],
            },
          ],
        },
      }),
      now,
    );
    expect(text).toContain('  * r/app@sha256:list\n      About a minute ago\tsha256:child\n');
    expect(text).not.toContain('importing');
  });

  it('describes istag sources, cross-namespace sources, references, and tags missing a spec', () => {
    const text = describeImageStream(
      stream({
        spec: {
          tags: [
            { name: 'copy', from: { kind: 'ImageStreamTag', name: 'base:1.0', namespace: 'shared' } },
            { name: 'pinned', from: { kind: 'DockerImage', name: 'r/app:1' }, reference: true },
            { name: 'bydigest', from: { kind: 'ImageStreamImage', name: 'base@sha256:abc' } },
          ],
        },
        status: { tags: [{ tag: 'orphan', items: [] }] },
      }),
      now,
    );
    expect(text).toContain('copy\n  tagged from shared/base:1.0\n');
    expect(text).toContain('pinned\n  reference to registry r/app:1\n');
    expect(text).toContain('bydigest\n  tagged from base@sha256:abc\n');
    expect(text).toContain('orphan\n  no spec tag\n');
    expect(text).toContain('Tags:\t\t\t4\n');
  });

  it('orders tags as oc does: latest, then versions newest first, then the rest by name', () => {
    const names = ['dev', '1.10', 'latest', '1.9', 'v2.0.0'];
    const text = describeImageStream(
      stream({
        spec: { tags: names.map((name) => ({ name, from: { kind: 'DockerImage', name: `r/x:${name}` } })) },
      }),
      now,
    );
    const order = [...text.matchAll(/^(\S+)\n {2}tagged from/gm)].map((m) => m[1]);
    expect(order).toEqual(['latest', '1.10', '1.9', 'v2.0.0', 'dev']);
  });

  it('stops showing "importing" once a failed import condition has seen the generation', () => {
    const text = describeImageStream(
      stream({
        spec: { tags: [{ name: 'a', from: { kind: 'DockerImage', name: 'r/a:1' }, generation: 4 }] },
        status: {
          tags: [
            {
              tag: 'a',
              conditions: [
                {
                  type: 'ImportSuccess',
                  status: 'False',
                  reason: 'NotFound',
                  message: 'gone',
                  generation: 4,
                },
              ],
            },
          ],
        },
      }),
      now,
    );
    expect(text).not.toContain('~ importing');
    expect(text).toContain('! error: Import failed (NotFound): gone');
  });

  it('takes the API ImageStream type as it is (type-checked), with defaulted empty fields', () => {
    const apiStream: ImageStream = {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 'api', namespace: 'demo' },
      spec: { lookupPolicy: { local: true } },
      status: { dockerImageRepository: '' },
    } as ImageStream;
    expect(describeImageStream(apiStream, now)).toBe(
      'Name:\t\t\tapi\nNamespace:\t\tdemo\nLabels:\t\t\t<none>\nAnnotations:\t\t<none>\nImage Repository:\t<none>\nImage Lookup:\t\tlocal=true\nTags:\t\t\t<none>\n',
    );
  });
});
