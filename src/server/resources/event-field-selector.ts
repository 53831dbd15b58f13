/**
 * Events are looked up by the object they are about: `kubectl describe` lists them with
 * `fieldSelector=involvedObject.name=x,involvedObject.namespace=y,involvedObject.kind=ImageStream,
 * involvedObject.uid=...`. The store selects on metadata fields only, so the other requirements
 * are split off here and applied to the results (list and watch).
 */
import type { KubeObject } from '../../api/object.js';
import { badRequest } from '../../api/status-error.js';
import type { WatchEvent } from '../../store/store.js';
import type { ObjectList, PagedList, RequestScope, ResourceHandler } from './resource-def.js';

export interface FieldFilter {
  path: string;
  equal: boolean;
  value: string;
}

const EVENT_FIELDS = new Set([
  'involvedObject.kind',
  'involvedObject.namespace',
  'involvedObject.name',
  'involvedObject.uid',
  'involvedObject.apiVersion',
  'involvedObject.resourceVersion',
  'involvedObject.fieldPath',
  'reason',
  'reportingComponent',
  'source',
  'type',
]);

/** Splits a field selector into the part for the store and filters on event fields. */
export function splitEventSelector(selector: string | undefined): { store?: string; filters: FieldFilter[] } {
  const storeParts: string[] = [];
  const filters: FieldFilter[] = [];
  for (const part of (selector ?? '').split(',').filter((p) => p.trim() !== '')) {
    const m = /^\s*([\w.]+)\s*(==|!=|=)\s*(.*?)\s*$/.exec(part);
    if (!m) throw badRequest(`invalid field selector ${JSON.stringify(part)}`);
    const [, path = '', op, value = ''] = m;
    if (!EVENT_FIELDS.has(path)) storeParts.push(part);
    else filters.push({ path, equal: op !== '!=', value });
  }
  return { ...(storeParts.length ? { store: storeParts.join(',') } : {}), filters };
}

function fieldValue(object: KubeObject, path: string): string {
  if (path === 'source')
    return String((object.source as { component?: string } | undefined)?.component ?? '');
  let v: unknown = object;
  for (const key of path.split('.'))
    v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;
  return v === undefined || v === null ? '' : String(v);
}

export function matchesFilters(object: KubeObject, filters: FieldFilter[]): boolean {
  return filters.every((f) => (fieldValue(object, f.path) === f.value) === f.equal);
}

function narrowed(scope: RequestScope, store: string | undefined): RequestScope {
  const query = { ...scope.query };
  if (store === undefined) delete query.fieldSelector;
  else query.fieldSelector = store;
  return { ...scope, query };
}

async function* filteredPages(
  pages: AsyncIterable<KubeObject[]>,
  filters: FieldFilter[],
): AsyncIterable<KubeObject[]> {
  for await (const page of pages) yield page.filter((o) => matchesFilters(o, filters));
}

export function withEventFieldSelectors(handler: ResourceHandler): ResourceHandler {
  const { list, listPages, watch } = handler;
  const out: ResourceHandler = { ...handler };
  if (list) {
    out.list = async (scope): Promise<ObjectList> => {
      const { store, filters } = splitEventSelector(scope.query.fieldSelector);
      const result = await list(narrowed(scope, store));
      return filters.length
        ? { ...result, items: result.items.filter((o) => matchesFilters(o, filters)) }
        : result;
    };
  }
  if (listPages) {
    out.listPages = async (scope): Promise<PagedList> => {
      const { store, filters } = splitEventSelector(scope.query.fieldSelector);
      const paged = await listPages(narrowed(scope, store));
      return filters.length ? { head: paged.head, pages: filteredPages(paged.pages, filters) } : paged;
    };
  }
  if (watch) {
    out.watch = async function* (scope, signal): AsyncIterable<WatchEvent> {
      const { store, filters } = splitEventSelector(scope.query.fieldSelector);
      for await (const event of watch(narrowed(scope, store), signal)) {
        if (event.type === 'BOOKMARK' || matchesFilters(event.object, filters)) yield event;
      }
    };
  }
  return out;
}
