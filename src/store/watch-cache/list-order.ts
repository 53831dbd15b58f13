/**
 * The order a store lists in, which the watch cache must copy exactly: a continue token names
 * the last key returned and the next page starts strictly after it, so a token handed from the
 * cache to the store (or back) only continues where it left off when both order keys alike.
 *
 * - 'namespace-name' (SQLite, `ORDER BY namespace, name`): by namespace, then by name.
 * - 'key-path' (etcd): by the key `namespace/name` as bytes, so namespace "a-b" comes before
 *   namespace "a" ('-' sorts before '/').
 *
 * Names and namespaces are ASCII (DNS names), where JavaScript's string order is byte order.
 */
import type { ListOrder } from '../store.js';

export interface ListKey {
  readonly namespace: string;
  readonly name: string;
}

export type KeyCompare = (a: ListKey, b: ListKey) => number;

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function byNamespaceThenName(a: ListKey, b: ListKey): number {
  return a.namespace !== b.namespace ? byString(a.namespace, b.namespace) : byString(a.name, b.name);
}

function byKeyPath(a: ListKey, b: ListKey): number {
  // within one namespace the paths share their prefix: only the names decide
  if (a.namespace === b.namespace) return byString(a.name, b.name);
  return byString(`${a.namespace}/`, `${b.namespace}/`);
}

export function keyCompare(order: ListOrder = 'namespace-name'): KeyCompare {
  return order === 'key-path' ? byKeyPath : byNamespaceThenName;
}

/** The index of the first key strictly after `key` in `sorted` (sorted by `compare`). */
export function indexAfter(sorted: readonly ListKey[], key: ListKey, compare: KeyCompare): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compare(sorted[mid] as ListKey, key) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
