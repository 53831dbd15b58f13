/**
 * The stored shapes of the trigger controllers' own objects (imagestreams.io/v1): `Rollout` and
 * `TriggerState`, what ROLLOUTS and TRIGGER_STATES (src/store/resource-types.ts) hold. Written by
 * rollout-store.ts, gates/gated-record.ts and pause-request.ts; users change only `spec.approval`
 * (gates/rollout-strategy.ts) and `spec.paused` (controller/trigger-state-strategy.ts). Fields a
 * writer may leave out are optional, so readers keep their checks for absent values.
 */
import type { KubeObject, ObjectMeta } from '../api/object.js';
import type { Approval } from './gates/approval-request.js';
import type { RolloutResult, RolloutStep } from './rollout-record.js';
import type { TriggerWarning } from './trigger.js';

/** The followed tag, as `STREAM:TAG`. */
export interface TriggerFrom {
  kind: 'ImageStreamTag';
  name: string;
}

export interface RolloutSpec {
  target: string;
  containers: string[];
  from: TriggerFrom;
  fromDigest?: string;
  toDigest: string;
  toReference: string;
  /** the user's decision on a rollout a gate holds */
  approval?: Approval;
}

export interface RolloutStatus {
  /** `Running`, a result, or a gate's phase (gates/gated-record.ts RolloutPhase) */
  phase?: string;
  started?: string;
  finished?: string;
  result?: RolloutResult;
  /** a gate's reason (GateReason) while held; the rollout's reason once it ended */
  reason?: string;
  message?: string;
  rejectedDigest?: string;
  /** when the rollout window opens next (held in phase `Waiting`) */
  nextWindow?: string;
  /** when a user approved it */
  approved?: string;
  steps?: RolloutStep[];
  [field: string]: unknown;
}

export interface Rollout extends KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec: RolloutSpec;
  status?: RolloutStatus;
}

export interface TriggerStateSpec {
  target: string;
  from: TriggerFrom;
  /** the user's pause (isctl rollout pause|resume) */
  paused?: boolean;
}

export interface TriggerStateStatus {
  lastTriggeredDigest?: string;
  rejectedDigests?: string[];
  warnings?: TriggerWarning[];
  [field: string]: unknown;
}

export interface TriggerStateObject extends KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec: TriggerStateSpec;
  status?: TriggerStateStatus;
}
