/**
 * The order of a merged list (the "preserve order in strategic merge patch" design): items the
 * patch names come in the patch's order (or `$setElementOrder`'s), items only the server has keep
 * their relative order, and the two are interleaved by the server's order where both are known.
 * Pure.
 */
import { DIRECTIVE, PatchDirective, isObject, noMergeKey } from './directives.js';

/** what identifies a list item: its merge key's value, or the scalar itself */
export type Identify = (item: unknown) => unknown;

export function identifyBy(key: string | undefined): Identify {
  if (key === undefined) return (item) => item;
  return (item) => {
    if (!isObject(item) || !(key in item)) throw noMergeKey(item, key);
    return item[key];
  };
}

/** position of each item's identity in `list` (first wins): lookups stay O(1) on long lists */
function positions(list: readonly unknown[], id: Identify): Map<unknown, number> {
  const out = new Map<unknown, number>();
  list.forEach((v, i) => {
    const key = id(v);
    if (!out.has(key)) out.set(key, i);
  });
  return out;
}

const isDeletion = (v: unknown): boolean => isObject(v) && v[DIRECTIVE] === PatchDirective.Delete;

/** `items` sorted by their place in `order`, stably; items `order` does not name go last; deletions after all */
function sortBy(items: readonly unknown[], order: readonly unknown[], id: Identify): unknown[] {
  const places = positions(order, id);
  const rank = (v: unknown): number => places.get(id(v)) ?? Number.MAX_SAFE_INTEGER;
  const keep = items.filter((v) => !isDeletion(v)).map((v) => ({ v, r: rank(v) }));
  return [...keep.sort((a, b) => a.r - b.r).map((x) => x.v), ...items.filter(isDeletion)];
}

/** Splits `merged` into the items `by` names and the rest (server-only), each in merged order. */
function partition(
  merged: readonly unknown[],
  by: readonly unknown[],
  id: Identify,
): { named: unknown[]; serverOnly: unknown[] } {
  const ids = new Set(by.map(id));
  const named: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of merged) (ids.has(id(v)) ? named : serverOnly).push(v);
  return { named, serverOnly };
}

/**
 * Interleaves server-only items into the patch's items: a server-only item goes first only when
 * the server's order puts it before the next patch item; relative orders are kept.
 */
function interleave(
  serverOnly: unknown[],
  named: unknown[],
  serverOrder: readonly unknown[],
  id: Identify,
): unknown[] {
  const places = positions(serverOrder, id);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < named.length) {
    if (j >= named.length) out.push(serverOnly[i++]);
    else if (i >= serverOnly.length) out.push(named[j++]);
    else {
      const l = places.get(id(serverOnly[i]));
      const r = places.get(id(named[j]));
      if (l !== undefined && r !== undefined && l < r) out.push(serverOnly[i++]);
      else out.push(named[j++]);
    }
  }
  return out;
}

/** The final order of a merged list: patch items by `patchOrder`, server-only items by `serverOrder`. */
export function normalizeOrder(
  merged: readonly unknown[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  id: Identify,
): unknown[] {
  const { named, serverOnly } = partition(merged, patchOrder, id);
  return interleave(sortBy(serverOnly, serverOrder, id), sortBy(named, patchOrder, id), serverOrder, id);
}
