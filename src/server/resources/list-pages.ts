/**
 * A LIST read from the store in pages, so that neither the store's answer nor the response is
 * ever the whole list at once. Without a client `limit` the store is read in chunks of
 * LIST_CHUNK through its own continue tokens: every chunk is consistent at the first chunk's
 * resourceVersion (the store's paging contract), so the items are exactly those of one unpaged
 * list, and the list's metadata (only `resourceVersion`) is known from the first chunk. With a
 * client `limit` the page is one store read, as before: its size is the client's bound, and its
 * `continue` / `remainingItemCount` are only known once it is read.
 *
 * A watch cache answers a list at once (the whole list, or the client's page with its continue
 * token), with every object already encoded as JSON: the answer then writes those encodings
 * (`encoded`), or, where decoration changes the objects, the decorated object's encoding, cached
 * per object and decoration variant (decorated-encoding.ts), so that every cached object is
 * encoded once, not once per LIST. Its Table rows are likewise made from parts kept per object
 * (cached-rows.ts), not from every object parsed again.
 */
import type { KubeObject } from '../../api/object.js';
import type { EncodedObject, ListOptions, ListResult, ResourceType, Store } from '../../store/store.js';
import { cachedTableRows } from '../table/cached-rows.js';
import { encoderFor } from './decorated-encoding.js';
import type { ObjectList, PagedList } from './resource-def.js';

/** items per store read of a list without a client limit */
const LIST_CHUNK = 500;

export interface ListPagesConfig {
  type: ResourceType;
  apiVersion: string;
  listKind: string;
  decorate: (object: KubeObject) => KubeObject;
  /** what decorate does right now: undefined when nothing (see Decorator.variant) */
  variant?: () => string | undefined;
}

function listMeta(result: Omit<ListResult, 'items'>, chunked: boolean): ObjectList['metadata'] {
  const metadata: ObjectList['metadata'] = { resourceVersion: result.resourceVersion };
  if (chunked) return metadata;
  if (result.continue) metadata.continue = result.continue;
  if (result.remainingItemCount !== undefined) metadata.remainingItemCount = result.remainingItemCount;
  return metadata;
}

async function* chunks(
  store: Store,
  cfg: ListPagesConfig,
  options: ListOptions,
  first: ListResult,
  chunk: number,
): AsyncGenerator<KubeObject[]> {
  let page: ListResult = first;
  for (;;) {
    yield page.items.map(cfg.decorate);
    if (!page.continue) return;
    page = await store.list(cfg.type, { ...options, limit: chunk, continue: page.continue });
  }
}

/** A watch cache's whole list, parsed and decorated a chunk at a time (for a Table, or a filter). */
async function* slices(
  items: readonly EncodedObject[],
  cfg: ListPagesConfig,
  chunk: number,
): AsyncGenerator<KubeObject[]> {
  for (let i = 0; i < items.length; i += chunk)
    yield items.slice(i, i + chunk).map((o) => cfg.decorate(o.object()));
}

/** A watch cache's list as JSON, a chunk at a time. */
async function* encodedSlices(
  items: readonly EncodedObject[],
  cfg: ListPagesConfig,
  chunk: number,
): AsyncGenerator<Buffer[]> {
  // one variant for the whole answer
  const encode = encoderFor(cfg);
  for (let i = 0; i < items.length; i += chunk) yield items.slice(i, i + chunk).map(encode);
}

/** Reads the first page now (its errors are the request's), the rest as they are consumed. */
export async function listPages(
  store: Store,
  cfg: ListPagesConfig,
  options: ListOptions,
  chunk = LIST_CHUNK,
): Promise<PagedList> {
  const chunked = options.limit === undefined || options.limit <= 0;
  const cached = await store.listEncoded?.(cfg.type, options);
  if (cached) {
    const metadata = listMeta(cached, false);
    return {
      head: { apiVersion: cfg.apiVersion, kind: cfg.listKind, metadata },
      pages: slices(cached.items, cfg, chunk),
      encoded: encodedSlices(cached.items, cfg, chunk),
      tableRows: (convertor, how) => cachedTableRows(cached.items, cfg, convertor, how, chunk),
    };
  }
  const first = await store.list(cfg.type, chunked ? { ...options, limit: chunk } : options);
  const head = { apiVersion: cfg.apiVersion, kind: cfg.listKind, metadata: listMeta(first, chunked) };
  // a client-limited page is complete as read: chunks() ends after it (its continue is the client's)
  const rest = chunked ? first : { ...first, continue: undefined };
  return { head, pages: chunks(store, cfg, options, rest, chunk) };
}
