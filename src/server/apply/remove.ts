/**
 * Removes the members of a field set from an object: fields deleted, list items dropped
 * (structured-merge-diff's RemoveItems). What the set does not reach is left alone. Pure.
 */
import type { FieldSet } from './field-set.js';
import { expand, isPlainObject } from './node.js';
import type { PathElement } from './path-element.js';
import { childPath, type ApplySchema, type FieldPath } from './schema.js';

const LENIENT = { strict: false };

function removeFromObject(
  object: Record<string, unknown>,
  set: FieldSet,
  names: FieldPath,
  schema: ApplySchema,
): unknown {
  const out: Record<string, unknown> = { ...object };
  for (const m of set.members) if (m.startsWith('f:')) delete out[m.slice(2)];
  for (const [pe, child] of set.children) {
    const name = pe.slice(2);
    if (!pe.startsWith('f:') || set.members.has(pe) || !(name in out)) continue;
    out[name] = removeAt(out[name], child, childPath(names, name), schema);
  }
  return out;
}

function removeFromList(
  list: readonly unknown[],
  set: FieldSet,
  names: FieldPath,
  schema: ApplySchema,
): unknown {
  const node = expand(list, names, schema, LENIENT);
  if (node.kind === 'leaf') return list;
  const byIndex = new Map<number, PathElement>();
  for (const [pe, child] of node.children) if (child.index !== undefined) byIndex.set(child.index, pe);
  const out: unknown[] = [];
  list.forEach((item, i) => {
    const pe = byIndex.get(i);
    if (pe !== undefined && set.members.has(pe)) return;
    const below = pe === undefined ? undefined : set.children.get(pe);
    out.push(below ? removeAt(item, below, names, schema) : item);
  });
  return out;
}

function removeAt(value: unknown, set: FieldSet, names: FieldPath, schema: ApplySchema): unknown {
  if (Array.isArray(value)) return removeFromList(value, set, names, schema);
  if (isPlainObject(value)) return removeFromObject(value, set, names, schema);
  return value;
}

export function removeItems<T>(object: T, set: FieldSet, schema: ApplySchema): T {
  return removeAt(object, set, '', schema) as T;
}
