/** The trigger model shared by every target: a tag to follow and the container it sets. */
import type { ContainerFieldPath } from './field-path.js';

export const TRIGGERS_ANNOTATION = 'image.openshift.io/triggers';

export interface ImageStreamTagRef {
  namespace: string;
  stream: string;
  tag: string;
}

export interface Trigger {
  /** Position in the annotation list (for warnings and events). */
  index: number;
  from: ImageStreamTagRef;
  /** As written; empty for a Docker label that omitted it. */
  fieldPath: string;
  /** `undefined` for a Docker label without fieldPath: the container itself. */
  container: ContainerFieldPath | undefined;
  paused: boolean;
}

/** What OpenShift would silently ignore, reported instead so callers can emit a Warning event. */
export interface TriggerWarning {
  /** Index in the trigger list; `undefined` when the whole value is unusable. */
  index: number | undefined;
  /** Path of the offending field, e.g. `paused` or `from.name`. */
  field: string;
  message: string;
}

export interface ParsedTriggers {
  triggers: Trigger[];
  warnings: TriggerWarning[];
}

/** `stream:tag` -> parts; `undefined` without a tag (OpenShift leaves such a trigger unresolved). */
export function parseStreamTag(name: string): { stream: string; tag: string } | undefined {
  const at = name.lastIndexOf(':');
  if (at <= 0 || at === name.length - 1) return undefined;
  const stream = name.slice(0, at);
  const tag = name.slice(at + 1);
  if (stream.includes(':') || stream.includes('@')) return undefined;
  return { stream, tag };
}

export function formatTagRef(ref: ImageStreamTagRef): string {
  return `${ref.namespace}/${ref.stream}:${ref.tag}`;
}
