/**
 * FieldsV1, the JSON form of a FieldSet in `metadata.managedFields[].fieldsV1`: every path element
 * is a key whose value is an object of its children; `{}` is a member without children and a
 * `".": {}` entry marks a member that also has children. Keys in structured-merge-diff's order.
 * Pure.
 */
import { badRequest } from '../../api/status-error.js';
import { FieldSet } from './field-set.js';
import { comparePathElements, isPathElement } from './path-element.js';

export type FieldsV1 = { [key: string]: FieldsV1 };

/** the FieldsV1 a set was read from: a set no write changed is written back as it was read (big streams) */
const READ_FROM = new WeakMap<FieldSet, FieldsV1>();

export function toFieldsV1(set: FieldSet): FieldsV1 {
  const read = READ_FROM.get(set);
  if (read) return read;
  const out: FieldsV1 = {};
  const keys = [...new Set([...set.members, ...set.children.keys()])].sort(comparePathElements);
  for (const key of keys) {
    const child = set.children.get(key);
    const node: FieldsV1 = {};
    if (child && !child.isEmpty()) {
      if (set.members.has(key)) node['.'] = {};
      Object.assign(node, toFieldsV1(child));
    }
    out[key] = node;
  }
  return out;
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
