/**
 * Deterministic spreading: every check group has a phase, a hash of its key over the interval,
 * and is checked on the slots `phase + k·interval`. The same key gets the same slots after a
 * restart, and 10,000 keys spread evenly instead of firing together.
 */
import { createHash } from 'node:crypto';

/** A stable fraction in [0, 1) for a key. */
export function hashFraction(key: string): number {
  const h = createHash('sha1').update(key).digest();
  return h.readUInt32BE(0) / 2 ** 32;
}

export function phaseOf(key: string, intervalMs: number): number {
  return Math.floor(hashFraction(key) * intervalMs);
}

/** The first slot at or after `atMs`. */
export function nextSlot(atMs: number, phaseMs: number, intervalMs: number): number {
  const k = Math.ceil((atMs - phaseMs) / intervalMs);
  return phaseMs + k * intervalMs;
}

/** The last slot at or before `atMs`. */
export function previousSlot(atMs: number, phaseMs: number, intervalMs: number): number {
  const k = Math.floor((atMs - phaseMs) / intervalMs);
  return phaseMs + k * intervalMs;
}

/**
 * The next check after one at `lastMs`: the first slot at least half an interval later, so a
 * check that ran a little late still lands on the next slot, and a manual import postpones the
 * next scheduled check by at least half an interval.
 */
export function dueAfterCheck(lastMs: number, phaseMs: number, intervalMs: number): number {
  return nextSlot(lastMs + Math.floor(intervalMs / 2), phaseMs, intervalMs);
}
