/**
 * What changed between two versions of an object (structured-merge-diff's Compare): leaves
 * added, removed or modified, plus the containers (objects, list items) that appeared or
 * disappeared. A container present on both sides is never "modified" itself, so adding one tag
 * does not touch whoever owns another. Pure.
 */
import { isDeepStrictEqual } from 'node:util';
import { FieldSet } from './field-set.js';
import { expand, isPlainObject, type Child, type Node } from './node.js';
import { fieldElement } from './path-element.js';
import type { PathElement } from './path-element.js';
import { childPath, type ApplySchema, type FieldPath } from './schema.js';

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

const LENIENT = { strict: false };

function childrenOf(node: Node): Map<PathElement, Child> | undefined {
  return node.kind === 'leaf' || node.children.size === 0 ? undefined : node.children;
}

/**
 * One side only: the path and everything below it goes to `into` (`path` is a stack, left as it
 * was). The nodes are built on the way down, each once, not inserted path by path from the root.
 */
function oneSide(
  value: unknown,
  names: FieldPath,
  path: PathElement[],
  into: FieldSet,
  schema: ApplySchema,
): void {
  if (path.length === 0) return below(value, names, into, undefined, schema);
  let parent = into;
  for (let i = 0; i < path.length - 1; i++) parent = parent.childOrNew(path[i]!);
  addAt(value, names, parent, path[path.length - 1]!, schema);
}

/** `pe` is a member of `parent`, and what is below it is below */
function addAt(
  value: unknown,
  names: FieldPath,
  parent: FieldSet,
  pe: PathElement,
  schema: ApplySchema,
): void {
  parent.members.add(pe);
  if (typeof value === 'object' && value !== null) below(value, names, parent, pe, schema);
}

/** the children of `value` into `parent`'s child `pe` (made only when there is a child), or into `parent` itself */
function below(
  value: unknown,
  names: FieldPath,
  parent: FieldSet,
  pe: PathElement | undefined,
  schema: ApplySchema,
): void {
  if (typeof value !== 'object' || value === null) return;
  let node: FieldSet | undefined;
  if (isPlainObject(value) && schema.at(names)?.type !== 'atomic') {
    for (const k of Object.keys(value)) {
      const v = value[k];
      if (v === undefined) continue;
      node ??= pe === undefined ? parent : parent.childOrNew(pe);
      addAt(v, childPath(names, k), node, fieldElement(k), schema);
    }
    return;
  }
  const children = childrenOf(expand(value, names, schema, LENIENT));
  if (!children) return;
  node = pe === undefined ? parent : parent.childOrNew(pe);
  for (const [childPe, child] of children) addAt(child.value, child.names, node, childPe, schema);
}

type Ctx = { out: Comparison; schema: ApplySchema };

const hasKeys = (o: Record<string, unknown>): boolean => {
  for (const _ in o) return true;
  return false;
};

/** Two objects merged field by field, walked without building their children (the common case, kept cheap). */
function compareObjects(
  l: Record<string, unknown>,
  r: Record<string, unknown>,
  names: FieldPath,
  path: PathElement[],
  ctx: Ctx,
): void {
  for (const k of Object.keys(l)) {
    path.push(fieldElement(k));
    compareAt(l[k], r[k], childPath(names, k), path, ctx);
    path.pop();
  }
  for (const k of Object.keys(r)) {
    if (k in l) continue;
    path.push(fieldElement(k));
    compareAt(undefined, r[k], childPath(names, k), path, ctx);
    path.pop();
  }
}

function compareAt(l: unknown, r: unknown, names: FieldPath, path: PathElement[], ctx: Ctx): void {
  if (l === undefined) return oneSide(r, names, path, ctx.out.added, ctx.schema);
  if (r === undefined) return oneSide(l, names, path, ctx.out.removed, ctx.schema);
  if (l === r || (typeof l !== 'object' && typeof r !== 'object')) {
    if (l !== r && path.length > 0) ctx.out.modified.insert(path);
    return;
  }
  if (
    isPlainObject(l) &&
    isPlainObject(r) &&
    (hasKeys(l) || hasKeys(r)) &&
    ctx.schema.at(names)?.type !== 'atomic'
  )
    return compareObjects(l, r, names, path, ctx);
  const ln = expand(l, names, ctx.schema, LENIENT);
  const rn = expand(r, names, ctx.schema, LENIENT);
  const lc = childrenOf(ln);
  const rc = childrenOf(rn);
  const sameContainer = ln.kind === rn.kind && ln.kind !== 'leaf' && (lc || rc);
  if (!sameContainer) {
    if (path.length > 0 && l !== r && !isDeepStrictEqual(l, r)) ctx.out.modified.insert(path);
    return;
  }
  const keys = new Set([...(lc?.keys() ?? []), ...(rc?.keys() ?? [])]);
  for (const pe of keys) {
    const a = lc?.get(pe);
    const b = rc?.get(pe);
    path.push(pe);
    compareAt(a?.value, b?.value, a?.names ?? b?.names ?? names, path, ctx);
    path.pop();
  }
}

export function compare(lhs: unknown, rhs: unknown, schema: ApplySchema): Comparison {
  const out: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compareAt(lhs, rhs, '', [], { out, schema });
  return out;
}

/** Added or modified: what an operation took. */
export function changed(c: Comparison): FieldSet {
  return c.added.union(c.modified);
}
