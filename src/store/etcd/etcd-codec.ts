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

/** Parses a stored value; a value that is not an object of ours is a 500 (our data is broken). */
export function parseStored(value: Buffer | string, key: string): KubeObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString());
  } catch (err) {
    throw internalError(`etcd key ${key} does not hold JSON`, err);
  }
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
