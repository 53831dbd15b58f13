/**
 * Merges an applied configuration into the live object (structured-merge-diff's Merge): objects
 * field by field, lists merged on keys item by item (new items appended in the configuration's
 * order), sets as a union, anything atomic replaced. A `null` in the configuration removes the
 * field. Nothing the configuration leaves out is removed here (that is pruning). Pure.
 */
import { expand, isPlainObject, type Child, type Node } from './node.js';
import { childPath, type ApplySchema, type FieldPath } from './schema.js';

const LENIENT = { strict: false };

type Ctx = { schema: ApplySchema };

function mergeObject(
  live: Record<string, unknown>,
  config: Record<string, unknown>,
  names: FieldPath,
  ctx: Ctx,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...live };
  for (const [name, value] of Object.entries(config)) {
    const merged = mergeValue(live[name], value, childPath(names, name), ctx);
    if (merged === undefined) delete out[name];
    else out[name] = merged;
  }
  return out;
}

function mergeList(
  live: readonly unknown[],
  liveNode: Node,
  config: Map<string, Child>,
  ctx: Ctx,
): unknown[] {
  const out = [...live];
  const existing = liveNode.kind === 'leaf' ? new Map<string, Child>() : liveNode.children;
  for (const [pe, child] of config) {
    const current = existing.get(pe);
    if (current?.index === undefined) {
      if (child.value !== null) out.push(structuredClone(child.value));
      continue;
    }
    out[current.index] = mergeValue(current.value, child.value, child.names, ctx);
  }
  return out.filter((item) => item !== undefined);
}

function mergeValue(live: unknown, config: unknown, names: FieldPath, ctx: Ctx): unknown {
  if (config === undefined) return live;
  if (config === null) return undefined;
  if (live === undefined || live === null || typeof config !== 'object') return structuredClone(config);
  if (isPlainObject(config)) {
    const granular = isPlainObject(live) && ctx.schema.at(names)?.type !== 'atomic';
    return granular ? mergeObject(live, config, names, ctx) : structuredClone(config);
  }
  const cn = expand(config, names, ctx.schema, LENIENT);
  if (cn.kind === 'leaf') return structuredClone(config);
  const ln = Array.isArray(live) ? expand(live, names, ctx.schema, LENIENT) : undefined;
  if (ln?.kind !== cn.kind) return structuredClone(config);
  return mergeList(live as unknown[], ln, cn.children, ctx);
}

export function merge(live: unknown, config: unknown, schema: ApplySchema): unknown {
  return mergeValue(live, config, '', { schema });
}
