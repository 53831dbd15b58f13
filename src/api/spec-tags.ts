/**
 * Reading and editing a stream's tags. Tags are a map in OpenShift: names are unique (the last
 * duplicate wins) and lists come back sorted by name. Functions return new objects.
 */
import type { ImageStream, NamedTagEventList, TagReference } from './types.js';

function byKey<T>(key: (t: T) => string) {
  return (a: T, b: T): number => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

/** Unique by name (last wins), sorted by name. */
export function collapseSpecTags(tags: readonly TagReference[]): TagReference[] {
  const byName = new Map<string, TagReference>();
  for (const t of tags) byName.set(t.name, t);
  return [...byName.values()].sort(byKey((t) => t.name));
}

/** Unique by tag (last wins), sorted by tag. */
export function collapseStatusTags(tags: readonly NamedTagEventList[]): NamedTagEventList[] {
  const byName = new Map<string, NamedTagEventList>();
  for (const t of tags) byName.set(t.tag, t);
  return [...byName.values()].sort(byKey((t) => t.tag));
}

export function specTag(stream: ImageStream, name: string): TagReference | undefined {
  return stream.spec.tags?.find((t) => t.name === name);
}

export function statusTag(stream: ImageStream, name: string): NamedTagEventList | undefined {
  return stream.status?.tags?.find((t) => t.tag === name);
}

/** Adds or replaces the spec tag named `tagRef.name`. */
export function setSpecTag(stream: ImageStream, tagRef: TagReference): ImageStream {
  const others = (stream.spec.tags ?? []).filter((t) => t.name !== tagRef.name);
  return {
    ...stream,
    spec: { ...stream.spec, tags: collapseSpecTags([...others, structuredClone(tagRef)]) },
  };
}

/** Replaces (or adds) one status tag list. */
export function setStatusTag(stream: ImageStream, list: NamedTagEventList): ImageStream {
  const status = stream.status ?? { dockerImageRepository: '' };
  const others = (status.tags ?? []).filter((t) => t.tag !== list.tag);
  return { ...stream, status: { ...status, tags: collapseStatusTags([...others, list]) } };
}

/** Removes the tag from spec and status (what deleting an ImageStreamTag does). */
export function removeTag(stream: ImageStream, tag: string): ImageStream {
  const next: ImageStream = { ...stream, spec: { ...stream.spec } };
  if (stream.spec.tags) next.spec.tags = stream.spec.tags.filter((t) => t.name !== tag);
  if (stream.status?.tags)
    next.status = { ...stream.status, tags: stream.status.tags.filter((t) => t.tag !== tag) };
  return next;
}

/** Whether the tag exists in spec or status. */
export function hasTag(stream: ImageStream, tag: string): boolean {
  return specTag(stream, tag) !== undefined || statusTag(stream, tag) !== undefined;
}

/**
 * The stream and tag a `from` of kind ImageStreamTag (`tag` or `stream:tag`) or ImageStreamImage
 * (`id` or `stream@id`) points at; undefined when the name has another form (OpenShift's
 * parseFromReference).
 */
export function parseFromReference(
  streamName: string,
  from: { kind: string; name: string },
): { stream: string; tagOrId: string } | undefined {
  const sep = from.kind === 'ImageStreamTag' ? ':' : from.kind === 'ImageStreamImage' ? '@' : undefined;
  if (sep === undefined) return undefined;
  const parts = from.name.split(sep);
  if (parts.length === 1) return { stream: streamName, tagOrId: from.name };
  if (parts.length === 2) return { stream: parts[0] ?? '', tagOrId: parts[1] ?? '' };
  return undefined;
}
