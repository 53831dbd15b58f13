import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/api/object.js';
import { renderTable } from '../../../../src/cli/output/tables.js';
import { RESOURCES } from '../../../../src/cli/resources.js';

const now = new Date('2026-11-27T12:00:00Z');
const minutesAgo = (n: number) => new Date(now.getTime() - n * 60_000).toISOString();

function is(name: string, tags: { tag: string; created?: string }[], namespace = 'demo'): KubeObject {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name, namespace },
    spec: {},
    status: {
      dockerImageRepository: `reg.local/${namespace}/${name}`,
      tags: tags.map((t) => ({
        tag: t.tag,
        items: t.created ? [{ created: t.created, image: 'sha256:x' }] : [],
      })),
    },
  };
}

describe('renderTable', () => {
  it('prints image streams with oc’s columns: repository, prioritized tags, newest import as oc’s relative time (the server’s Table cells)', () => {
    const out = renderTable(
      RESOURCES.imagestreams,
      [
        is('ruby', [
          { tag: '3.3', created: minutesAgo(90) },
          { tag: 'latest', created: minutesAgo(5) },
        ]),
        is('empty', []),
      ],
      { now },
    );
    expect(out).toBe(
      [
        'NAME    IMAGE REPOSITORY       TAGS         UPDATED',
        'ruby    reg.local/demo/ruby    latest,3.3   5 minutes ago',
        'empty   reg.local/demo/empty                ',
        '',
      ].join('\n'),
    );
  });

  it('adds a NAMESPACE column for -A and drops headers for --no-headers', () => {
    const out = renderTable(RESOURCES.imagestreams, [is('a', [], 'ns1')], {
      now,
      withNamespace: true,
      noHeaders: true,
    });
    expect(out).toBe('ns1   a     reg.local/ns1/a         \n');
  });

  it('prints image stream tags with their reference and, wide, the image name', () => {
    const istag: KubeObject = {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamTag',
      metadata: { name: 'ruby:latest', creationTimestamp: minutesAgo(3 * 60) },
      image: { metadata: { name: 'sha256:abc' }, dockerImageReference: 'r/ruby@sha256:abc' },
    };
    expect(renderTable(RESOURCES.imagestreamtags, [istag], { now })).toBe(
      'NAME          IMAGE REFERENCE     UPDATED\nruby:latest   r/ruby@sha256:abc   3 hours ago\n',
    );
    expect(renderTable(RESOURCES.imagestreamtags, [istag], { now, wide: true })).toContain('IMAGE NAME');
    expect(renderTable(RESOURCES.imagestreamtags, [istag], { now, wide: true })).toContain('sha256:abc\n');
  });

  it('prints images by digest and reference', () => {
    const image: KubeObject = {
      apiVersion: 'image.openshift.io/v1',
      kind: 'Image',
      metadata: { name: 'sha256:abc' },
      dockerImageReference: 'r/ruby@sha256:abc',
    };
    expect(renderTable(RESOURCES.images, [image], { now })).toBe(
      'NAME         IMAGE REFERENCE\nsha256:abc   r/ruby@sha256:abc\n',
    );
  });

  it('prints NAME and a kubectl AGE for other types', () => {
    const tag: KubeObject = {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageTag',
      metadata: { name: 'ruby:latest', creationTimestamp: minutesAgo(4) },
    };
    expect(renderTable(RESOURCES.imagetags, [tag], { now })).toBe('NAME          AGE\nruby:latest   4m\n');
  });
});
