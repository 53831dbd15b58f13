import { describe, expect, it } from 'vitest';
import {
  IMAGE_STREAM_TABLE,
  tagsUpToWidth,
  taggedByRecency,
} from '../../../../src/server/table/image-tables.js';
import { buildTable, humanDuration } from '../../../../src/server/table/table.js';
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
          { created: '2026-01-10T11:58:00Z', image: 'sha256:b', dockerImageReference: 'y', generation: 1 },
        ],
      },
      { tag: 'empty', items: [] },
    ],
  },
};

describe('image stream table', () => {
  it('lists tags with images, most recently updated first', () => {
    expect(taggedByRecency(stream).map((t) => t.tag)).toEqual(['latest', '3.1']);
  });
  it('prints NAME, IMAGE REPOSITORY, TAGS, UPDATED as oc get is does', () => {
    const table = buildTable(IMAGE_STREAM_TABLE, [stream], { include: 'Metadata', now });
    expect(table.columnDefinitions.filter((c) => c.priority === 0).map((c) => c.name)).toEqual([
      'Name',
      'Image Repository',
      'Tags',
      'Updated',
    ]);
    expect(table.rows[0]?.cells.slice(0, 4)).toEqual([
      'ruby',
      'registry.local/a/ruby',
      'latest,3.1',
      '2m ago',
    ]);
    expect(table.rows[0]?.object).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: stream.metadata,
    });
  });
  it('shortens long tag lists', () => {
    const tags = Array.from({ length: 20 }, (_, i) => `tag-${i}`);
    const out = tagsUpToWidth(tags, 40);
    expect(out.length).toBeLessThan(60);
    expect(out).toMatch(/ \+ \d+ more\.\.\.$/);
  });
  it('prints durations as kubectl does', () => {
    expect(humanDuration(45_000)).toBe('45s');
    expect(humanDuration(200_000)).toBe('3m20s');
    expect(humanDuration(5 * 3600_000)).toBe('5h');
    expect(humanDuration(3 * 86400_000)).toBe('3d');
  });
});
