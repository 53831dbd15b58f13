/**
 * The objects that carry the triggers annotation, as last seen from the informers, with their
 * parsed triggers and warnings (what `isctl describe` shows). Objects without the annotation are
 * not kept, so the target's memory grows with the followers, not the cluster.
 */
import { parseTriggersAnnotation } from '../../annotation.js';
import { TRIGGERS_ANNOTATION, type Trigger, type TriggerWarning } from '../../trigger.js';
import { KINDS, refKey, type WorkloadKind, type WorkloadRef } from './kinds.js';
import { LAST_TRIGGERED_ANNOTATION, parseLastTriggered } from './last-triggered.js';
import { WorkloadSchema, type LastTriggeredSchema } from './schema.js';

export interface TrackedObject {
  ref: WorkloadRef;
  object: WorkloadSchema;
  annotation: string;
  triggers: Trigger[];
  /** Problems with the annotation itself (parse time). */
  annotationWarnings: TriggerWarning[];
  /** fieldPaths that name no container of the object (found when planning). */
  containerWarnings: TriggerWarning[];
  lastTriggered: LastTriggeredSchema;
}

/** What describe shows for one object. */
export interface TriggeredObject {
  ref: WorkloadRef;
  triggers: Trigger[];
  warnings: TriggerWarning[];
  /** fieldPath -> the `REPO@sha256:…` last set there (the last-triggered annotation). */
  lastTriggered: LastTriggeredSchema;
}

export type Admission =
  | { tracked: TrackedObject; warningsChanged: boolean }
  | { ignored: 'invalid' | 'no-annotation' | 'controlled-pod'; key: string | undefined };

export function toWorkload(raw: unknown): WorkloadSchema | undefined {
  const parsed = WorkloadSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** Builds the tracked entry for an object, reusing the parse of an unchanged annotation. */
export function admit(kind: WorkloadKind, raw: unknown, previous: TrackedObject | undefined): Admission {
  const object = toWorkload(raw);
  if (!object) return { ignored: 'invalid', key: undefined };
  const { name, namespace, uid } = object.metadata;
  const key = refKey({ kind, namespace, name });
  const annotation = object.metadata.annotations?.[TRIGGERS_ANNOTATION];
  if (annotation === undefined) return { ignored: 'no-annotation', key };
  // A pod its controller owns is rebuilt from the controller's template: patch the controller.
  if (kind === 'Pod' && object.metadata.ownerReferences?.some((o) => o.controller === true)) {
    return { ignored: 'controlled-pod', key };
  }
  const lastTriggered = parseLastTriggered(object.metadata.annotations?.[LAST_TRIGGERED_ANNOTATION]);
  const ref: WorkloadRef = {
    kind,
    apiVersion: KINDS[kind].apiVersion,
    namespace,
    name,
    ...(uid ? { uid } : {}),
  };
  if (previous && previous.annotation === annotation) {
    return { tracked: { ...previous, ref, object, lastTriggered }, warningsChanged: false };
  }
  const parsed = parseTriggersAnnotation(annotation, { namespace, kind });
  const tracked: TrackedObject = {
    ref,
    object,
    annotation,
    triggers: parsed.triggers,
    annotationWarnings: parsed.warnings,
    containerWarnings: [],
    lastTriggered,
  };
  return { tracked, warningsChanged: parsed.warnings.length > 0 };
}

export function describeTracked(t: TrackedObject): TriggeredObject {
  return {
    ref: { ...t.ref },
    triggers: t.triggers.map((x) => ({ ...x })),
    warnings: allWarnings(t).map((w) => ({ ...w })),
    lastTriggered: { ...t.lastTriggered },
  };
}

export function allWarnings(
  t: Pick<TrackedObject, 'annotationWarnings' | 'containerWarnings'>,
): TriggerWarning[] {
  return [...t.annotationWarnings, ...t.containerWarnings];
}
