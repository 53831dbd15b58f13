/**
 * Read-compute-write with optimistic concurrency for the API's updates and patches. A
 * resourceVersion the client sent is a precondition (409 when stale, never retried); otherwise a
 * write that lost a race is recomputed on the fresh object. Dry runs stop before the write.
 */
import type { KubeObject } from '../../api/object.js';
import {
  STALE_OBJECT_MESSAGE,
  StatusReason,
  conflict,
  isStatusError,
  notFound,
} from '../../api/status-error.js';
import { qualified } from '../../store/object-key.js';
import { checkPreconditions, prepareForUpdate, updatePreconditions } from '../../store/object-meta.js';
import type { ResourceType, Store } from '../../store/store.js';

const MAX_RETRIES = 5;

function isConflict(e: unknown): boolean {
  return isStatusError(e) && e.code === 409 && e.reason === StatusReason.Conflict;
}

/** 409 Conflict when the client's resourceVersion is not the current one. */
export function checkResourceVersion(
  type: ResourceType,
  current: KubeObject,
  wanted: string | undefined,
): void {
  if (wanted === undefined || wanted === '') return;
  if (wanted !== current.metadata.resourceVersion)
    throw conflict(qualified(type, current.metadata.name), STALE_OBJECT_MESSAGE);
}

/**
 * What the store would make of `next` (a dry run's answer): the stored identity (uid,
 * creationTimestamp) kept, a uid in `next` checked as the store checks it.
 */
function asStored(type: ResourceType, next: KubeObject, current: KubeObject): KubeObject {
  checkPreconditions(type, current, updatePreconditions(next, undefined));
  const out = prepareForUpdate(type, next, current, 0);
  out.metadata.resourceVersion = current.metadata.resourceVersion;
  return out;
}

export async function updateWithRetry<T extends KubeObject>(
  store: Store,
  type: ResourceType<T>,
  namespace: string | undefined,
  name: string,
  compute: (current: T) => KubeObject | Promise<KubeObject>,
  dryRun: boolean,
  /** true when `next` changes nothing: answered with `current`, nothing written (resourceVersion kept) */
  unchanged?: (next: KubeObject, current: T) => boolean,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const current = await store.get(type, namespace, name);
    if (!current) throw notFound(qualified(type, name));
    const next = await compute(structuredClone(current));
    next.metadata.resourceVersion = current.metadata.resourceVersion;
    if (unchanged?.(next, current)) return current;
    // the answer is what the store would hold, which it would hand back as T
    if (dryRun) return asStored(type, next, current) as T;
    try {
      return await store.update(type, next);
    } catch (e) {
      if (!isConflict(e) || attempt >= MAX_RETRIES) throw e;
    }
  }
}
