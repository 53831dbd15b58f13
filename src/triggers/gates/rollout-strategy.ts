/**
 * Rollouts are written by the controllers; users may only decide a held one: an update (or patch)
 * of a Rollout in phase `AwaitingApproval` that sets `spec.approval` to `Approved` or `Rejected`
 * (what `isctl approve rollout` / `isctl reject rollout` send). Anything else a user changes is
 * ignored, and a decision on a rollout that awaits none, or a second one, is 422 naming the field.
 */
import { z } from 'zod';
import { badRequest, type StatusCause } from '../../api/status-error.js';
import type { Strategy } from '../../api/strategy.js';
import type { Rollout } from '../rollout-objects.js';
import { decodeTriggerObject, triggerObjectMeta } from '../rollout-objects-decode.js';
import { TRIGGERS_API_GROUP } from '../rollout-store.js';
import { Approval, approvalOf, isHeld, phaseOf, RolloutPhase } from './gated-record.js';

const APPROVAL_FIELD = 'spec.approval';

/** A Rollout as read (what the controllers write), with the user's decision. */
const RolloutInputSchema = z.object({
  ...triggerObjectMeta(),
  spec: z.object({
    target: z.string(),
    containers: z.array(z.string()),
    from: z.object({ kind: z.literal('ImageStreamTag'), name: z.string() }),
    fromDigest: z.string().optional(),
    toDigest: z.string(),
    toReference: z.string(),
    approval: z.enum([Approval.Approved, Approval.Rejected]).optional(),
  }),
});

export const rolloutStrategy: Strategy<Rollout> = {
  kind: 'Rollout',
  group: TRIGGERS_API_GROUP,
  decode: (input) =>
    decodeTriggerObject(RolloutInputSchema, { resource: 'rollouts', kind: 'Rollout' }, input),
  prepareForCreate: () => {
    throw badRequest('Rollout objects are written by the trigger controllers only');
  },
  prepareForUpdate(object, old) {
    const { approval } = object.spec;
    return { ...old, spec: { ...old.spec, ...(approval ? { approval } : {}) } };
  },
  prepareForStatusUpdate: (_o, old) => old,
  validate: () => [],
  validateUpdate(object, old) {
    const next = object.spec.approval;
    // read leniently: the stored object may predate a field
    const before = approvalOf(old);
    if (next === before) return [];
    const cause = (message: string): StatusCause[] => [
      { reason: 'FieldValueForbidden', field: APPROVAL_FIELD, message },
    ];
    if (before) return cause(`already ${before.toLowerCase()}`);
    if (!isHeld(old) || phaseOf(old) !== RolloutPhase.AwaitingApproval)
      return cause(`the rollout awaits no approval (phase ${phaseOf(old) ?? 'Running'})`);
    return [];
  },
};
