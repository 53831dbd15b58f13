/** The record of one rollout, storage-neutral: the coordinator persists it through a recorder. */
import type { ImageStreamTagRef } from './trigger.js';

export const RolloutResult = { Succeeded: 'Succeeded', RolledBack: 'RolledBack', Failed: 'Failed' } as const;
export type RolloutResult = (typeof RolloutResult)[keyof typeof RolloutResult];

export const StepAction = {
  Pull: 'pull',
  /** A Kubernetes target set the image; the workload's controller rolls it out. */
  Patch: 'patch',
  Skip: 'skip',
  Create: 'create',
  StopOld: 'stop-old',
  StartNew: 'start-new',
  Health: 'health',
  RemoveOld: 'remove-old',
  Rename: 'rename',
  Rollback: 'rollback',
} as const;
export type StepAction = (typeof StepAction)[keyof typeof StepAction];

export interface RolloutStep {
  /** ISO time the step ended. */
  at: string;
  /** Container name (original name), empty for group-wide steps such as the pull. */
  container: string;
  action: StepAction;
  ok: boolean;
  message?: string;
}

export interface RolloutRecord {
  id: string;
  /** `docker:compose/<project>/<service>`, `docker:container/<name>` or `kubernetes:<kind>/<ns>/<name>`. */
  target: string;
  /** Original names of the containers in the group, in rollout order. */
  containers: string[];
  fromDigest: string | undefined;
  toDigest: string;
  toReference: string;
  started: string;
  finished: string | undefined;
  /** `undefined` while the rollout runs. */
  result: RolloutResult | undefined;
  /**
   * `Running` or the result; before it runs, the gate's phase (`Waiting`, `AwaitingApproval`) and
   * after a gate ended it `Rejected`, `Superseded` or `Skipped` (see gates/gated-record.ts).
   */
  phase?: string;
  reason?: string;
  /** Set when the health gate failed: the caller marks this digest rejected for the target/tag. */
  rejectedDigest?: string;
  /** The followed tag, for recorders shared by every tag of a target (the Kubernetes target's). */
  from?: ImageStreamTagRef;
  steps: RolloutStep[];
}

/** Where rollout records go (the store, an event sink, a test array). Errors are logged, not fatal. */
export interface RolloutRecorder {
  /** Called once when the rollout starts (result undefined) and after every step. */
  progress?(record: Readonly<RolloutRecord>): void | Promise<void>;
  /** Called once with the final record. */
  finished(record: Readonly<RolloutRecord>): void | Promise<void>;
}
