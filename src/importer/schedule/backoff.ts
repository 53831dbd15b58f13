/** Capped exponential backoff, deterministic so schedules and tests are reproducible. */

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/** per tag (check group): 30 s doubling to 1 h */
export const DEFAULT_TAG_BACKOFF: BackoffPolicy = { baseMs: 30_000, maxMs: 3_600_000 };
/** per registry: 5 s doubling to 5 min; while failing, one check at a time probes it */
export const DEFAULT_REGISTRY_BACKOFF: BackoffPolicy = { baseMs: 5_000, maxMs: 300_000 };

/** Delay after the `failures`-th consecutive failure (1-based). */
export function backoffDelay(failures: number, policy: BackoffPolicy): number {
  if (failures <= 0) return 0;
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(failures - 1, 40));
}
