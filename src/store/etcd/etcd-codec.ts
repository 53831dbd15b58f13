/**
 * Objects in etcd are JSON without metadata.resourceVersion: the revision is etcd's to assign
 * (the mod revision of the key), so it is set on the way out, as the Kubernetes apiserver does.
 */
import type { IKeyValue } from 'etcd3';
import { z } from 'zod';
import type { KubeObject } from '../../api/object.js';
import { internalError } from '../../api/status-error.js';

/** What a stored value must look like; anything else was not written by a store of ours. */
const StoredObjectSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.looseObject({ name: z.string().min(1) }),
});

export function encodeObject(object: KubeObject): Buffer {
  const { resourceVersion: _rv, ...metadata } = object.metadata;
  return Buffer.from(JSON.stringify({ ...object, metadata }));
}

type Record_ = Record<string, unknown>;

const isRecord = (v: unknown): v is Record_ => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `keys` are the object's first own keys, in this order. */
function startsWith(object: Record_, keys: readonly string[]): boolean {
  let i = 0;
  for (const key in object) {
    if (i === keys.length) return true;
    if (key !== keys[i]) return false;
    i++;
  }
  return i === keys.length;
}

const TOP_KEYS = ['apiVersion', 'kind', 'metadata'] as const;
const METADATA_KEYS = ['name'] as const;

/**
 * The parsed value itself when it is what StoredObjectSchema would return, key for key in the same
 * order: the schema's output puts its own keys first (apiVersion, kind, metadata; name first in
 * metadata), which is how our stores write objects. Every watch parses every value of its range,
 * and the schema's copies were a share of that garbage; any other value goes through the schema.
 */
function alreadyStoredShape(parsed: unknown): parsed is KubeObject {
  if (!isRecord(parsed) || !startsWith(parsed, TOP_KEYS)) return false;
  const metadata = parsed.metadata;
  if (typeof parsed.apiVersion !== 'string' || typeof parsed.kind !== 'string' || !isRecord(metadata))
    return false;
  if (typeof metadata.name !== 'string' || metadata.name.length === 0) return false;
  // JSON.parse makes "__proto__" an own key, which the schema's copy would not keep as one
  return (
    startsWith(metadata, METADATA_KEYS) &&
    !Object.hasOwn(parsed, '__proto__') &&
    !Object.hasOwn(metadata, '__proto__')
  );
}

/** Parses a stored value; a value that is not an object of ours is a 500 (our data is broken). */
export function parseStored(value: Buffer | string, key: string): KubeObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString());
  } catch (err) {
    throw internalError(`etcd key ${key} does not hold JSON`, err);
  }
  if (alreadyStoredShape(parsed)) return parsed;
  const result = StoredObjectSchema.safeParse(parsed);
  if (!result.success) throw internalError(`etcd key ${key} does not hold an API object`, result.error);
  return result.data as KubeObject;
}

/** The object a key-value holds, with its mod revision as resourceVersion. */
export function decodeObject(kv: IKeyValue, resourceVersion: string = kv.mod_revision): KubeObject {
  const object = parseStored(kv.value, kv.key.toString());
  object.metadata.resourceVersion = resourceVersion;
  return object;
}
