/**
 * Following spec tags that point at other tags of the same stream (`latest` -> `stable` -> `3.4`),
 * as oc's `FollowTagReference` does, so that describe can fold aliases into their target's line.
 */
import type { ImageStream, NamedTagEventList, TagReference } from '../../api/types.js';

export function specTag(stream: ImageStream, name: string): TagReference | undefined {
  return (stream.spec.tags ?? []).find((t) => t.name === name);
}

export function statusTag(stream: ImageStream, name: string): NamedTagEventList | undefined {
  return (stream.status?.tags ?? []).find((t) => t.tag === name);
}

export interface FollowedTag {
  /** the last tag seen */
  tag: string;
  /** the tag reference that ends the chain (not an ImageStreamTag in this stream) */
  ref: TagReference;
  /** true when at least one reference was followed */
  multiple: boolean;
}

/** The next tag in this stream a reference points at, or an error for references we cannot follow. */
function nextTag(stream: ImageStream, from: { name: string; namespace?: string | null }): string | Error {
  if (from.namespace && from.namespace !== stream.metadata.namespace) {
    return new Error('cross-namespace reference');
  }
  if (!from.name.includes(':')) return from.name;
  const [name, tag] = from.name.split(':', 2);
  if (name !== stream.metadata.name) return new Error('cross-stream reference');
  return tag || 'latest';
}

/** Undefined when the chain is circular, leaves the stream, or ends at a missing tag. */
export function followTagReference(stream: ImageStream, start: string): FollowedTag | undefined {
  const seen = new Set<string>();
  let tag = start;
  let multiple = false;
  for (;;) {
    if (seen.has(tag)) return undefined;
    seen.add(tag);
    const ref = specTag(stream, tag);
    if (!ref) return undefined;
    if (!ref.from || ref.from.kind !== 'ImageStreamTag') return { tag, ref, multiple };
    const next = nextTag(stream, ref.from);
    if (next instanceof Error) return undefined;
    tag = next;
    multiple = true;
  }
}
