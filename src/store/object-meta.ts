/**
 * The metadata a store owns (uid, creationTimestamp, resourceVersion) and the preconditions of
 * updates and deletes, shared by every backend so that they fail in exactly the same words.
 */
import { rfc3339 } from '../api/rfc3339.js';
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../api/object.js';
import { conflict, STALE_OBJECT_MESSAGE } from '../api/status-error.js';
import { qualified } from './object-key.js';
import type { Preconditions, ResourceType } from './store.js';

/**
 * A copy of a new object with the store-owned fields set. Cluster-scoped objects lose any
 * namespace, as Kubernetes clears it before storing.
 */
export function prepareForCreate(
  type: ResourceType,
  object: KubeObject,
  resourceVersion: number,
  now: Date,
): KubeObject {
  const copy = structuredClone(object);
  const meta = copy.metadata;
  if (!type.namespaced) delete meta.namespace;
  if (!meta.uid) meta.uid = randomUUID();
  if (!meta.creationTimestamp) meta.creationTimestamp = rfc3339(now);
  meta.resourceVersion = String(resourceVersion);
  return copy;
}

/** A copy of a replacement object keeping identity (uid, creationTimestamp) from the stored one. */
export function prepareForUpdate(
  type: ResourceType,
  object: KubeObject,
  stored: KubeObject,
  resourceVersion: number,
): KubeObject {
  const copy = structuredClone(object);
  const meta = copy.metadata;
  if (!type.namespaced) delete meta.namespace;
  if (stored.metadata.uid !== undefined) meta.uid = stored.metadata.uid;
  if (stored.metadata.creationTimestamp !== undefined)
    meta.creationTimestamp = stored.metadata.creationTimestamp;
  meta.resourceVersion = String(resourceVersion);
  return copy;
}

/**
 * Checks the preconditions of an update or delete against the stored object; throws 409 Conflict
 * with Kubernetes' messages. `objectResourceVersion` is the resourceVersion carried by an update's
 * new object: when set it must match (optimistic concurrency).
 */
export function checkPreconditions(
  type: ResourceType,
  stored: KubeObject,
  preconditions: Preconditions | undefined,
  objectResourceVersion?: string,
): void {
  const name = stored.metadata.name;
  const storedUid = stored.metadata.uid ?? '';
  const storedRv = stored.metadata.resourceVersion ?? '';
  if (preconditions?.uid !== undefined && preconditions.uid !== storedUid) {
    throw conflict(
      qualified(type, name),
      `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${storedUid}`,
    );
  }
  if (preconditions?.resourceVersion !== undefined && preconditions.resourceVersion !== storedRv) {
    throw conflict(
      qualified(type, name),
      `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${storedRv}`,
    );
  }
  if (
    objectResourceVersion !== undefined &&
    objectResourceVersion !== '' &&
    objectResourceVersion !== storedRv
  ) {
    throw conflict(qualified(type, name), STALE_OBJECT_MESSAGE);
  }
}

/** The uid an update's new object asserts, as a precondition (Kubernetes checks it like one). */
export function updatePreconditions(
  object: KubeObject,
  preconditions: Preconditions | undefined,
): Preconditions | undefined {
  const uid = object.metadata.uid;
  if (uid === undefined || uid === '' || preconditions?.uid !== undefined) return preconditions;
  return { ...preconditions, uid };
}
