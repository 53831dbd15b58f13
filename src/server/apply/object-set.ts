/**
 * The fields an object sets (structured-merge-diff's ToFieldSet): every leaf (scalar, null,
 * atomic list or object, empty container) and every list item; the objects on the way are not
 * members themselves. Pure.
 */
import { FieldSet } from './field-set.js';
import { expand, isPlainObject, type ExpandOptions } from './node.js';
import { fieldElement, type PathElement } from './path-element.js';
import { childPath, type ApplySchema, type FieldPath } from './schema.js';

function walk(
  value: unknown,
  names: FieldPath,
  parent: FieldSet,
  pe: PathElement,
  ctx: { schema: ApplySchema; opts: ExpandOptions },
): void {
  if (typeof value !== 'object' || value === null) {
    parent.members.add(pe);
    return;
  }
  if (isPlainObject(value) && ctx.schema.at(names)?.type !== 'atomic')
    return walkObject(value, names, parent, pe, ctx);
  const node = expand(value, names, ctx.schema, ctx.opts);
  if (node.kind === 'leaf' || node.children.size === 0) {
    parent.members.add(pe);
    return;
  }
  const here = parent.childOrNew(pe);
  for (const [childPe, child] of node.children) {
    walk(child.value, child.names, here, childPe, ctx);
    if (node.kind !== 'object') here.members.add(childPe);
  }
}

/** an object merged field by field, walked without building its children */
function walkObject(
  value: Record<string, unknown>,
  names: FieldPath,
  parent: FieldSet,
  pe: PathElement,
  ctx: { schema: ApplySchema; opts: ExpandOptions },
): void {
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  if (keys.length === 0) {
    parent.members.add(pe);
    return;
  }
  const here = parent.childOrNew(pe);
  for (const k of keys) walk(value[k], childPath(names, k), here, fieldElement(k), ctx);
}

/** The field set of a whole object (its root is not a member). */
export function toFieldSet(object: unknown, schema: ApplySchema, strict = false): FieldSet {
  const root = new FieldSet();
  const ctx = { schema, opts: { strict } };
  const node = expand(object, '', schema, ctx.opts);
  if (node.kind === 'leaf') return root;
  for (const [pe, child] of node.children) walk(child.value, child.names, root, pe, ctx);
  return root;
}
