/**
 * The objects of one type as they were at an older resourceVersion, for consistent continuation
 * of paged lists: the current rows, with every object changed since then replaced by its state
 * before its first later change (taken from the event history). Only the first event after the
 * resourceVersion matters per object: ADDED means it did not exist yet, MODIFIED or DELETED carry
 * the previous state.
 */
import type { SqliteContext } from './sqlite-context.js';

export interface Key {
  namespace: string;
  name: string;
}

/** An object's key and JSON, current or reconstructed. */
export interface ListRow extends Key {
  json: string;
}

function compareKeys(a: Key, b: Key): number {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return 0;
}

interface Touched extends Key {
  /** the object's JSON at the snapshot's resourceVersion; undefined when it did not exist then */
  then: string | undefined;
  existsNow: boolean;
}

export interface Overlay {
  touched: Map<string, Touched>;
  /** objects that existed at the snapshot and changed since, in key order */
  thenRows: ListRow[];
}

const keyString = (k: Key): string => `${k.namespace}\u0000${k.name}`;

/** The changes since `resourceVersion`, or undefined when there are none. */
export function overlaySince(
  ctx: SqliteContext,
  typeKey: string,
  namespace: string | undefined,
  resourceVersion: number,
): Overlay | undefined {
  const touched = new Map<string, Touched>();
  for (const e of ctx.st.eventsAfter.iterate(typeKey, resourceVersion)) {
    if (namespace !== undefined && e.namespace !== namespace) continue;
    const k = keyString(e);
    const seen = touched.get(k);
    if (seen) seen.existsNow = e.kind !== 'DELETED';
    else {
      const then = e.kind === 'ADDED' ? undefined : (e.previous ?? undefined);
      touched.set(k, { namespace: e.namespace, name: e.name, then, existsNow: e.kind !== 'DELETED' });
    }
  }
  if (touched.size === 0) return undefined;
  const thenRows: ListRow[] = [];
  for (const t of touched.values()) {
    if (t.then !== undefined) thenRows.push({ namespace: t.namespace, name: t.name, json: t.then });
  }
  thenRows.sort(compareKeys);
  return { touched, thenRows };
}

/** Rows strictly after `after`, in key order, as of the overlay's resourceVersion. */
export function* rowsAfter(
  ctx: SqliteContext,
  typeKey: string,
  namespace: string | undefined,
  after: Key,
  overlay: Overlay | undefined,
): Generator<ListRow> {
  const current =
    namespace === undefined
      ? ctx.st.scanAll.iterate(typeKey, after.namespace, after.name)
      : ctx.st.scanNamespace.iterate(typeKey, namespace, namespace === after.namespace ? after.name : '');
  if (!overlay) {
    yield* current;
    return;
  }
  const extra = overlay.thenRows.filter((r) => compareKeys(r, after) > 0);
  let i = 0;
  for (const row of current) {
    if (overlay.touched.has(keyString(row))) continue;
    for (let next = extra[i]; next && compareKeys(next, row) < 0; next = extra[++i]) yield next;
    yield row;
  }
  for (; i < extra.length; i++) yield extra[i] as ListRow;
}

/** How many objects lie strictly after `after` as of the overlay's resourceVersion. */
export function countAfter(
  ctx: SqliteContext,
  typeKey: string,
  namespace: string | undefined,
  after: Key,
  overlay: Overlay | undefined,
): number {
  const row =
    namespace === undefined
      ? ctx.st.countAll.get(typeKey, after.namespace, after.name)
      : ctx.st.countNamespace.get(typeKey, namespace, namespace === after.namespace ? after.name : '');
  let n = row?.n ?? 0;
  if (!overlay) return n;
  for (const t of overlay.touched.values()) {
    if (t.existsNow && compareKeys(t, after) > 0) n--;
  }
  return n + overlay.thenRows.filter((r) => compareKeys(r, after) > 0).length;
}
