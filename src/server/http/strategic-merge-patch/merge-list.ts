/**
 * Merging a list with patchStrategy merge: items of objects by their merge key (`$patch: delete`
 * items remove, `$patch: replace` replaces the list with the rest of the patch list), scalars as a
 * set (`$deleteFromPrimitiveList/` removes). Pure; the merge of two items is the caller's.
 */
import { badRequest } from '../../../api/status-error.js';
import {
  DIRECTIVE,
  PatchDirective,
  badFormat,
  isObject,
  noMergeKey,
  unknownDirective,
  unprocessable,
  type JsonObject,
} from './directives.js';
import { identifyBy, normalizeOrder } from './element-order.js';

export type MergeItem = (original: JsonObject | undefined, patch: JsonObject) => JsonObject;

function dedupe(list: readonly unknown[]): unknown[] {
  return list.filter((v, i) => list.indexOf(v) === i);
}

function mergeScalars(original: unknown[], patch: unknown[], isDeleteList: boolean): unknown[] {
  if (patch.some((v) => Array.isArray(v) || isObject(v))) {
    if (patch.some(Array.isArray)) throw unprocessable('lists of lists are not supported');
    throw badFormat('primitive list');
  }
  if (isDeleteList) return original.filter((v) => !patch.includes(v));
  const merged = dedupe([...original, ...patch]);
  return normalizeOrder(merged, dedupe(patch), original, identifyBy(undefined));
}

/** Applies the `$patch` items: returns the list to merge into and the plain patch items. */
function specialItems(original: unknown[], patch: JsonObject[], key: string): [unknown[], JsonObject[]] {
  const plain: JsonObject[] = [];
  let base = original;
  let replace = false;
  for (const item of patch) {
    if (!(DIRECTIVE in item)) {
      plain.push(item);
      continue;
    }
    const directive = item[DIRECTIVE];
    if (directive === PatchDirective.Delete) {
      if (!(key in item)) throw noMergeKey(item, key);
      base = base.filter((v) => !(isObject(v) && v[key] === item[key]));
    } else if (directive === PatchDirective.Replace) replace = true;
    else if (directive === PatchDirective.Merge)
      throw badRequest('merging lists cannot yet be specified in the patch');
    else throw unknownDirective(directive, item);
  }
  return replace ? [plain, []] : [base, plain];
}

function mergeObjects(original: unknown[], patch: unknown[], key: string, mergeItem: MergeItem): unknown[] {
  if (![...original, ...patch].every(isObject)) throw badFormat('primitive list');
  const [base, plain] = specialItems(original, patch as JsonObject[], key);
  const merged = [...base];
  for (const item of plain) {
    if (!(key in item)) throw noMergeKey(item, key);
    const at = merged.findIndex((v) => (v as JsonObject)[key] === item[key]);
    if (at >= 0) merged[at] = mergeItem(merged[at] as JsonObject, item);
    else merged.push(mergeItem(undefined, item));
  }
  return normalizeOrder(merged, plain, base, identifyBy(key));
}

/**
 * The merged list. `key` undefined: a list of scalars. `isDeleteList`: `patch` is a
 * `$deleteFromPrimitiveList/` list.
 */
export function mergeList(
  original: unknown[],
  patch: unknown[],
  key: string | undefined,
  mergeItem: MergeItem,
  isDeleteList = false,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const objects = [...original, ...patch].some(isObject);
  if (!objects || isDeleteList) return mergeScalars(original, patch, isDeleteList);
  if (key === undefined) throw badRequest('cannot merge lists without merge key for type map');
  return mergeObjects(original, patch, key, mergeItem);
}
