/**
 * The rollouts the target follows on an object: the annotation `imagestreams.io/rollout-in-progress`,
 * a JSON list of what each image patch changed (the Rollout record's id, the image before, the
 * digest set). It is written in the same patch as the image and removed in the patch that ends the
 * rollout, so whichever server leads next resumes following from the object itself, and a patch
 * cannot happen without its record of what to restore.
 */
import type { Operation } from 'fast-json-patch';
import type { ImageUpdate } from './plan.js';
import { escapePointer } from './plan.js';
import { InFlightSchema, type InFlightEntrySchema, type WorkloadSchema } from './schema.js';

export const IN_FLIGHT_ANNOTATION = 'imagestreams.io/rollout-in-progress';
const PATH = `/metadata/annotations/${escapePointer(IN_FLIGHT_ANNOTATION)}`;

/** The entries on the object; empty when absent or unreadable (nothing to follow then). */
export function inFlightOf(obj: WorkloadSchema): InFlightEntrySchema[] {
  const value = obj.metadata.annotations?.[IN_FLIGHT_ANNOTATION];
  if (!value) return [];
  try {
    const parsed = InFlightSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

export function inFlightEntry(
  u: ImageUpdate,
  id: string,
  gated: boolean,
  started: string,
): InFlightEntrySchema {
  return {
    id,
    ...(gated ? { gated } : {}),
    started,
    fieldPath: u.trigger.fieldPath,
    container: u.slot.name,
    pointer: u.slot.pointer,
    ...(u.slot.image !== undefined ? { previous: u.slot.image } : {}),
    ...(u.fromDigest ? { fromDigest: u.fromDigest } : {}),
    reference: u.reference,
    digest: u.digest,
    from: { ...u.trigger.from },
  };
}

/**
 * Operations that make the annotation hold `entries` (removed when empty). A followed object
 * always has annotations (the triggers annotation), so the map itself is never created here.
 */
export function inFlightOps(obj: WorkloadSchema, entries: readonly InFlightEntrySchema[]): Operation[] {
  const previous = obj.metadata.annotations?.[IN_FLIGHT_ANNOTATION];
  const guard: Operation[] = previous !== undefined ? [{ op: 'test', path: PATH, value: previous }] : [];
  if (entries.length === 0) return previous !== undefined ? [...guard, { op: 'remove', path: PATH }] : [];
  const value = JSON.stringify(entries);
  if (previous !== undefined) return [...guard, { op: 'replace', path: PATH, value }];
  return [{ op: 'add', path: PATH, value }];
}
