import { describe, expect, it } from 'vitest';
import { firstLists } from '../../../web/console/src/api/first-lists.js';
import { STREAM_ROWS, STREAM_ROWS_ACCEPT, streamRows } from '../../../web/console/src/api/stream-rows.js';
import { IMAGE_STREAM_TABLE } from '../../../src/server/table/image-tables.js';
import { buildTable } from '../../../src/server/table/table.js';
import type { KubeObject } from '../../../src/api/object.js';

const now = new Date('2026-01-10T12:00:00Z');
const stream = (name: string, failing: boolean): KubeObject => ({
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: { name, namespace: 'team', resourceVersion: '9' },
  spec: {},
  status: {
    dockerImageRepository: `registry.local/team/${name}`,
    tags: [
      { tag: 'latest', items: [{ created: '2026-01-10T11:00:00Z', image: 'sha256:a' }] },
      {
        tag: 'v1',
        items: [],
        conditions: failing
          ? [{ type: 'ImportSuccess', status: 'False', reason: 'NotFound', message: 'manifest unknown' }]
          : [],
      },
    ],
  },
});

/** What the server sends for `kubectl get is` (includeObject=None), through JSON as on the wire. */
const wire = (objects: KubeObject[], resourceVersion: string): unknown =>
  JSON.parse(
    JSON.stringify(
      buildTable(IMAGE_STREAM_TABLE, objects, { include: 'None', now, listMeta: { resourceVersion } }),
    ),
  );

describe('the stream list reads Table rows', () => {
  it("decodes the server's rows: the oc columns, and the failing tags from the row conditions", () => {
    const rows = STREAM_ROWS.items(wire([stream('api', true), stream('web', false)], '12'));
    expect(rows.map((r) => [r.metadata.name, r.repository, r.tags, r.updated])).toEqual([
      ['api', 'registry.local/team/api', 'latest,v1', 'About an hour ago'],
      ['web', 'registry.local/team/web', 'latest,v1', 'About an hour ago'],
    ]);
    expect(rows[0]?.failures).toEqual([{ reason: 'NotFound', message: 'v1: manifest unknown' }]);
    expect(rows[1]?.failures).toEqual([]);
  });

  it("decodes a watch event's one-row Table with its resourceVersion", () => {
    const row = STREAM_ROWS.item(wire([stream('api', false)], '13'));
    expect(row.metadata).toEqual({ name: 'api', resourceVersion: '13' });
  });

  it('refuses an answer that is not a Table, naming what came', () => {
    expect(() => STREAM_ROWS.items({ kind: 'ImageStreamList', items: [] })).toThrow(
      'expected a Table, the server sent ImageStreamList',
    );
    expect(() => STREAM_ROWS.item({ kind: 'Table', rows: [] })).toThrow('without a row');
  });
});

describe('the lists a page asks for first', () => {
  it('are the Table rows for the stream list, the objects for the overview and a stream', () => {
    expect(firstLists('/console/ns/team/imagestreams')).toEqual([
      { path: streamRows('team'), accept: STREAM_ROWS_ACCEPT },
    ]);
    expect(firstLists('/console/').map((l) => l.path)).toEqual([
      '/apis/image.openshift.io/v1/imagestreams',
      '/api/v1/namespaces',
      '/apis/imagestreams.io/v1/rollouts',
    ]);
    expect(firstLists('/console/ns/team/imagestreams/api')).toEqual([
      {
        path: '/apis/image.openshift.io/v1/namespaces/team/imagestreams?fieldSelector=metadata.name%3Dapi',
        accept: 'application/json',
      },
      { path: '/apis/imagestreams.io/v1/namespaces/team/rollouts', accept: 'application/json' },
      { path: '/apis/imagestreams.io/v1/namespaces/team/triggerstates', accept: 'application/json' },
      { path: '/apis/imagestreams.io/v1/namespaces/team/webhooktriggers', accept: 'application/json' },
    ]);
  });

  it('are none for the other pages; a segment that does not decode is used as it is', () => {
    expect(firstLists('/console/ns/team/rollouts')).toEqual([]);
    expect(firstLists('/console/ns/%E0%A4%A/imagestreams')).toEqual([
      { path: streamRows('%E0%A4%A'), accept: STREAM_ROWS_ACCEPT },
    ]);
  });
});
