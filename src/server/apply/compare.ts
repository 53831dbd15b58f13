/**
 * What changed between two versions of an object (structured-merge-diff's Compare): leaves
 * added, removed or modified, plus the containers (objects, list items) that appeared or
 * disappeared. A container present on both sides is never "modified" itself, so adding one tag
 * does not touch whoever owns another. Pure.
 */
import { isDeepStrictEqual } from 'node:util';
import { FieldSet } from './field-set.js';
import { expand, type Child, type Node } from './node.js';
import type { PathElement } from './path-element.js';
import type { ApplySchema, FieldPath } from './schema.js';

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

const LENIENT = { strict: false };

function childrenOf(node: Node): Map<PathElement, Child> | undefined {
  return node.kind === 'leaf' || node.children.size === 0 ? undefined : node.children;
}

/** one side only: the path and everything below it goes to `into` (`path` is a stack, restored on return) */
function oneSide(
  value: unknown,
  names: FieldPath,
  path: PathElement[],
  into: FieldSet,
  schema: ApplySchema,
): void {
  if (path.length > 0) into.insert(path);
  const children = childrenOf(expand(value, names, schema, LENIENT));
  if (!children) return;
  for (const [pe, child] of children) {
    path.push(pe);
    oneSide(child.value, child.names, path, into, schema);
    path.pop();
  }
}

function compareAt(
  l: unknown,
  r: unknown,
  names: FieldPath,
  path: PathElement[],
  ctx: { out: Comparison; schema: ApplySchema },
): void {
  if (l === undefined) return oneSide(r, names, path, ctx.out.added, ctx.schema);
  if (r === undefined) return oneSide(l, names, path, ctx.out.removed, ctx.schema);
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
