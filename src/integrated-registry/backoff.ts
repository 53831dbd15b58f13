/** Restart delays of the registry process: doubling per crash, capped. Pure. */
import type { RestartPolicy } from './settings.js';

/** The delay before restart number `crashes` (1 for the first crash). */
export function restartDelayMs(policy: RestartPolicy, crashes: number): number {
  const exponent = Math.max(0, crashes - 1);
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(exponent, 30));
}

/** The crash count after a process that ran `uptimeMs` died: a long run forgives earlier crashes. */
export function nextCrashCount(policy: RestartPolicy, previous: number, uptimeMs: number): number {
  return uptimeMs >= policy.resetAfterMs ? 1 : previous + 1;
}
