/**
 * Field ownership of one write (the role of kube-apiserver's FieldManager over
 * structured-merge-diff's Updater). An update records what it changed as its manager's
 * (`operation: Update`) and takes it from everyone else; an apply merges the configuration in,
 * prunes what its manager applied last time and no longer does (unless someone else owns it),
 * and fails with 409 when it changes fields another manager owns, unless forced. Pure.
 */
import type { KubeObject } from '../../api/object.js';
import { changed, compare } from './compare.js';
import { conflictError, type Conflict } from './conflicts.js';
import { FieldSet } from './field-set.js';
import {
  Operation,
  capUpdateManagers,
  encodeManagedFields,
  sameManager,
  type ManagerEntry,
} from './managed-fields.js';
import { merge } from './merge.js';
import { toFieldSet } from './object-set.js';
import { fieldName, keyFields, type PathElement } from './path-element.js';
import { removeItems } from './remove.js';
import type { ApplySchema } from './schema.js';

export interface FieldManagerContext {
  schema: ApplySchema;
  /** fields no manager owns through this endpoint (status on the main resource, spec on /status) */
  ignored: FieldSet;
  apiVersion: string;
  subresource?: string;
  /** RFC 3339, seconds */
  now: string;
}

/** The metadata the server owns: never anyone's field (kube-apiserver's stripMeta). */
const SERVER_METADATA = [
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'selfLink',
  'managedFields',
];
/**
 * Objects Kubernetes types always have (non-pointer structs: Go serializes them even empty), so
 * kube-apiserver never records them as added: nobody owns them, only what is inside.
 */
const ALWAYS_PRESENT = FieldSet.of(['f:metadata'], ['f:spec'], ['f:status']);

function stripServerFields(object: unknown): unknown {
  if (typeof object !== 'object' || object === null) return object;
  const { apiVersion: _v, kind: _k, metadata, ...rest } = object as Record<string, unknown>;
  if (typeof metadata !== 'object' || metadata === null) return rest;
  const meta: Record<string, unknown> = { ...(metadata as Record<string, unknown>) };
  for (const f of SERVER_METADATA) delete meta[f];
  return Object.keys(meta).length > 0 ? { ...rest, metadata: meta } : rest;
}

function owned(set: FieldSet, ctx: FieldManagerContext): FieldSet {
  return set.difference(ALWAYS_PRESENT).recursiveDifference(ctx.ignored);
}

function entryFor(entries: ManagerEntry[], who: Omit<ManagerEntry, 'set' | 'time'>): ManagerEntry {
  const found = entries.find((e) => sameManager(e, who));
  if (found) return found;
  const entry: ManagerEntry = { ...who, set: new FieldSet() };
  entries.push(entry);
  return entry;
}

function identity(
  manager: string,
  operation: Operation,
  ctx: FieldManagerContext,
): Omit<ManagerEntry, 'set' | 'time'> {
  return {
    manager,
    operation,
    apiVersion: ctx.apiVersion,
    ...(ctx.subresource ? { subresource: ctx.subresource } : {}),
  };
}

function finish(entries: ManagerEntry[]): Record<string, unknown>[] {
  return encodeManagedFields(capUpdateManagers(entries.filter((e) => !e.set.isEmpty())));
}

/** managedFields after a write other than apply (create, update, patch) from `live` to `next`. */
export function recordUpdate(
  entries: ManagerEntry[],
  live: KubeObject | undefined,
  next: KubeObject,
  manager: string,
  ctx: FieldManagerContext,
): Record<string, unknown>[] {
  const diff = compare(stripServerFields(live) ?? {}, stripServerFields(next), ctx.schema);
  const taken = owned(changed(diff), ctx);
  const own = entryFor(entries, identity(manager, Operation.Update, ctx));
  for (const e of entries) if (e !== own) e.set = e.set.difference(taken).difference(diff.removed);
  own.set = own.set.difference(diff.removed).union(taken);
  if (!taken.isEmpty()) own.time = ctx.now;
  return finish(entries);
}

/** `f:name` under `k:{"name":...}`: removing it would break the item, which stays */
function isKeyOfItem(path: readonly PathElement[]): boolean {
  const name = fieldName(path[path.length - 1] ?? '');
  const keys = keyFields(path[path.length - 2] ?? '');
  return name !== undefined && keys !== undefined && name in keys;
}

/** What the manager applied last time, no longer applies, and nobody else owns. */
function prunable(last: FieldSet, applied: FieldSet, others: FieldSet): FieldSet {
  const out = new FieldSet();
  for (const path of last.difference(applied).paths()) {
    if (applied.ownsAtOrBelow(path) || others.ownsAtOrBelow(path) || isKeyOfItem(path)) continue;
    out.insert(path);
  }
  return out;
}

export interface ApplyInput {
  entries: ManagerEntry[];
  live: KubeObject;
  /** the configuration, its ignored fields already dropped */
  config: KubeObject;
  manager: string;
  force: boolean;
}

/** The object after the apply, managedFields included; 409 on conflicts unless forced. */
export function applyConfiguration(input: ApplyInput, ctx: FieldManagerContext): KubeObject {
  const { entries, live } = input;
  const applied = owned(toFieldSet(stripServerFields(input.config), ctx.schema, true), ctx);
  const own = entryFor(entries, identity(input.manager, Operation.Apply, ctx));
  const others = entries.filter((e) => e !== own);
  const othersSet = others.reduce((acc, e) => acc.union(e.set), new FieldSet());
  let merged = merge(live, input.config, ctx.schema) as KubeObject;
  merged = removeItems(merged, prunable(own.set, applied, othersSet), ctx.schema);
  const diff = compare(stripServerFields(live), stripServerFields(merged), ctx.schema);
  const taken = owned(changed(diff), ctx);
  const conflicts: Conflict[] = others
    .map((e) => ({ manager: e, fields: e.set.intersection(taken) }))
    .filter((c) => !c.fields.isEmpty());
  if (conflicts.length > 0 && !input.force) throw conflictError(conflicts);
  for (const e of others) e.set = e.set.difference(taken).difference(diff.removed);
  own.set = applied;
  own.time = ctx.now;
  merged.metadata = { ...merged.metadata, managedFields: finish(entries) };
  return merged;
}
