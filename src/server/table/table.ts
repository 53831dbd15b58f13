/**
 * Server-side printing (meta.k8s.io/v1 Table), what `kubectl get` shows. Each resource supplies its
 * columns and a row function; rows carry the object's metadata (includeObject=Metadata, the
 * default) so that `kubectl get -w` and `-o name` work. Pure.
 */
import { age } from '../../api/human-duration.js';
import type { KubeObject } from '../../api/object.js';
import type { IncludeObject } from '../http/negotiation.js';

export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: string;
  description: string;
  priority: number;
}

/**
 * meta.k8s.io/v1 TableRowCondition: status of a row for a human reader, beside the cells (kubectl
 * prints cells only, so a condition adds nothing to `kubectl get`'s output).
 */
export interface TableRowCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

export interface TableConvertor {
  columns: TableColumn[];
  cells(object: KubeObject, now: Date): unknown[];
  /** the row's conditions (none: the row carries no `conditions` field) */
  conditions?(object: KubeObject): TableRowCondition[];
  /**
   * `cells` in two steps: what the cells need from the object, read once (kept with a cached
   * object, so that a LIST from the watch cache parses nothing), then the cells at a time `now`.
   * `prepare(o)(now)` must equal `cells(o, now)`: see tableFromSteps.
   */
  prepare?(object: KubeObject): (now: Date) => unknown[];
}

/** A convertor whose cells are computed in the two steps of `prepare`, so both paths agree. */
export function tableFromSteps(
  convertor: Omit<TableConvertor, 'cells' | 'prepare'> & {
    prepare(object: KubeObject): (now: Date) => unknown[];
  },
): TableConvertor {
  return { ...convertor, cells: (o, now) => convertor.prepare(o)(now) };
}

export interface TableRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
  object?: unknown;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumn[];
  rows: TableRow[];
}

export const NAME_COLUMN: TableColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  priority: 0,
};

/** kubectl's AGE cell, for the resources' own tables */
export { age };

export const DEFAULT_TABLE: TableConvertor = tableFromSteps({
  columns: [
    NAME_COLUMN,
    {
      name: 'Age',
      type: 'string',
      format: '',
      description:
        'CreationTimestamp is a timestamp representing the server time when this object was created.',
      priority: 0,
    },
  ],
  prepare: (o) => {
    const [name, created] = [o.metadata.name, o.metadata.creationTimestamp];
    return (now) => [name, age(created, now)];
  },
});

export function partialMetadata(object: KubeObject): unknown {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
}

function rowObject(object: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  return include === 'Object' ? object : partialMetadata(object);
}

export function buildTable(
  convertor: TableConvertor,
  objects: KubeObject[],
  options: { include: IncludeObject; now: Date; listMeta?: Table['metadata']; noHeaders?: boolean },
): Table {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: options.listMeta ?? {},
    // watch events after the first carry no column definitions, as the apiserver sends them
    columnDefinitions: options.noHeaders ? [] : convertor.columns,
    rows: objects.map((o) => {
      const row: TableRow = { cells: convertor.cells(o, options.now) };
      const conditions = convertor.conditions?.(o) ?? [];
      if (conditions.length > 0) row.conditions = conditions;
      const object = rowObject(o, options.include);
      if (object !== undefined) row.object = object;
      return row;
    }),
  };
}
