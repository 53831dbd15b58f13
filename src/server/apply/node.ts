/**
 * A value as the apply algorithms walk it: a leaf (scalar, null, atomic list or object) or a
 * container whose children are keyed by path element: `f:` for the fields of an object, `k:` for
 * the items of a list merged on keys, `v:` for the items of a set. Pure.
 */
import { badRequest } from '../../api/status-error.js';
import { fieldElement, indexElement, keyElement, valueElement, type PathElement } from './path-element.js';
import { childPath, type ApplySchema, type FieldPath } from './schema.js';

export interface Child {
  value: unknown;
  names: FieldPath;
  /** the position of a list item */
  index?: number;
}

export type Node =
  { kind: 'leaf' } | { kind: 'object' | 'map-list' | 'set-list'; children: Map<PathElement, Child> };

const LEAF: Node = { kind: 'leaf' };

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `strict` is for an applied configuration: an item without its keys, or twice the same item,
 * is the client's error (400). Stored objects are read leniently: such an item falls back to
 * its index, a repeat keeps the first.
 */
export interface ExpandOptions {
  strict: boolean;
  /** for error messages: the path so far */
  where?: () => string;
}

/** an item's `k:` element, per item object: the walks of one request expand the same lists often */
const KEY_CACHE = new WeakMap<object, { keys: readonly string[]; pe: PathElement }>();

function itemKey(item: unknown, keys: readonly string[], index: number, opts: ExpandOptions): PathElement {
  const cached = isPlainObject(item) ? KEY_CACHE.get(item) : undefined;
  if (cached?.keys === keys) return cached.pe;
  const pe = computeItemKey(item, keys, index, opts);
  if (isPlainObject(item) && pe.startsWith('k:')) KEY_CACHE.set(item, { keys, pe });
  return pe;
}

function computeItemKey(
  item: unknown,
  keys: readonly string[],
  index: number,
  opts: ExpandOptions,
): PathElement {
  const fields: Record<string, unknown> = {};
  for (const k of keys) {
    const v = isPlainObject(item) ? item[k] : undefined;
    if (v !== undefined && v !== null && typeof v !== 'object') fields[k] = v;
    else if (opts.strict)
      throw badRequest(
        `failed to create typed patch object: ${opts.where?.() ?? ''}: element ${index}: associative list with keys has an element that omits key field ${JSON.stringify(k)}`,
      );
    else return indexElement(index);
  }
  return keyElement(fields);
}

function listChildren(
  list: readonly unknown[],
  names: FieldPath,
  element: (item: unknown, index: number) => PathElement,
  opts: ExpandOptions,
): Map<PathElement, Child> {
  const children = new Map<PathElement, Child>();
  list.forEach((item, index) => {
    const pe = element(item, index);
    if (children.has(pe)) {
      if (opts.strict)
        throw badRequest(
          `failed to create typed patch object: ${opts.where?.() ?? ''}: duplicate entries for key ${pe.slice(2)}`,
        );
      return;
    }
    children.set(pe, { value: item, names, index });
  });
  return children;
}

function expandList(
  list: readonly unknown[],
  names: FieldPath,
  schema: ApplySchema,
  opts: ExpandOptions,
): Node {
  const strategy = schema.at(names);
  if (strategy?.type === 'map') {
    const keys = strategy.keys;
    return {
      kind: 'map-list',
      children: listChildren(list, names, (item, i) => itemKey(item, keys, i, opts), opts),
    };
  }
  if (strategy?.type === 'set') {
    const scalar = (item: unknown, i: number) =>
      item !== null && typeof item === 'object' ? indexElement(i) : valueElement(item);
    return { kind: 'set-list', children: listChildren(list, names, scalar, opts) };
  }
  return LEAF;
}

/** The node of `value` at `names`. Empty containers have no children (callers decide if they are leaves). */
export function expand(value: unknown, names: FieldPath, schema: ApplySchema, opts: ExpandOptions): Node {
  if (Array.isArray(value)) return expandList(value, names, schema, opts);
  if (!isPlainObject(value)) return LEAF;
  if (schema.at(names)?.type === 'atomic') return LEAF;
  const children = new Map<PathElement, Child>();
  for (const [k, v] of Object.entries(value)) {
    if (v !== undefined) children.set(fieldElement(k), { value: v, names: childPath(names, k) });
  }
  return { kind: 'object', children };
}
