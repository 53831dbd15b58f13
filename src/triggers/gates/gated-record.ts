/**
 * A gated rollout lives in its Rollout object from the moment a gate holds it: phase `Waiting` or
 * `AwaitingApproval` (no `finished`), the user's decision in `spec.approval`, and when the window
 * opens in `status.nextWindow`. So the state survives restarts and leader changes with the store,
 * and the rollout that finally runs writes its steps and result into the same object.
 */
import { randomBytes } from 'node:crypto';
import { TARGET_HASH_LABEL, targetHash, TRIGGERS_API_VERSION } from '../rollout-store.js';
import type { Rollout } from '../rollout-objects.js';
import type { ImageStreamTagRef } from '../trigger.js';
import { Approval } from './approval-request.js';

export const RolloutPhase = {
  Waiting: 'Waiting',
  AwaitingApproval: 'AwaitingApproval',
  Running: 'Running',
  Succeeded: 'Succeeded',
  RolledBack: 'RolledBack',
  Failed: 'Failed',
  Rejected: 'Rejected',
  Superseded: 'Superseded',
  Skipped: 'Skipped',
} as const;
export type RolloutPhase = (typeof RolloutPhase)[keyof typeof RolloutPhase];

/** Phases a gate holds a rollout in: not finished, and not interrupted by a restart. */
export const HELD_PHASES: readonly string[] = [RolloutPhase.Waiting, RolloutPhase.AwaitingApproval];

export const GateReason = {
  OutsideWindow: 'OutsideWindow',
  /** A user paused the trigger (TriggerState or WebhookTrigger `spec.paused`). */
  Paused: 'Paused',
  AwaitingApproval: 'AwaitingApproval',
  PlatformMissing: 'PlatformMissing',
  InvalidGate: 'InvalidGate',
  Rejected: 'Rejected',
  Superseded: 'Superseded',
} as const;
export type GateReason = (typeof GateReason)[keyof typeof GateReason];

export { Approval };

/** Label on gated records: the first 16 hex digits of the digest, to find a digest's records. */
const DIGEST_HASH_LABEL = 'imagestreams.io/digest-hash';

function digestHash(digest: string): string {
  return digest.replace(/^[a-z0-9]+:/, '').slice(0, 16);
}

export interface GatedSubject {
  target: string;
  from: ImageStreamTagRef;
  digest: string;
  reference: string;
  fromDigest?: string | undefined;
  containers: readonly string[];
}

/** A readable, unique name: what `isctl approve rollout NAME` is typed with. */
function gatedRolloutName(s: Pick<GatedSubject, 'target' | 'digest'>): string {
  const readable = s.target
    .replace(/^[a-z]+:/, '')
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 180)
    .replace(/[^a-z0-9]+$/, '');
  return `${readable || 'rollout'}-${digestHash(s.digest).slice(0, 12)}-${randomBytes(3).toString('hex')}`;
}

export interface GateStatus {
  phase: RolloutPhase;
  reason: GateReason;
  message: string;
  nextWindow?: string;
}

export function gatedObject(s: GatedSubject, status: GateStatus, now: Date): Rollout {
  return {
    apiVersion: TRIGGERS_API_VERSION,
    kind: 'Rollout',
    metadata: {
      name: gatedRolloutName(s),
      namespace: s.from.namespace,
      labels: { [TARGET_HASH_LABEL]: targetHash(s.target), [DIGEST_HASH_LABEL]: digestHash(s.digest) },
    },
    spec: {
      target: s.target,
      containers: [...s.containers],
      from: { kind: 'ImageStreamTag', name: `${s.from.stream}:${s.from.tag}` },
      ...(s.fromDigest ? { fromDigest: s.fromDigest } : {}),
      toDigest: s.digest,
      toReference: s.reference,
    },
    status: { started: now.toISOString(), ...status },
  };
}

export function phaseOf(o: Rollout): string | undefined {
  return o.status?.phase ?? o.status?.result;
}

export function approvalOf(o: Rollout): Approval | undefined {
  const a = o.spec.approval;
  return a === Approval.Approved || a === Approval.Rejected ? a : undefined;
}

export function isHeld(o: Rollout): boolean {
  return HELD_PHASES.includes(phaseOf(o) ?? '') && !o.status?.finished;
}

export function followsTag(o: Rollout, s: Pick<GatedSubject, 'target' | 'from'>): boolean {
  return o.spec.target === s.target && o.spec.from.name === `${s.from.stream}:${s.from.tag}`;
}

export function toDigestOf(o: Rollout): string | undefined {
  return o.spec.toDigest;
}

export function startedOf(o: Rollout): string {
  return o.status?.started ?? o.metadata.creationTimestamp ?? '';
}
