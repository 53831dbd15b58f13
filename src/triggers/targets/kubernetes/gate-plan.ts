/**
 * The rollout gates of a workload (its `imagestreams.io/rollout-window`, `imagestreams.io/approval`
 * and `imagestreams.io/platform` annotations), applied to a plan before it is patched: an update a
 * gate holds is taken out of the patch (and out of the last-triggered memory, so it fires again
 * when the gate opens). A malformed gate annotation becomes a warning of the object (a Warning
 * event) and holds every update, recorded on its Rollout.
 */
import type { GateKeeper, GateOutcome } from '../../gates/gate-keeper.js';
import { parseGates } from '../../gates/gates.js';
import type { ImageUpdate, ObjectPlan } from './plan.js';
import type { TrackedObject } from './tracked.js';

export type WorkloadGate = Pick<GateKeeper, 'pass' | 'complete'>;

export interface GatedPlan {
  plan: ObjectPlan;
  /** The held Rollout record each update that goes writes its result to. */
  rolloutIds: Map<ImageUpdate, string>;
  /** The earliest time a held update may go (a window opens). */
  retryAt?: number;
}

export function workloadTarget(t: Pick<TrackedObject, 'ref'>): string {
  return `kubernetes:${t.ref.kind.toLowerCase()}/${t.ref.namespace}/${t.ref.name}`;
}

export async function gatePlan(
  plan: ObjectPlan,
  tracked: TrackedObject,
  gate: WorkloadGate | undefined,
): Promise<GatedPlan> {
  const rolloutIds = new Map<ImageUpdate, string>();
  if (!gate) return { plan, rolloutIds };
  const { gates, problems } = parseGates(tracked.object.metadata.annotations ?? undefined);
  const warnings = [
    ...plan.warnings,
    ...problems.map((p) => ({
      index: undefined,
      field: p.field,
      message: `annotation ${p.field}: ${p.message}`,
    })),
  ];
  const kept: ImageUpdate[] = [];
  const lastTriggered = { ...plan.lastTriggered };
  let retryAt: number | undefined;
  for (const u of plan.updates) {
    const out: GateOutcome = await gate.pass(
      {
        target: workloadTarget(tracked),
        from: u.trigger.from,
        digest: u.digest,
        reference: u.reference,
        fromDigest: u.fromDigest,
        containers: [u.slot.name],
      },
      gates,
    );
    if (out.go) {
      kept.push(u);
      if (out.rolloutId) rolloutIds.set(u, out.rolloutId);
      continue;
    }
    const before = tracked.lastTriggered[u.trigger.fieldPath];
    if (before === undefined) delete lastTriggered[u.trigger.fieldPath];
    else lastTriggered[u.trigger.fieldPath] = before;
    if (out.retryAt !== undefined) retryAt = Math.min(retryAt ?? out.retryAt, out.retryAt);
  }
  const changed = kept.length > 0 || JSON.stringify(lastTriggered) !== JSON.stringify(tracked.lastTriggered);
  return {
    plan: { ...plan, updates: kept, lastTriggered, changed, warnings },
    rolloutIds,
    ...(retryAt !== undefined ? { retryAt } : {}),
  };
}
