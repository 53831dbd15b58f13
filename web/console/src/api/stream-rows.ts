/**
 * The stream list reads its namespace's image streams as `kubectl get is` does: server-side Table
 * rows (name, repository, tags, updated) without the objects (`includeObject=None`), and a row
 * condition per tag whose import failed. 1,000 streams of three tags and three history items are
 * ~65 kB this way, against ~4.5 MB of whole streams; the watch streams the same rows.
 */
import type { KubeObject } from '../../../../src/api/object.js';
import { paths } from './paths.js';
import type { Representation } from './representation.js';

export const STREAM_ROWS_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io';

/** One failing tag, as the row condition says it: `TAG: why` in the message. */
export interface RowFailure {
  reason: string;
  message: string;
}

export interface StreamRow extends KubeObject {
  repository: string;
  /** as `oc get is` prints them: newest first, up to a width, then "+ N more..." */
  tags: string;
  /** relative to the server's clock when the row was written ("2 hours ago"), '' if never */
  updated: string;
  failures: RowFailure[];
}

interface TableRowCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

interface TableRow {
  cells?: unknown[];
  conditions?: TableRowCondition[];
}

interface Table {
  kind?: string;
  metadata?: { resourceVersion?: string };
  rows?: TableRow[] | null;
}

/** The Table collection of the namespace's streams (rows only: no object in them). */
export function streamRows(ns: string): string {
  return `${paths.imageStreams(ns)}?includeObject=None`;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

function decodeRow(row: TableRow, resourceVersion: string | undefined): StreamRow {
  const [name, repository, tags, updated] = row.cells ?? [];
  const failures = (row.conditions ?? [])
    .filter((c) => c.type === 'ImportSuccess' && c.status === 'False')
    .map((c) => ({ reason: c.reason ?? '', message: c.message ?? '' }));
  const metadata: KubeObject['metadata'] = { name: text(name) };
  if (resourceVersion) metadata.resourceVersion = resourceVersion;
  return {
    apiVersion: 'meta.k8s.io/v1',
    kind: 'TableRow',
    metadata,
    repository: text(repository),
    tags: text(tags),
    updated: text(updated),
    failures,
  };
}

function asTable(body: unknown): Table {
  const table = body as Table;
  if (table.kind !== 'Table') throw new Error(`expected a Table, the server sent ${String(table.kind)}`);
  return table;
}

/** Table rows in, StreamRows out: a list's rows, or the one row of a watch event's Table. */
export const STREAM_ROWS: Representation<StreamRow> = {
  accept: STREAM_ROWS_ACCEPT,
  items: (list) => (asTable(list).rows ?? []).map((row) => decodeRow(row, undefined)),
  item(object) {
    const table = asTable(object);
    const row = table.rows?.[0];
    if (!row) throw new Error('a watch event carried a Table without a row');
    return decodeRow(row, table.metadata?.resourceVersion);
  },
};
