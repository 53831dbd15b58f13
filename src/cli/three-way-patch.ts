/**
 * kubectl's three-way strategic merge patch (apimachinery strategicpatch.CreateThreeWayMergePatch)
 * for `isctl apply`: `original` is the last applied manifest, `modified` the manifest being
 * applied, `current` the live object. The patch sets what `modified` changes or adds relative to
 * `current`, and deletes only what `original` had and `modified` no longer has, so fields other
 * writers set (a tag added with `isctl tag`, server defaults, status) are kept. Lists merge by the
 * keys of src/api/patch-meta.ts (the table the server's strategic merge patch reads). Pure.
 */
import { declaredStrategy } from '../api/patch-meta.js';

export type JsonObject = Record<string, unknown>;

export interface PatchedKind {
  group: string;
  kind: string;
}

const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList/';

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
}

const isEmpty = (o: JsonObject): boolean => Object.keys(o).length === 0;

class ThreeWay {
  private readonly kind: PatchedKind;

  constructor(kind: PatchedKind) {
    this.kind = kind;
  }

  private strategy(path: readonly string[]) {
    return declaredStrategy(this.kind.group, this.kind.kind, path);
  }

  /** The patch turning `current` into `modified`, deleting only what `original` had. */
  objects(original: JsonObject, modified: JsonObject, current: JsonObject, path: string[]): JsonObject {
    const patch: JsonObject = {};
    for (const k of Object.keys(original)) {
      if (original[k] !== undefined && modified[k] === undefined) patch[k] = null;
    }
    for (const [k, mod] of Object.entries(modified)) {
      if (mod === undefined) continue;
      this.field(patch, k, [...path, k], original[k], mod, current[k]);
    }
    return patch;
  }

  private field(
    patch: JsonObject,
    k: string,
    path: string[],
    orig: unknown,
    mod: unknown,
    cur: unknown,
  ): void {
    const s = this.strategy(path);
    if (isObject(mod) && isObject(cur) && s?.type !== 'atomic') {
      const sub = this.objects(isObject(orig) ? orig : {}, mod, cur, path);
      if (!isEmpty(sub)) patch[k] = sub;
    } else if (Array.isArray(mod) && Array.isArray(cur) && s?.type === 'map') {
      const sub = this.keyedList(Array.isArray(orig) ? orig : [], mod, cur, path, s.keys[0]);
      if (sub.length > 0) patch[k] = sub;
    } else if (Array.isArray(mod) && Array.isArray(cur) && s?.type === 'set') {
      this.set(patch, k, Array.isArray(orig) ? orig : [], mod, cur);
    } else if (!deepEqual(mod, cur) && !(mod === null && cur === undefined)) {
      patch[k] = mod;
    }
  }

  /** Items by merge key: removed ones as `$patch: delete`, changed ones as their own patch plus the key. */
  private keyedList(orig: unknown[], mod: unknown[], cur: unknown[], path: string[], key: string): unknown[] {
    const find = (list: unknown[], v: unknown): JsonObject | undefined =>
      list.find((x): x is JsonObject => isObject(x) && x[key] === v);
    const patch: unknown[] = [];
    for (const o of orig) {
      if (isObject(o) && o[key] !== undefined && !find(mod, o[key]))
        patch.push({ $patch: 'delete', [key]: o[key] });
    }
    for (const m of mod) {
      const c = isObject(m) ? find(cur, m[key]) : undefined;
      if (!isObject(m) || !c) {
        patch.push(m);
        continue;
      }
      const sub = this.objects(find(orig, m[key]) ?? {}, m, c, path);
      if (!isEmpty(sub)) patch.push({ ...sub, [key]: m[key] });
    }
    return patch;
  }

  /** A set of scalars: new values added, values only the previous apply had removed. */
  private set(patch: JsonObject, k: string, orig: unknown[], mod: unknown[], cur: unknown[]): void {
    const added = mod.filter((v) => !cur.includes(v));
    const removed = orig.filter((v) => !mod.includes(v) && cur.includes(v));
    if (added.length > 0) patch[k] = added;
    if (removed.length > 0) patch[DELETE_FROM_PRIMITIVE_LIST + k] = removed;
  }
}

/** The three-way strategic merge patch; `{}` when applying `modified` would change nothing. */
export function threeWayMergePatch(
  original: JsonObject | undefined,
  modified: JsonObject,
  current: JsonObject,
  kind: PatchedKind,
): JsonObject {
  return new ThreeWay(kind).objects(original ?? {}, modified, current, []);
}
