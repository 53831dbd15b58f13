/**
 * Where the Kubernetes target remembers what it last set: the annotation
 * `imagestreams.io/last-triggered-image` on the object itself, a JSON map from fieldPath to
 * `REPO@sha256:…`. It is written in the same patch as the image, so the memory and the change
 * cannot disagree, it survives restarts without a store, and it moves with the object.
 */
import { referenceDigest } from '../../../api/docker-reference.js';
import { LastTriggeredSchema } from './schema.js';

export const LAST_TRIGGERED_ANNOTATION = 'imagestreams.io/last-triggered-image';

/** The map, or empty when absent or unreadable (a user edit: acting once more is the safe side). */
export function parseLastTriggered(value: string | undefined): LastTriggeredSchema {
  if (!value) return {};
  try {
    const parsed = LastTriggeredSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export function formatLastTriggered(map: LastTriggeredSchema): string {
  const sorted = Object.fromEntries(Object.entries(map).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify(sorted);
}

/** The digest recorded for a fieldPath, if any. */
export function lastTriggeredDigest(map: LastTriggeredSchema, fieldPath: string): string | undefined {
  const ref = map[fieldPath];
  if (ref === undefined) return undefined;
  return referenceDigest(ref) ?? ref;
}
