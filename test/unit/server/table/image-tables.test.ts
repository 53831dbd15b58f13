import { describe, expect, it } from 'vitest';
import {
  IMAGE_STREAM_IMAGE_TABLE,
  IMAGE_STREAM_TABLE,
  IMAGE_STREAM_TAG_TABLE,
  IMAGE_TAG_TABLE,
  sortStatusTags,
  tagsUpToWidth,
} from '../../../../src/server/table/image-tables.js';
import { shortHumanDuration as humanDuration } from '../../../../src/api/human-duration.js';
import { buildTable, type TableConvertor } from '../../../../src/server/table/table.js';
import type { KubeObject } from '../../../../src/api/object.js';

const now = new Date('2026-01-10T12:00:00Z');
const stream: KubeObject = {
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: { name: 'ruby', namespace: 'a', resourceVersion: '7', creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: { tags: [] },
  status: {
    dockerImageRepository: 'registry.local/a/ruby',
    tags: [
      {
        tag: '3.1',
        items: [
          { created: '2026-01-10T11:00:00Z', image: 'sha256:a', dockerImageReference: 'x', generation: 1 },
        ],
      },
      {
        tag: 'latest',
        items: [
          { created: '2026-01-10T11:58:30Z', image: 'sha256:b', dockerImageReference: 'y', generation: 1 },
        ],
      },
      {
        tag: 'broken',
        items: [],
        conditions: [{ type: 'ImportSuccess', status: 'False', reason: 'NotFound', generation: 2 }],
      },
    ],
  },
};

const visible = (t: TableConvertor) => t.columns.filter((c) => c.priority === 0).map((c) => c.name);
const wide = (t: TableConvertor) => t.columns.map((c) => c.name);

describe('kubectl get is', () => {
  it('prints NAME, IMAGE REPOSITORY, TAGS, UPDATED and no AGE even with -o wide', () => {
    expect(wide(IMAGE_STREAM_TABLE)).toEqual(['Name', 'Image Repository', 'Tags', 'Updated']);
    const table = buildTable(IMAGE_STREAM_TABLE, [stream], { include: 'Metadata', now });
    expect(table.rows[0]?.cells).toEqual([
      'ruby',
      'registry.local/a/ruby',
      'latest,3.1,broken',
      'About a minute ago',
    ]);
    expect(table.rows[0]?.object).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: stream.metadata,
    });
  });

  it('carries an ImportSuccess=False row condition per failing tag, and none when nothing fails', () => {
    const table = buildTable(IMAGE_STREAM_TABLE, [stream], { include: 'None', now });
    expect(table.rows[0]).toEqual({
      cells: expect.any(Array),
      conditions: [{ type: 'ImportSuccess', status: 'False', reason: 'NotFound', message: 'broken' }],
    });
    const withMessage = {
      ...stream,
      status: {
        tags: [
          { tag: 'ok', items: [], conditions: [{ type: 'ImportSuccess', status: 'True' }] },
          {
            tag: 'v1',
            items: [],
            conditions: [{ type: 'ImportSuccess', status: 'False', message: 'manifest unknown' }],
          },
        ],
      },
    };
    expect(IMAGE_STREAM_TABLE.conditions?.(withMessage)).toEqual([
      { type: 'ImportSuccess', status: 'False', reason: 'ImportFailed', message: 'v1: manifest unknown' },
    ]);
    const healthy = { ...stream, status: { tags: [{ tag: 'ok', items: [] }] } };
    expect(buildTable(IMAGE_STREAM_TABLE, [healthy], { include: 'None', now }).rows[0]).toEqual({
      cells: ['ruby', '', 'ok', ''],
    });
  });

  it('lists a tag whose import failed, and leaves UPDATED empty when nothing was imported', () => {
    const failed = { ...stream, status: { tags: [{ tag: 'latest', items: [], conditions: [] }] } };
    expect(IMAGE_STREAM_TABLE.cells(failed, now).slice(2)).toEqual(['latest', '']);
  });

  it('sorts tags newest first (to the second), tags without history last, ties by name', () => {
    const tags = [
      { tag: 'b', items: [{ created: '2026-01-01T00:00:00.400Z' }] },
      { tag: 'a', items: [{ created: '2026-01-01T00:00:00Z' }] },
      { tag: 'none', items: [] },
      { tag: 'new', items: [{ created: '2026-01-02T00:00:00Z' }] },
    ];
    expect(sortStatusTags(tags)).toEqual(['new', 'a', 'b', 'none']);
  });

  it("truncates as OpenShift's printTagsUpToWidth does", () => {
    const numbered = Array.from({ length: 20 }, (_, i) => ({
      tag: `tag-number-${String(i).padStart(2, '0')}`,
    }));
    expect(tagsUpToWidth(numbered, 40)).toBe('tag-number-00,tag-number-01,tag-number-02 + 17 more...');
    const long = 'x'.repeat(50);
    expect(tagsUpToWidth([{ tag: long }, { tag: 'y' }], 40)).toBe(`${long} + 1 more...`);
    // an overflow within a quarter of the width still fits
    const [a, b] = ['a'.repeat(20), 'b'.repeat(25)];
    expect(tagsUpToWidth([{ tag: a }, { tag: b }], 40)).toBe(`${a},${b}`);
    expect(tagsUpToWidth([{ tag: a }, { tag: 'b'.repeat(30) }], 40)).toBe(`${a} + 1 more...`);
  });
});

