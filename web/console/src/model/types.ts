/**
 * The objects the console shows. Image streams and images are the API module's own types
 * (src/api/types.ts); rollouts and events are typed here from the records that write them.
 */
import type { KubeObject } from '../../../../src/api/object.js';
import type { RolloutResult, RolloutStep } from '../../../../src/triggers/rollout-record.js';

export type {
  Image,
  ImageStream,
  NamedTagEventList,
  TagEvent,
  TagEventCondition,
  TagReference,
} from '../../../../src/api/types.js';
export type { Build, BuildConfig } from '../../../../src/builds/schema.js';
export type { KubeObject, RolloutResult, RolloutStep };

export interface Rollout extends KubeObject {
  spec?: {
    target?: string;
    containers?: string[];
    from?: { kind?: string; name?: string };
    fromDigest?: string;
    toDigest?: string;
    toReference?: string;
    approval?: 'Approved' | 'Rejected';
  };
  status?: {
    /** set by the gates: Waiting, AwaitingApproval, then Running and the result */
    phase?: string;
    message?: string;
    nextWindow?: string;
    started?: string;
    finished?: string;
    result?: RolloutResult;
    reason?: string;
    rejectedDigest?: string;
    steps?: RolloutStep[];
  };
}

/** A target's memory per followed tag; `spec.paused` is the user's pause (isctl rollout pause). */
export interface TriggerState extends KubeObject {
  spec?: { target?: string; from?: { kind?: string; name?: string }; paused?: boolean };
  status?: { lastTriggeredDigest?: string; rejectedDigests?: string[] };
}

/** A WebhookTrigger as the console reads it (src/triggers/webhook/schema.ts). */
export interface WebhookTrigger extends KubeObject {
  spec?: { from?: { kind?: string; name?: string; namespace?: string }; paused?: boolean };
}

export interface CoreEvent extends KubeObject {
  involvedObject?: { kind?: string; name?: string; namespace?: string; apiVersion?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
}
