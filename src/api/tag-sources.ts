/**
 * What happens to status when spec tags change (OpenShift's strategy tagsChanged): a changed tag
 * takes the stream's generation; a `reference: true` DockerImage tag gets its history item at
 * once; an ImageStreamTag/ImageStreamImage tag copies the source's current image; tags that track
 * a changed tag follow it. Sources in other streams need a lookup the caller provides.
 */
import { fieldInvalid, fieldNotFound } from './field-errors.js';
import { parseFromReference, specTag, statusTag } from './spec-tags.js';
import type { StatusCause } from './status-error.js';
import { addTagEvent, latestTaggedImage, updateTrackingTags } from './tag-history.js';
import type { ImageStream, NamedTagEventList, TagEvent, TagReference } from './types.js';
import { findImageInStream, imageIdProblem } from './views.js';

/**
 * Another stream by namespace and name: the stream, `null` when it does not exist, `undefined`
 * when the caller did not look it up (the tag is then left alone).
 */
export type StreamLookup = (namespace: string, name: string) => ImageStream | null | undefined;

/** OpenShift's tagRefChanged: did the tag's source change (or a re-import get requested)? */
export function tagRefChanged(old: TagReference, next: TagReference, streamNamespace: string): boolean {
  if (!next.from) return false;
  if (next.from.kind === '' && next.from.name === '') return false;
  const oldFrom = old.from ?? { kind: '', name: '' };
  const oldNamespace = oldFrom.namespace || streamNamespace;
  const nextNamespace = next.from.namespace || streamNamespace;
  if (oldNamespace !== nextNamespace || oldFrom.name !== next.from.name) return true;
  if (Boolean(old.reference) !== Boolean(next.reference)) return true;
  return generationReset(old, next);
}

/** The client set the generation to 0: a re-import request. */
function generationReset(old: TagReference, next: TagReference): boolean {
  return old.generation != null && next.generation === 0 && old.generation !== 0;
}

function changedTags(stream: ImageStream, old: ImageStream | undefined): TagReference[] {
  const ns = stream.metadata.namespace ?? '';
  return (stream.spec.tags ?? []).filter((ref) => {
    const before = old ? specTag(old, ref.name) : undefined;
    return ref.from !== undefined && (!before || tagRefChanged(before, ref, ns));
  });
}

/** Streams in other namespaces or of other names that changed tags copy from. */
export function crossStreamSources(
  stream: ImageStream,
  old: ImageStream | undefined,
): { namespace: string; name: string }[] {
  const out = new Map<string, { namespace: string; name: string }>();
  for (const ref of changedTags(stream, old)) {
    if (!ref.from || ref.from.kind === 'DockerImage') continue;
    const parsed = parseFromReference(stream.metadata.name, ref.from);
    const namespace = ref.from.namespace || (stream.metadata.namespace ?? '');
    if (
      !parsed ||
      (parsed.stream === stream.metadata.name && namespace === (stream.metadata.namespace ?? ''))
    )
      continue;
    out.set(`${namespace}/${parsed.stream}`, { namespace, name: parsed.stream });
  }
  return [...out.values()];
}

/** A tag whose changed source is a stream in another namespace. */
export interface ForeignSource {
  /** the tag's index in spec.tags, for field paths */
  index: number;
  tag: string;
  namespace: string;
  name: string;
}

/**
 * Changed tags whose source is a stream in another namespace: what OpenShift's TagVerifier checks
 * the user may read (`get imagestreams/layers` there) before anything about the source is looked
 * up. Unchanged tags are not checked again, as in OpenShift.
 */
export function foreignSources(stream: ImageStream, old: ImageStream | undefined): ForeignSource[] {
  const own = stream.metadata.namespace ?? '';
  const changed = new Set(changedTags(stream, old).map((t) => t.name));
  const out: ForeignSource[] = [];
  (stream.spec.tags ?? []).forEach((ref, index) => {
    if (!changed.has(ref.name) || !ref.from || ref.from.kind === 'DockerImage') return;
    const namespace = ref.from.namespace || own;
    const parsed = parseFromReference(stream.metadata.name, ref.from);
    if (parsed && namespace !== own) out.push({ index, tag: ref.name, namespace, name: parsed.stream });
  });
  return out;
}

interface Resolution {
  event?: TagEvent;
  cause?: StatusCause;
}

