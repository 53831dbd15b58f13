/**
 * The default `get` output: the columns `oc get` prints for each image type, computed here from
 * the objects rather than asked from the server, so any conforming server prints the same table.
 */
import { tagsUpToWidth } from '../../api/tags-up-to-width.js';
import {
  ROLLOUT_HEADERS,
  ROLLOUT_WIDE_HEADERS,
  TRIGGER_STATE_HEADERS,
  rolloutRow,
  triggerStateRow,
} from '../../triggers/controller/rollout-columns.js';
import type { KubeObject } from '../../api/object.js';
import type { ResourceInfo } from '../resources.js';
import {
  imageHolderViewSchema,
  imageStreamViewSchema,
  imageViewSchema,
  kubeObjectSchema,
  type NamedTagEventListView,
} from '../schema.js';
import { age, shortAgo } from './duration.js';
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

function newestImport(tags: readonly NamedTagEventListView[]): string | undefined {
  let newest: string | undefined;
  let newestMs = -Infinity;
  for (const t of tags) {
    const created = t.items?.[0]?.created;
    const ms = created ? Date.parse(created) : NaN;
    if (created && ms > newestMs) [newest, newestMs] = [created, ms];
  }
  return newest;
}

const imageStreamTable: TableSpec = {
  headers: ['NAME', 'IMAGE REPOSITORY', 'TAGS', 'UPDATED'],
  wideHeaders: [],
  row(obj, o) {
    const s = imageStreamViewSchema.parse(obj);
    const statusTags = s.status?.tags ?? [];
    const repo =
      s.status?.publicDockerImageRepository ||
      s.spec?.dockerImageRepository ||
      s.status?.dockerImageRepository ||
      '';
    return {
      cells: [
        s.metadata.name,
        repo,
        tagsUpToWidth(statusTags, 40),
        shortAgo(newestImport(statusTags), o.now),
      ],
      wide: [],
    };
  },
};

const imageStreamTagTable: TableSpec = {
  headers: ['NAME', 'IMAGE REFERENCE', 'UPDATED'],
  wideHeaders: ['IMAGE NAME'],
  row(obj, o) {
    const t = imageHolderViewSchema.parse(obj);
    const created = shortAgo(t.metadata.creationTimestamp ?? undefined, o.now);
    return {
      cells: [t.metadata.name, t.image?.dockerImageReference ?? '', created],
      wide: [t.image?.metadata?.name ?? ''],
    };
  },
};

const imageStreamImageTable: TableSpec = {
  headers: ['NAME', 'UPDATED'],
  wideHeaders: ['IMAGE REFERENCE', 'IMAGE NAME'],
  row(obj, o) {
    const t = imageHolderViewSchema.parse(obj);
    return {
      cells: [t.metadata.name, shortAgo(t.metadata.creationTimestamp ?? undefined, o.now)],
      wide: [t.image?.dockerImageReference ?? '', t.image?.metadata?.name ?? ''],
    };
  },
};

const imageTable: TableSpec = {
  headers: ['NAME', 'IMAGE REFERENCE'],
  wideHeaders: [],
  row(obj) {
    const i = imageViewSchema.parse(obj);
    return { cells: [i.metadata.name, i.dockerImageReference ?? ''], wide: [] };
  },
};

/** What kubectl prints for a type without special columns. */
const defaultTable: TableSpec = {
  headers: ['NAME', 'AGE'],
  wideHeaders: [],
  row(obj, o) {
    const m = kubeObjectSchema.parse(obj).metadata;
    return { cells: [m.name, age(m.creationTimestamp ?? undefined, o.now)], wide: [] };
  },
};

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

const TABLES: Record<string, TableSpec> = {
  rollouts: rolloutTable,
  triggerstates: triggerStateTable,
  imagestreams: imageStreamTable,
  imagestreamtags: imageStreamTagTable,
  imagestreamimages: imageStreamImageTable,
  images: imageTable,
};

export interface TableRows {
  header: string[];
  rows: string[][];
}

/** The header and one row per object, not yet aligned. */
export function tableRows(r: ResourceInfo, objects: readonly KubeObject[], o: TableOptions): TableRows {
  const spec = TABLES[r.resource] ?? defaultTable;
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
