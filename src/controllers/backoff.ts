/**
 * Capped exponential backoff: the one doubling rule of every retry loop (work queue, informer,
 * scheduled checks, registry lanes, registry requests, the integrated registry's restarts, the etcd
 * members a client avoids).
 * Deterministic, so schedules and tests are reproducible; callers that want jitter add it.
 */

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/** Delay after the `failures`-th consecutive failure (1-based): base, 2 x base, 4 x base ... up to max; 0 before any. */
export function backoffDelay(failures: number, policy: BackoffPolicy): number {
  if (failures <= 0) return 0;
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(failures - 1, 40));
}
