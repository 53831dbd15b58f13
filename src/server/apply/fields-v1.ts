/**
 * FieldsV1, the JSON form of a FieldSet in `metadata.managedFields[].fieldsV1`: every path element
 * is a key whose value is an object of its children; `{}` is a member without children and a
 * `".": {}` entry marks a member that also has children. Keys in structured-merge-diff's order.
 * Pure.
 */
import { badRequest } from '../../api/status-error.js';
import { FieldSet } from './field-set.js';
import { comparePathElements, isPathElement, type PathElement } from './path-element.js';

export type FieldsV1 = { [key: string]: FieldsV1 };

/** the FieldsV1 a set was read from: a set no write changed is written back as it was read (big streams) */
const READ_FROM = new WeakMap<FieldSet, FieldsV1>();

export function toFieldsV1(set: FieldSet): FieldsV1 {
  return READ_FROM.get(set) ?? fillV1(set, {});
}

/** `set`'s keys into `out`, sorted; a member with children gets `".": {}` first */
function fillV1(set: FieldSet, out: FieldsV1): FieldsV1 {
  const keys: PathElement[] = [];
  for (const m of set.members) keys.push(m);
  for (const k of set.children.keys()) if (!set.members.has(k)) keys.push(k);
  sortInPlace(keys);
  for (const key of keys) {
    const child = set.children.get(key);
    const node: FieldsV1 = {};
    if (child && !child.isEmpty()) {
      if (set.members.has(key)) node['.'] = {};
      const read = READ_FROM.get(child);
      if (read) Object.assign(node, read);
      else fillV1(child, node);
    }
    out[key] = node;
  }
  return out;
}

/** insertion sort for the few keys of most nodes (Array#sort copies them each time); big ones sorted */
function sortInPlace(keys: PathElement[]): void {
  if (keys.length > 16) {
    keys.sort(comparePathElements);
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && comparePathElements(keys[j]!, key) > 0) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fill(set: FieldSet, json: Record<string, unknown>, where: string, trusted: boolean): void {
  for (const [key, value] of Object.entries(json)) {
    if (key === '.') continue;
    if (!isObject(value) || (!trusted && !isPathElement(key)))
      throw badRequest(`metadata.managedFields${where}: invalid FieldsV1 key ${JSON.stringify(key)}`);
    const entries = Object.keys(value);
    if (entries.length === 0 || '.' in value) set.members.add(key);
    if (entries.some((k) => k !== '.')) fill(set.childOrNew(key), value, where, trusted);
  }
}

/** Parses FieldsV1; a malformed one is a 400 naming the key. `trusted`: ours, from the store (keys not re-checked). */
export function fromFieldsV1(json: unknown, where = '', trusted = false): FieldSet {
  const set = new FieldSet();
  if (!isObject(json)) throw badRequest(`metadata.managedFields${where}.fieldsV1 must be an object`);
  fill(set, json, where, trusted);
  if (trusted) READ_FROM.set(set, json as FieldsV1);
  return set;
}
