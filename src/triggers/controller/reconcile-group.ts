/**
 * One reconcile of one follower group, level-triggered: discover the group afresh (container ids
 * change with every replacement), read its stream and trigger state from the store, decide, and
 * roll out when the trigger fires. Everything it touches is injected, so the decision and
 * bookkeeping are unit-tested without Docker.
 */
import {
  acknowledgeUpToDate,
  nextTriggerState,
  SkipReason,
  type TriggerDecision,
  type TriggerState,
} from '../decide.js';
import { resolveTagImage } from '../../api/tag-history.js';
import type { ImageStream } from '../../api/types.js';
import { RolloutResult, type RolloutRecord, type RolloutRecorder } from '../rollout-record.js';
import type { RolloutStore, TriggerStateKey } from '../rollout-store.js';
import type { FollowerGroup } from '../targets/docker/index.js';
import type { AttemptLedger } from './follow-index.js';
import type { GateOutcome } from '../gates/gate-keeper.js';

export interface ReconcileDeps {
  /** The group as Docker shows it now; undefined when it no longer exists. */
  findGroup(key: string): Promise<FollowerGroup | undefined>;
  getStream(namespace: string, name: string): Promise<ImageStream | undefined>;
  plan(group: FollowerGroup, stream: ImageStream, state: TriggerState): Promise<TriggerDecision>;
  rollOut(
    group: FollowerGroup,
    to: { reference: string; digest: string; rolloutId?: string | undefined },
    recorder: RolloutRecorder,
  ): Promise<RolloutRecord>;
  /** The rollout gates (window, approval, platform): asked before every rollout; absent: none. */
  gate?(group: FollowerGroup, to: { reference: string; digest: string }): Promise<GateOutcome>;
  /** The tag's digest does not fire: rollouts held for other digests end (Superseded). */
  settleGates?(group: FollowerGroup, digest: string): Promise<void>;
  states: Pick<RolloutStore, 'getState' | 'saveState' | 'recorder'>;
  ledger: AttemptLedger;
}

export const ReconcileAction = {
  Gone: 'gone',
  NoTrigger: 'no-trigger',
  NoStream: 'no-stream',
  Skipped: 'skipped',
  GaveUp: 'gave-up',
  Held: 'held',
  RolledOut: 'rolled-out',
} as const;
export type ReconcileAction = (typeof ReconcileAction)[keyof typeof ReconcileAction];

export interface ReconcileOutcome {
  action: ReconcileAction;
  reason?: SkipReason;
  message?: string;
  record?: RolloutRecord;
  /** A gate holds the rollout until then (a window opens): reconcile again at that time. */
  retryAt?: number;
}

export async function reconcileGroup(key: string, deps: ReconcileDeps): Promise<ReconcileOutcome> {
  const group = await deps.findGroup(key);
  if (!group) return { action: ReconcileAction.Gone };
  const trigger = group.trigger;
  if (!trigger) return { action: ReconcileAction.NoTrigger, reason: SkipReason.NoTrigger };
  const stream = await deps.getStream(trigger.from.namespace, trigger.from.stream);
  if (!stream) {
    return {
      action: ReconcileAction.NoStream,
      message: `image stream ${trigger.from.namespace}/${trigger.from.stream} does not exist`,
    };
  }
  const stateKey: TriggerStateKey = { target: group.key, from: trigger.from };
  const state = await deps.states.getState(stateKey);
  const decision = await deps.plan(group, stream, state);
  if (!decision.fire)
    return skipped(decision, resolveTagImage(stream, trigger.from.tag)?.digest, deps, {
      stateKey,
      state,
      group,
    });
  if (!deps.ledger.mayAttempt(group.key, decision.digest)) {
    return {
      action: ReconcileAction.GaveUp,
      message: `${decision.digest} failed ${deps.ledger.failures(group.key)} times here; waiting for the tag to move`,
    };
  }
  return gateAndRollOut(decision, deps, { stateKey, state, group });
}

async function skipped(
  decision: Extract<TriggerDecision, { fire: false }>,
  digest: string | undefined,
  deps: ReconcileDeps,
  at: { stateKey: TriggerStateKey; state: TriggerState; group: FollowerGroup },
): Promise<ReconcileOutcome> {
  if (decision.reason === SkipReason.UpToDate && digest && at.state.lastTriggeredDigest !== digest) {
    // Remembered so that a later manual rollback of the target is not undone.
    await deps.states.saveState(at.stateKey, acknowledgeUpToDate(at.state, digest), at.group.warnings);
  }
  // a rollout held for another digest no longer applies: the tag now says this one
  if (digest) await deps.settleGates?.(at.group, digest);
  return { action: ReconcileAction.Skipped, reason: decision.reason, message: decision.message };
}

/** A gate holds the rollout. A rejection counts as a failed health gate; a missing platform is final. */
async function held(
  gate: Extract<GateOutcome, { go: false }>,
  digest: string,
  deps: ReconcileDeps,
  at: { stateKey: TriggerStateKey; state: TriggerState; group: FollowerGroup },
): Promise<ReconcileOutcome> {
  if (gate.rejected || gate.final) {
    const result = gate.rejected ? RolloutResult.RolledBack : RolloutResult.Succeeded;
    await deps.states.saveState(at.stateKey, nextTriggerState(at.state, digest, result), at.group.warnings);
  }
  return {
    action: ReconcileAction.Held,
    message: `${gate.phase} (${gate.reason}): ${gate.message}`,
    ...(gate.retryAt !== undefined ? { retryAt: gate.retryAt } : {}),
  };
}

/** Asks the gates, then rolls out and records the new trigger state. */
async function gateAndRollOut(
  decision: { reference: string; digest: string },
  deps: ReconcileDeps,
  at: { stateKey: TriggerStateKey; state: TriggerState; group: FollowerGroup },
): Promise<ReconcileOutcome> {
  const { stateKey, group } = at;
  const gate = deps.gate ? await deps.gate(group, decision) : { go: true as const, rolloutId: undefined };
  if (!gate.go) return held(gate, decision.digest, deps, at);
  const record = await deps.rollOut(
    group,
    { ...decision, rolloutId: gate.rolloutId },
    deps.states.recorder(stateKey.from),
  );
  deps.ledger.note(group.key, decision.digest, record.result ?? RolloutResult.Failed);
  // Read again: a rollout takes long, and a replica that lost leadership meanwhile must not write
  // back the state it read before (that would undo what the new leader recorded).
  const current = await deps.states.getState(stateKey);
  await deps.states.saveState(
    stateKey,
    nextTriggerState(current, decision.digest, record.result ?? RolloutResult.Failed),
    group.warnings,
  );
  return { action: ReconcileAction.RolledOut, record };
}
