/**
 * What to change on one object (pure): for each trigger, the fire decision against the object's
 * current image and the last-triggered annotation, then one JSON patch that sets every image that
 * fires and records the new digests. `test` operations make the patch apply only to the object
 * the decision was made on: the container at that index still has that name and that image.
 */
import type { Operation } from 'fast-json-patch';
import { decideTrigger, SkipReason, type TriggerDecision } from '../../decide.js';
import type { ResolvedTagImage } from '../../../api/tag-history.js';
import { referenceDigest } from '../../../api/docker-reference.js';
import type { Trigger, TriggerWarning } from '../../trigger.js';
import { locateContainer, type ContainerSlot } from './containers.js';
import type { KindInfo } from './kinds.js';
import { formatLastTriggered, LAST_TRIGGERED_ANNOTATION, lastTriggeredDigest } from './last-triggered.js';
import type { LastTriggeredSchema, WorkloadSchema } from './schema.js';

export interface ImageUpdate {
  trigger: Trigger;
  slot: ContainerSlot;
  reference: string;
  digest: string;
  fromDigest: string | undefined;
}

export interface SkippedTrigger {
  trigger: Trigger;
  reason: SkipReason | 'ContainerNotFound';
  message: string;
}

export interface ObjectPlan {
  updates: ImageUpdate[];
  skipped: SkippedTrigger[];
  /** Triggers whose fieldPath names no container: shown to the user like parse warnings. */
  warnings: TriggerWarning[];
  /** The last-triggered map after this plan; `changed` when it must be written. */
  lastTriggered: LastTriggeredSchema;
  changed: boolean;
}

export function planObject(
  obj: WorkloadSchema,
  info: KindInfo,
  triggers: readonly Trigger[],
  resolved: (trigger: Trigger) => ResolvedTagImage | undefined,
  last: LastTriggeredSchema,
): ObjectPlan {
  const plan: ObjectPlan = {
    updates: [],
    skipped: [],
    warnings: [],
    lastTriggered: { ...last },
    changed: false,
  };
  for (const trigger of triggers) planTrigger(plan, obj, info, trigger, resolved, last);
  return plan;
}

function planTrigger(
  plan: ObjectPlan,
  obj: WorkloadSchema,
  info: KindInfo,
  trigger: Trigger,
  resolved: (trigger: Trigger) => ResolvedTagImage | undefined,
  last: LastTriggeredSchema,
): void {
  const slot = trigger.container ? locateContainer(obj, info, trigger.container) : undefined;
  if (!slot) {
    const message = `${trigger.fieldPath} names no container of this ${info.kind}; trigger not applied`;
    plan.warnings.push({ index: trigger.index, field: 'fieldPath', message });
    plan.skipped.push({ trigger, reason: 'ContainerNotFound', message });
    return;
  }
  const resolvedImage = trigger.paused ? undefined : resolved(trigger);
  const currentDigest = slot.image ? referenceDigest(slot.image) : undefined;
  const lastDigest = lastTriggeredDigest(last, trigger.fieldPath);
  const decision: TriggerDecision = decideTrigger(
    trigger,
    resolvedImage,
    { ...(currentDigest ? { currentDigest } : {}) },
    { ...(lastDigest ? { lastTriggeredDigest: lastDigest } : {}) },
  );
  if (decision.fire) {
    plan.updates.push({
      trigger,
      slot,
      reference: decision.reference,
      digest: decision.digest,
      fromDigest: currentDigest,
    });
    plan.lastTriggered[trigger.fieldPath] = decision.reference;
    plan.changed = true;
    return;
  }
  plan.skipped.push({ trigger, reason: decision.reason, message: decision.message });
  if (decision.reason === SkipReason.UpToDate && resolvedImage && lastDigest !== resolvedImage.digest) {
    // Remember it (acknowledgeUpToDate), so that a later manual rollback is not undone.
    plan.lastTriggered[trigger.fieldPath] = resolvedImage.reference;
    plan.changed = true;
  }
}

/** JSON pointer escaping (RFC 6901). */
export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The JSON patch that carries out a plan; empty when nothing changes. */
export function buildPatch(obj: WorkloadSchema, plan: ObjectPlan): Operation[] {
  if (!plan.changed) return [];
  const ops: Operation[] = [];
  for (const u of plan.updates) {
    ops.push({ op: 'test', path: `${u.slot.pointer}/name`, value: u.slot.name });
    if (u.slot.image === undefined) {
      ops.push({ op: 'add', path: `${u.slot.pointer}/image`, value: u.reference });
    } else {
      ops.push({ op: 'test', path: `${u.slot.pointer}/image`, value: u.slot.image });
      ops.push({ op: 'replace', path: `${u.slot.pointer}/image`, value: u.reference });
    }
  }
  ops.push(...annotationOps(obj, formatLastTriggered(plan.lastTriggered)));
  return ops;
}

function annotationOps(obj: WorkloadSchema, value: string): Operation[] {
  const annotations = obj.metadata.annotations;
  if (!annotations)
    return [{ op: 'add', path: '/metadata/annotations', value: { [LAST_TRIGGERED_ANNOTATION]: value } }];
  const path = `/metadata/annotations/${escapePointer(LAST_TRIGGERED_ANNOTATION)}`;
  const previous = annotations[LAST_TRIGGERED_ANNOTATION];
  // Another writer of the same memory (a second server) makes the test fail and us re-read.
  if (previous !== undefined)
    return [
      { op: 'test', path, value: previous },
      { op: 'replace', path, value },
    ];
  return [{ op: 'add', path, value }];
}
