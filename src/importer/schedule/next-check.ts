/**
 * When a check group is next due, from stored state alone (pure, so a restart derives the same).
 * An unchanged check writes nothing, so the stored times say when a tag last *changed*, not
 * when it was last checked. The checkpoint fills that gap: the time through which the previous
 * run had done every due check. A slot at or before it was checked; a slot after it (the
 * process was down) is overdue and is caught up within a short window, spread by the same hash,
 * so a restart neither skips checks nor fires them all at once.
 */
import { dueAfterCheck, hashFraction, previousSlot } from './jitter.js';

export interface InitialDueInput {
  key: string;
  nowMs: number;
  intervalMs: number;
  phaseMs: number;
  /** newest stored import/check time of the group's tags (the stalest tag decides) */
  lastCheckMs: number | undefined;
  /** the previous run had done every check due up to here; undefined when unknown */
  checkedThroughMs: number | undefined;
  /** overdue checks are spread over this much time after the start */
  catchUpMs: number;
}

export interface InitialDue {
  dueMs: number;
  /** a slot missed while down: the checkpoint must not pass it until the catch-up check ran */
  owedMs?: number;
}

export function initialDue(input: InitialDueInput): InitialDue {
  const { nowMs, intervalMs, phaseMs } = input;
  if (input.lastCheckMs !== undefined) {
    const due = dueAfterCheck(input.lastCheckMs, phaseMs, intervalMs);
    if (due > nowMs) return { dueMs: due };
  }
  const last = previousSlot(nowMs, phaseMs, intervalMs);
  if (input.checkedThroughMs !== undefined && last <= input.checkedThroughMs) {
    return { dueMs: last + intervalMs };
  }
  const window = Math.min(input.catchUpMs, intervalMs);
  return { dueMs: nowMs + Math.floor(hashFraction(`catch-up ${input.key}`) * window), owedMs: last };
}

/** The default catch-up window: a minute, or the interval when shorter. */
export function defaultCatchUpMs(intervalMs: number): number {
  return Math.min(60_000, intervalMs);
}
