/** Restart delays of the registry process: doubling per crash, capped. Pure. */
import { backoffDelay } from '../controllers/backoff.js';
import type { RestartPolicy } from './settings.js';

/** The delay before restart number `crashes` (1 for the first crash). */
export function restartDelayMs(policy: RestartPolicy, crashes: number): number {
  return backoffDelay(Math.max(1, crashes), { baseMs: policy.initialDelayMs, maxMs: policy.maxDelayMs });
}

/** The crash count after a process that ran `uptimeMs` died: a long run forgives earlier crashes. */
export function nextCrashCount(policy: RestartPolicy, previous: number, uptimeMs: number): number {
  return uptimeMs >= policy.resetAfterMs ? 1 : previous + 1;
}
