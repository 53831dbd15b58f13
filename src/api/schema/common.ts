/**
 * Schema building blocks with Kubernetes' JSON decoding rules: unknown fields are dropped (zod's
 * default), `null` reads as "not set", wrong types are errors.
 */
import { z } from 'zod';

const nullToUndefined = (v: unknown): unknown => (v === null ? undefined : v);

/** An optional field; `null` is accepted and means absent. */
export function opt<T extends z.ZodType>(schema: T) {
  return z.preprocess(nullToUndefined, schema.optional());
}

/** A string field that reads as '' when absent or null (Go's zero value). */
export function str() {
  return z.preprocess(nullToUndefined, z.string().optional().default(''));
}

/** An optional enum; '' and null read as absent (the server defaults it). */
export function optEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess((v) => (v === '' || v === null ? undefined : v), z.enum(values).optional());
}

export const int = () => z.number().int();
export const stringMap = () => opt(z.record(z.string(), z.string()));

const OwnerReferenceSchema = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  uid: z.string(),
  controller: opt(z.boolean()),
  blockOwnerDeletion: opt(z.boolean()),
});

/** metav1.ObjectMeta: the standard fields; anything else is dropped. */
export const ObjectMetaSchema = z.object({
  name: str(),
  generateName: opt(z.string()),
  namespace: opt(z.string()),
  uid: opt(z.string()),
  resourceVersion: opt(z.string()),
  generation: opt(int()),
  creationTimestamp: opt(z.string()),
  deletionTimestamp: opt(z.string()),
  deletionGracePeriodSeconds: opt(int()),
  labels: stringMap(),
  annotations: stringMap(),
  ownerReferences: opt(z.array(OwnerReferenceSchema)),
  finalizers: opt(z.array(z.string())),
  managedFields: opt(z.array(z.unknown())),
});

const OMIT_WHEN_EMPTY = ['labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields'] as const;

/** Go's `omitempty`: an empty map or list in these fields is stored and answered as absent. */
function omitEmpty<T extends Partial<Record<(typeof OMIT_WHEN_EMPTY)[number], object>>>(meta: T): T {
  for (const key of OMIT_WHEN_EMPTY) {
    const v = meta[key];
    if (v !== undefined && Object.keys(v).length === 0) delete meta[key];
  }
  return meta;
}

/** `metadata`, defaulting to an empty one when absent; empty labels, annotations, … dropped. */
export const metadata = () => z.preprocess((v) => v ?? {}, ObjectMetaSchema).transform(omitEmpty);

/** corev1.ObjectReference (the `from` of a tag): kind and name read as '' when absent. */
export const ObjectReferenceSchema = z.object({
  kind: str(),
  name: str(),
  namespace: opt(z.string()),
  uid: opt(z.string()),
  apiVersion: opt(z.string()),
  resourceVersion: opt(z.string()),
  fieldPath: opt(z.string()),
});

export const LocalObjectReferenceSchema = z.object({ name: str() });

/** apiVersion/kind of a top-level object: filled in when absent, checked by the decoder. */
export const typeMeta = () => ({ apiVersion: str(), kind: str() });
export type ObjectReference = z.output<typeof ObjectReferenceSchema>;
/** @public the API type, re-exported by ../types.ts */
export type LocalObjectReference = z.output<typeof LocalObjectReferenceSchema>;