describe('kubectl get istag and isimage', () => {
  const view = {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStreamTag',
    metadata: { name: 'ruby:latest', creationTimestamp: '2026-01-10T09:00:00Z' },
    image: { metadata: { name: 'sha256:b' }, dockerImageReference: 'quay.io/r@sha256:b' },
  } as unknown as KubeObject;

  it('prints istag NAME IMAGE REFERENCE UPDATED (+ IMAGE NAME)', () => {
    expect(visible(IMAGE_STREAM_TAG_TABLE)).toEqual(['Name', 'Image Reference', 'Updated']);
    expect(IMAGE_STREAM_TAG_TABLE.cells(view, now)).toEqual([
      'ruby:latest',
      'quay.io/r@sha256:b',
      '3 hours ago',
      'sha256:b',
    ]);
  });

  it('prints isimage NAME UPDATED (+ IMAGE REFERENCE, IMAGE NAME)', () => {
    expect(visible(IMAGE_STREAM_IMAGE_TABLE)).toEqual(['Name', 'Updated']);
    expect(wide(IMAGE_STREAM_IMAGE_TABLE)).toEqual(['Name', 'Updated', 'Image Reference', 'Image Name']);
    const isi = { ...view, kind: 'ImageStreamImage', metadata: { ...view.metadata, name: 'ruby@sha256:b' } };
    expect(IMAGE_STREAM_IMAGE_TABLE.cells(isi, now)).toEqual([
      'ruby@sha256:b',
      '3 hours ago',
      'quay.io/r@sha256:b',
      'sha256:b',
    ]);
  });
});

describe('kubectl get imagetags', () => {
  const tag = (spec: unknown, status: unknown): KubeObject =>
    ({
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageTag',
      metadata: { name: 'ruby:latest' },
      spec,
      status,
    }) as KubeObject;
  const event = {
    created: '2026-01-10T11:00:00Z',
    image: 'sha256:abc',
    dockerImageReference: 'quay.io/r@sha256:abc',
    generation: 2,
  };

  it('prints NAME SPEC STATUS HISTORY UPDATED', () => {
    expect(visible(IMAGE_TAG_TABLE)).toEqual(['Name', 'Spec', 'Status', 'History', 'Updated']);
  });

  it('shows an imported tag by its image, and a scheduled one as Scheduled', () => {
    const from = { kind: 'DockerImage', name: 'quay.io/r:latest' };
    expect(IMAGE_TAG_TABLE.cells(tag({ from, generation: 2 }, { items: [event] }), now)).toEqual([
      'ruby:latest',
      'Tag',
      'image/sha256:abc',
      1,
      'About an hour ago',
    ]);
    const scheduled = { from, generation: 2, importPolicy: { scheduled: true } };
    expect(IMAGE_TAG_TABLE.cells(tag(scheduled, { items: [event] }), now)[1]).toBe('Scheduled');
  });

  it('shows a failed import with its reason, no history and the time of the failure', () => {
    const failed = {
      items: [],
      conditions: [
        {
          type: 'ImportSuccess',
          status: 'False',
          reason: 'Unauthorized',
          lastTransitionTime: '2026-01-10T11:55:00Z',
        },
      ],
    };
    expect(
      IMAGE_TAG_TABLE.cells(
        tag({ from: { kind: 'DockerImage', name: 'quay.io/r:x' }, generation: 3 }, failed),
        now,
      ),
    ).toEqual(['ruby:latest', 'Tag', 'ImportFailed (Unauthorized)', null, '5 minutes ago']);
  });

  it('shows Importing for an older generation, Track, Ref, Push and invalid kinds', () => {
    const docker = { kind: 'DockerImage', name: 'quay.io/r:latest' };
    expect(IMAGE_TAG_TABLE.cells(tag({ from: docker, generation: 5 }, { items: [event] }), now)[2]).toBe(
      'Importing',
    );
    expect(
      IMAGE_TAG_TABLE.cells(
        tag({ from: { kind: 'ImageStreamTag', name: 'stable' } }, { items: [event] }),
        now,
      ).slice(1, 3),
    ).toEqual(['Track', 'image/sha256:abc']);
    expect(
      IMAGE_TAG_TABLE.cells(
        tag({ from: { kind: 'ImageStreamTag', name: 'other:1', namespace: 'ns' } }, null),
        now,
      ).slice(1, 3),
    ).toEqual(['Tag', 'istag ns/other:1']);
    expect(IMAGE_TAG_TABLE.cells(tag({ from: docker, reference: true }, null), now).slice(1, 3)).toEqual([
      'Ref',
      'quay.io/r:latest',
    ]);
    expect(IMAGE_TAG_TABLE.cells(tag(null, { items: [event] }), now).slice(1, 3)).toEqual([
      'Push',
      'image/sha256:abc',
    ]);
    expect(IMAGE_TAG_TABLE.cells(tag({ from: { kind: 'Pod', name: 'x' } }, null), now).slice(1, 3)).toEqual([
      'Tag',
      'InvalidRefKind',
    ]);
  });
});

describe('durations', () => {
  it('prints the AGE of the default table as kubectl does', () => {
    expect(humanDuration(45_000)).toBe('45s');
    expect(humanDuration(200_000)).toBe('3m20s');
    expect(humanDuration(5 * 3600_000)).toBe('5h');
    expect(humanDuration(3 * 86400_000)).toBe('3d');
    // kubectl's form: days with their hours below 8 days, not a rounded-down '7d'
    expect(humanDuration((7 * 24 + 5) * 3600_000)).toBe('7d5h');
  });
});