function eventFromSource(
  source: ImageStream,
  ref: TagReference,
  tagOrId: string,
  now: string,
  field: string,
): Resolution {
  const generation = ref.generation ?? 0;
  if (ref.from?.kind === 'ImageStreamTag') {
    const latest = latestTaggedImage(source, tagOrId);
    return latest ? { event: { ...latest, generation } } : {};
  }
  const problem = imageIdProblem(tagOrId);
  if (problem)
    return { cause: fieldInvalid(field, ref.from?.name, `error generating tag event: ${problem}`) };
  const found = findImageInStream(source, tagOrId);
  if (found === undefined || found === 'ambiguous') {
    const why =
      found === 'ambiguous'
        ? `multiple images match the prefix "${tagOrId}"`
        : `image "${tagOrId}" not found in the stream`;
    return { cause: fieldInvalid(field, ref.from?.name, `error generating tag event: ${why}`) };
  }
  return {
    event: {
      created: now,
      dockerImageReference: found.event.dockerImageReference,
      image: found.digest,
      generation,
    },
  };
}

/** A `reference: true` DockerImage tag is recorded as is, without an import. */
function referenceEvent(ref: TagReference, now: string): Resolution {
  if (!ref.reference || !ref.from?.name) return {};
  const generation = ref.generation ?? 0;
  return { event: { created: now, dockerImageReference: ref.from.name, image: '', generation } };
}

const FORM_DETAIL = 'must be of the form <tag>, <repo>:<tag>, <id>, or <repo>@<id>';

function resolveOne(
  stream: ImageStream,
  ref: TagReference,
  index: number,
  lookup: StreamLookup,
  now: string,
): Resolution {
  const from = ref.from;
  if (!from) return {};
  if (from.kind === 'DockerImage') return referenceEvent(ref, now);
  const field = `spec.tags[${ref.name}].from.name`;
  const parsed = parseFromReference(stream.metadata.name, from);
  if (!parsed) return { cause: fieldInvalid(field, from.name, FORM_DETAIL) };
  const ownNamespace = stream.metadata.namespace ?? '';
  const namespace = from.namespace || ownNamespace;
  const self = parsed.stream === stream.metadata.name && namespace === ownNamespace;
  const source = self ? stream : lookup(namespace, parsed.stream);
  if (source === undefined) return {};
  if (source === null) return { cause: fieldNotFound(field, from.name) };
  return eventFromSource(source, ref, parsed.tagOrId, now, field);
}

/** Tags whose current image changed between old and new get their trackers updated. */
function updateChangedTrackingTags(stream: ImageStream, old: ImageStream | undefined): ImageStream {
  let next = stream;
  for (const list of stream.status?.tags ?? []) {
    const latest = list.items?.[0];
    if (latest && currentImageChanged(list, latest, old))
      next = updateTrackingTags(next, list.tag, latest).stream;
  }
  return next;
}

function currentImageChanged(
  list: NamedTagEventList,
  latest: TagEvent,
  old: ImageStream | undefined,
): boolean {
  if (!old || list.conditions?.length) return true;
  const before = statusTag(old, list.tag)?.items?.[0];
  return !before || !sameEvent(before, latest);
}

function sameEvent(a: TagEvent, b: TagEvent): boolean {
  return (
    a.image === b.image &&
    a.dockerImageReference === b.dockerImageReference &&
    a.generation === b.generation &&
    a.created === b.created
  );
}

/**
 * Applies the status side of spec tag changes between `old` (undefined on create) and `stream`.
 * Returns the new stream and causes for sources that cannot be resolved (422).
 */
export function applySpecTagSources(
  stream: ImageStream,
  old: ImageStream | undefined,
  lookup: StreamLookup,
  now: string,
): { stream: ImageStream; causes: StatusCause[] } {
  let next = stream;
  const causes: StatusCause[] = [];
  const changed = new Set(changedTags(stream, old).map((t) => t.name));
  (stream.spec.tags ?? []).forEach((ref, index) => {
    if (!changed.has(ref.name)) return;
    const { event, cause } = resolveOne(next, ref, index, lookup, now);
    if (cause) causes.push(cause);
    if (event) next = addTagEvent(next, ref.name, event).stream;
  });
  return { stream: updateChangedTrackingTags(next, old), causes };
}
