/**
 * Whether a trigger fires, and how the per-trigger state moves after a rollout. Edge-triggered
 * on purpose, unlike OpenShift's level-driven controller that reverts `oc rollout undo`:
 * a digest fires once; a digest that failed its health gate is rejected until another arrives;
 * a pinned container is left alone.
 */
import type { ResolvedTagImage } from '../api/tag-history.js';
import type { RolloutResult } from './rollout-record.js';
import type { Trigger } from './trigger.js';

export const SkipReason = {
  NoTrigger: 'NoTrigger',
  Paused: 'Paused',
  NoHistory: 'NoHistory',
  Pinned: 'Pinned',
  Rejected: 'Rejected',
  AlreadyTriggered: 'AlreadyTriggered',
  UpToDate: 'UpToDate',
} as const;
export type SkipReason = (typeof SkipReason)[keyof typeof SkipReason];

/** Remembered per trigger (target + tag) by the caller, e.g. in the store. */
export interface TriggerState {
  /** The last digest this trigger acted on (rolled out, or tried and rolled back). */
  lastTriggeredDigest?: string;
  /** Digests that failed a health gate on this target/tag. */
  rejectedDigests?: readonly string[];
}

export interface TargetView {
  /** Digest the target runs now, when known. */
  currentDigest?: string;
  /** `imagestreams.io/pinned=true`, or any user hold the caller knows about. */
  pinned?: boolean;
}

export type TriggerDecision =
  { fire: true; reference: string; digest: string } | { fire: false; reason: SkipReason; message: string };

export function decideTrigger(
  trigger: Pick<Trigger, 'paused'>,
  resolved: ResolvedTagImage | undefined,
  target: TargetView,
  state: TriggerState,
): TriggerDecision {
  const skip = (reason: SkipReason, message: string): TriggerDecision => ({ fire: false, reason, message });
  if (trigger.paused) return skip(SkipReason.Paused, 'trigger is paused');
  if (!resolved) return skip(SkipReason.NoHistory, 'the tag has no image yet');
  if (target.pinned) return skip(SkipReason.Pinned, 'the target is pinned');
  if (state.rejectedDigests?.includes(resolved.digest)) {
    return skip(
      SkipReason.Rejected,
      `${resolved.digest} failed its health gate here; waiting for a newer image`,
    );
  }
  if (state.lastTriggeredDigest === resolved.digest) {
    // The tag has not moved since we acted: whatever runs now (a manual rollback included) stays.
    return skip(SkipReason.AlreadyTriggered, `${resolved.digest} was already rolled out`);
  }
  if (target.currentDigest === resolved.digest)
    return skip(SkipReason.UpToDate, 'the target already runs this image');
  return { fire: true, reference: resolved.reference, digest: resolved.digest };
}

/** How many rejected digests to remember per trigger. */
const MAX_REJECTED = 20;

/**
 * The trigger state after a rollout of `digest` ended with `result`. A failure that is not a
 * health verdict (pull error, engine down) leaves the state alone so the next pass retries.
 */
export function nextTriggerState(state: TriggerState, digest: string, result: RolloutResult): TriggerState {
  if (result === 'Failed') return state;
  const rejected = (state.rejectedDigests ?? []).filter((d) => d !== digest);
  if (result === 'RolledBack') rejected.push(digest);
  return { lastTriggeredDigest: digest, rejectedDigests: rejected.slice(-MAX_REJECTED) };
}

/** After an UpToDate skip, remember the digest so a later manual rollback is not undone. */
export function acknowledgeUpToDate(state: TriggerState, digest: string): TriggerState {
  return { ...state, lastTriggeredDigest: digest };
}
