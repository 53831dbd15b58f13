/**
 * Applying a strategic merge patch to an object, as kube-apiserver does (apimachinery's
 * strategicpatch with MergeParallelList and IgnoreUnmatchedNulls): `$patch: replace|delete` on the
 * object, `$retainKeys`, `$setElementOrder/F`, `$deleteFromPrimitiveList/F`, null deletes, lists
 * merged per the field's patch strategy, objects merged unless their strategy is replace. Pure.
 */
import {
  DELETE_FROM_PRIMITIVE_LIST,
  DIRECTIVE,
  PatchDirective,
  RETAIN_KEYS,
  SET_ELEMENT_ORDER,
  badFormat,
  isObject,
  orderMismatch,
  shapeOf,
  unknownDirective,
  unprocessable,
  type JsonObject,
} from './directives.js';
import { identifyBy, normalizeOrder } from './element-order.js';
import type { FieldMeta } from './field-meta.js';
import { mergeList } from './merge-list.js';

type Path = readonly string[];

function isDirectiveKey(k: string): boolean {
  return k.startsWith(SET_ELEMENT_ORDER) || k.startsWith(DELETE_FROM_PRIMITIVE_LIST);
}

/** `$retainKeys`: keys of the original not in the list are cleared; the patch may set only listed keys. */
function retainKeys(original: JsonObject, patch: JsonObject): void {
  if (!(RETAIN_KEYS in patch)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw badFormat('retainKeys');
  const keep = new Set(list);
  for (const [k, v] of Object.entries(patch))
    if (v !== null && !isDirectiveKey(k) && !keep.has(k))
      throw unprocessable("patch content doesn't match retainKeys list");
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/** Checks that the patch list names its items in the `$setElementOrder` list's order. */
function checkOrder(patchList: unknown[], order: unknown[], key: string | undefined): void {
  const id = identifyBy(key);
  const named = patchList.filter((v) => !(isObject(v) && DIRECTIVE in v));
  let i = 0;
  for (const o of order) if (i < named.length && id(named[i]) === id(o)) i++;
  if (i < named.length) throw orderMismatch(patchList, order);
}

export class StrategicMerger {
  private readonly meta: FieldMeta;

  constructor(meta: FieldMeta) {
    this.meta = meta;
  }

  /** The merged object; `original` is changed in place (callers pass a copy). */
  mergeObject(original: JsonObject | undefined, patch: JsonObject, path: Path): JsonObject {
    if (DIRECTIVE in patch) return this.objectDirective(patch, path);
    const out = original ?? {};
    const rest = { ...patch };
    retainKeys(out, rest);
    this.setElementOrders(out, rest, path);
    for (const [k, v] of Object.entries(rest)) this.mergeField(out, k, v, path);
    return out;
  }

  private objectDirective(patch: JsonObject, path: Path): JsonObject {
    const directive = patch[DIRECTIVE];
    if (directive === PatchDirective.Delete) return {};
    if (directive !== PatchDirective.Replace) throw unknownDirective(directive, patch);
    const { [DIRECTIVE]: _replace, ...rest } = patch;
    return this.mergeObject({}, rest, path);
  }

  private mergeField(out: JsonObject, key: string, value: unknown, path: Path): void {
    const deleteList = key.startsWith(DELETE_FROM_PRIMITIVE_LIST);
    const k = deleteList ? key.slice(DELETE_FROM_PRIMITIVE_LIST.length) : key;
    if (deleteList && !Array.isArray(value)) throw badFormat('primitive list');
    if (value === null) {
      delete out[k];
      return;
    }
    if (deleteList && !(k in out)) return;
    const current = out[k];
    out[k] = this.mergeValue(
      k in out && shapeOf(current) === shapeOf(value) ? current : undefined,
      value,
      [...path, k],
      deleteList,
    );
  }

  /** `current` undefined: a new value, merged into nothing so its directives apply. */
  mergeValue(current: unknown, patch: unknown, path: Path, deleteList = false): unknown {
    if (isObject(patch)) {
      if (this.meta.replacesObject(path)) return this.mergeObject({}, patch, path);
      return this.mergeObject(isObject(current) ? current : undefined, patch, path);
    }
    if (Array.isArray(patch))
      return this.mergeListAt(Array.isArray(current) ? current : [], patch, path, deleteList);
    return patch;
  }

  private mergeListAt(current: unknown[], patch: unknown[], path: Path, deleteList: boolean): unknown[] {
    const how = this.meta.list(path);
    const item = (o: JsonObject | undefined, p: JsonObject) => this.mergeObject(o, p, path);
    if (how.how === 'replace') return patch.map((v) => (isObject(v) ? item(undefined, v) : v));
    return mergeList(current, patch, how.how === 'byKey' ? how.key : undefined, item, deleteList);
  }

  /** `$setElementOrder/F`: merges F's patch list (if any) and orders F by the directive. */
  private setElementOrders(out: JsonObject, patch: JsonObject, path: Path): void {
    for (const key of Object.keys(patch)) {
      if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
      const order = patch[key];
      delete patch[key];
      const field = key.slice(SET_ELEMENT_ORDER.length);
      if (!Array.isArray(order) || field === '') throw badFormat('setElementOrder list');
      this.orderField(out, patch, field, order, [...path, field]);
    }
  }

  private orderField(out: JsonObject, patch: JsonObject, field: string, order: unknown[], path: Path): void {
    const current = out[field];
    const patchList = patch[field];
    if (current !== undefined && !Array.isArray(current)) throw badFormat('setElementOrder list');
    if (patchList !== undefined && patchList !== null && !Array.isArray(patchList))
      throw badFormat('setElementOrder list');
    const how = this.meta.list(path);
    const key = how.how === 'byKey' ? how.key : undefined;
    if (Array.isArray(patchList)) checkOrder(patchList, order, key);
    if (current === undefined && !Array.isArray(patchList)) return;
    const merged = Array.isArray(patchList)
      ? (this.mergeValue(current, patchList, path) as unknown[])
      : current!;
    delete patch[field];
    out[field] = normalizeOrder(merged, order, Array.isArray(current) ? current : [], identifyBy(key));
  }
}
