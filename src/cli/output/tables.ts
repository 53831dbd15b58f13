/**
 * The default `get` output: the columns `oc get` prints for each image type, computed here from
 * the objects rather than asked from the server, so any conforming server prints the same table;
 * the cells are our server's Table cells (src/server/table), so both print alike.
 */
import {
  ROLLOUT_HEADERS,
  ROLLOUT_WIDE_HEADERS,
  TRIGGER_STATE_HEADERS,
  rolloutRow,
  triggerStateRow,
} from '../../triggers/controller/rollout-columns.js';
import type { KubeObject } from '../../api/object.js';
import {
  IMAGE_STREAM_IMAGE_TABLE,
  IMAGE_STREAM_TABLE,
  IMAGE_STREAM_TAG_TABLE,
  IMAGE_TABLE,
} from '../../server/table/image-tables.js';
import { DEFAULT_TABLE, type TableConvertor } from '../../server/table/table.js';
import type { ResourceInfo } from '../resources.js';
import { renderRows } from './tabwriter.js';

export interface TableOptions {
  now: Date;
  wide?: boolean;
  /** adds a NAMESPACE column first (`-A`) */
  withNamespace?: boolean;
  noHeaders?: boolean;
}

interface TableSpec {
  headers: string[];
  wideHeaders: string[];
  row(obj: KubeObject, o: TableOptions): { cells: string[]; wide: string[] };
}

/**
 * A server Table convertor as a CLI table: the same cells (one printer for `kubectl get` against
 * our server and for `isctl get` against any server), headers upper-cased as kubectl prints them,
 * columns of priority above 0 only with `-o wide`.
 */
function fromServerTable(table: TableConvertor): TableSpec {
  const wide = table.columns.map((c) => c.priority > 0);
  const names = (w: boolean) =>
    table.columns.filter((_, i) => wide[i] === w).map((c) => c.name.toUpperCase());
  return {
    headers: names(false),
    wideHeaders: names(true),
    row(obj, o) {
      const cells = table.cells(obj, o.now).map((c) => (c === undefined || c === null ? '' : String(c)));
      return { cells: cells.filter((_, i) => !wide[i]), wide: cells.filter((_, i) => wide[i]) };
    },
  };
}

const rolloutTable: TableSpec = {
  headers: [...ROLLOUT_HEADERS],
  wideHeaders: [...ROLLOUT_WIDE_HEADERS],
  row: (obj, o) => rolloutRow(obj, o.now),
};

const triggerStateTable: TableSpec = {
  headers: [...TRIGGER_STATE_HEADERS],
  wideHeaders: [],
  row: (obj) => triggerStateRow(obj),
};

/** What kubectl prints for a type without special columns: NAME, AGE. */
const DEFAULT = fromServerTable(DEFAULT_TABLE);

const TABLES: Record<string, TableSpec> = {
  rollouts: rolloutTable,
  triggerstates: triggerStateTable,
  imagestreams: fromServerTable(IMAGE_STREAM_TABLE),
  imagestreamtags: fromServerTable(IMAGE_STREAM_TAG_TABLE),
  imagestreamimages: fromServerTable(IMAGE_STREAM_IMAGE_TABLE),
  images: fromServerTable(IMAGE_TABLE),
};

export interface TableRows {
  header: string[];
  rows: string[][];
}

/** The header and one row per object, not yet aligned. */
export function tableRows(r: ResourceInfo, objects: readonly KubeObject[], o: TableOptions): TableRows {
  const spec = TABLES[r.resource] ?? DEFAULT;
  const ns = o.withNamespace ? ['NAMESPACE'] : [];
  const header = [...ns, ...spec.headers, ...(o.wide ? spec.wideHeaders : [])];
  const rows = objects.map((obj) => {
    const { cells, wide } = spec.row(obj, o);
    return [...(o.withNamespace ? [obj.metadata.namespace ?? ''] : []), ...cells, ...(o.wide ? wide : [])];
  });
  return { header, rows };
}

export function renderTable(r: ResourceInfo, objects: readonly KubeObject[], o: TableOptions): string {
  const { header, rows } = tableRows(r, objects, o);
  return renderRows(o.noHeaders ? rows : [header, ...rows]);
}
