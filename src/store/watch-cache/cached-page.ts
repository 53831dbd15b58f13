/**
 * One page of a list read from a cached state (a ListSnapshot), with the stores' paging rules
 * (store/sqlite/sqlite-list.ts): the page starts strictly after the continue token's key, holds
 * up to `limit` matching objects, and says where the next page starts only when a further
 * matching object exists; remainingItemCount is given only without label or field selectors.
 */
import { hasNoSelectors, matches, type ParsedSelectors } from '../selectors.js';
import type { CachedObject } from './cached-object.js';
import { indexAfter, type KeyCompare, type ListKey } from './list-order.js';

export interface PageRequest {
  selectors: ParsedSelectors;
  /** undefined: every matching object */
  limit?: number;
  /** the page starts strictly after this key (a continue token's) */
  after?: ListKey;
}

export interface CachedPage {
  items: readonly CachedObject[];
  /** the last item, when a further matching object follows it */
  more?: CachedObject;
  remainingItemCount?: number;
}

/** Where matching can start: after the token's key, and not before the namespace (its objects are adjacent). */
function startIndex(items: readonly CachedObject[], request: PageRequest, compare: KeyCompare): number {
  const after = request.after ? indexAfter(items, request.after, compare) : 0;
  const namespace = request.selectors.namespace;
  if (namespace === undefined) return after;
  // names are never empty: the first key after (namespace, '') is the namespace's first object
  return Math.max(after, indexAfter(items, { namespace, name: '' }, compare));
}

/** Every object from `start` on, up to the namespace's end (its objects are adjacent). */
function everyFrom(
  items: readonly CachedObject[],
  start: number,
  namespace: string | undefined,
  compare: KeyCompare,
): readonly CachedObject[] {
  // names are DNS names: U+FFFF sorts after every one of them
  const end =
    namespace === undefined ? items.length : indexAfter(items, { namespace, name: '\uffff' }, compare);
  return start === 0 && end === items.length ? items : items.slice(start, end);
}

export function readPage(
  items: readonly CachedObject[],
  request: PageRequest,
  compare: KeyCompare,
): CachedPage {
  const { selectors, limit } = request;
  const namespace = selectors.namespace;
  const filtered = !hasNoSelectors(selectors);
  const start = startIndex(items, request, compare);
  if (!filtered && limit === undefined) return { items: everyFrom(items, start, namespace, compare) };
  const page: CachedObject[] = [];
  for (let i = start; i < items.length; i++) {
    const item = items[i] as CachedObject;
    if (namespace !== undefined && item.namespace !== namespace) break;
    if (filtered && !matches(item.selectable, selectors)) continue;
    if (limit !== undefined && page.length >= limit) return pageWithMore(items, page, i, namespace, filtered);
    page.push(item);
  }
  return { items: page };
}

/** A full page: `next` is the index of the first matching object after it. */
function pageWithMore(
  items: readonly CachedObject[],
  page: CachedObject[],
  next: number,
  namespace: string | undefined,
  filtered: boolean,
): CachedPage {
  const more = page[page.length - 1] as CachedObject;
  if (filtered) return { items: page, more };
  // without label or field selectors every object from `next` on matches, up to the namespace's end
  let end = items.length;
  if (namespace !== undefined) {
    end = next;
    while (end < items.length && (items[end] as CachedObject).namespace === namespace) end++;
  }
  return { items: page, more, remainingItemCount: end - next };
}
