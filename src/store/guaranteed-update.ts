/**
 * Read-modify-write with optimistic concurrency, the pattern of Kubernetes' GuaranteedUpdate:
 * read the object, let `mutate` compute the new state, write it conditioned on the read
 * resourceVersion, and start over when another writer got there first (409 Conflict).
 */
import type { KubeObject } from '../api/object.js';
import { isStatusError, notFound, StatusReason } from '../api/status-error.js';
import { qualified } from './object-key.js';
import type { ResourceType, Store } from './store.js';

export interface GuaranteedUpdateOptions {
  /** conflicts retried before the last 409 is thrown (default 10) */
  maxRetries?: number;
}

function isConflict(e: unknown): boolean {
  return isStatusError(e) && e.code === 409 && e.reason === StatusReason.Conflict;
}

/**
 * Applies `mutate` to the current object until the write wins. `mutate` gets a fresh copy it may
 * change in place; returning undefined means "nothing to change": nothing is written and the current
 * object is returned. 404 NotFound (also when the object disappears between attempts) propagates,
 * as does anything `mutate` throws.
 */
export async function guaranteedUpdate<T extends KubeObject>(
  store: Store,
  type: ResourceType<T>,
  namespace: string | undefined,
  name: string,
  mutate: (current: T) => KubeObject | undefined,
  options: GuaranteedUpdateOptions = {},
): Promise<T | undefined> {
  const maxRetries = options.maxRetries ?? 10;
  for (let attempt = 0; ; attempt++) {
    const current = await store.get(type, namespace, name);
    if (!current) throw notFound(qualified(type, name));
    const readVersion = current.metadata.resourceVersion;
    const next = mutate(structuredClone(current));
    if (next === undefined) return current;
    next.metadata.resourceVersion = readVersion;
    try {
      return await store.update(type, next);
    } catch (e) {
      if (!isConflict(e) || attempt >= maxRetries) throw e;
    }
  }
}
