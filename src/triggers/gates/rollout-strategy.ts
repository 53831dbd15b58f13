/**
 * Rollouts are written by the controllers; users may only decide a held one: an update (or patch)
 * of a Rollout in phase `AwaitingApproval` that sets `spec.approval` to `Approved` or `Rejected`
 * (what `isctl approve rollout` / `isctl reject rollout` send). Anything else a user changes is
 * ignored, and a decision on a rollout that awaits none, or a second one, is 422 naming the field.
 */
import { z } from 'zod';
import type { KubeObject } from '../../api/object.js';
import { badRequest, invalid, type StatusCause } from '../../api/status-error.js';
import type { Strategy } from '../../api/strategy.js';
import { TRIGGERS_API_GROUP } from '../rollout-store.js';
import { Approval, approvalOf, isHeld, phaseOf, RolloutPhase } from './gated-record.js';

const APPROVAL_FIELD = 'spec.approval';

const RolloutInputSchema = z.looseObject({
  metadata: z.looseObject({ name: z.string().optional() }),
  spec: z.looseObject({ approval: z.enum([Approval.Approved, Approval.Rejected]).optional() }).optional(),
});

export const rolloutStrategy: Strategy = {
  kind: 'Rollout',
  group: TRIGGERS_API_GROUP,
  decode(input) {
    const r = RolloutInputSchema.safeParse(input);
    if (!r.success) {
      const causes: StatusCause[] = r.error.issues.map((i) => ({
        reason: 'FieldValueInvalid',
        field: i.path.join('.'),
        message: i.message,
      }));
      throw invalid({ group: TRIGGERS_API_GROUP, resource: 'rollouts', kind: 'Rollout' }, causes);
    }
    return input as KubeObject;
  },
  prepareForCreate: () => {
    throw badRequest('Rollout objects are written by the trigger controllers only');
  },
  prepareForUpdate(object, old) {
    const approval = approvalOf(object);
    const spec = { ...(old.spec as Record<string, unknown>) };
    if (approval) spec.approval = approval;
    return { ...old, spec };
  },
  prepareForStatusUpdate: (_o, old) => old,
  validate: () => [],
  validateUpdate(object, old) {
    const next = approvalOf(object);
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
