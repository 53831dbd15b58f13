/**
 * Tag history with OpenShift's rules (internalimageutil AddTagEventToImageStream,
 * UpdateTrackingTags, ResolveReferenceForTagEvent). Pure: every function returns a new stream.
 *
 * What a stream tag points at is resolved here and nowhere else: the server's views, the
 * image-lookup admission webhook, builds and every trigger target call `resolveTagReference`
 * (or `resolveTagImage`, the same pull spec pinned by digest for those that roll out by digest).
 * `status.dockerImageRepository` is computed on read (image-stream-repository.ts): a stream
 * read from the store must go through it first, or the Local policy falls back to the source.
 */
import { isDigest } from './digest.js';
import { parseDockerImageReference, withDigest, type DockerImageReference } from './docker-reference.js';
import { setStatusTag, specTag, statusTag } from './spec-tags.js';
import type { ConditionStatus } from './constants.js';
import type { Image, ImageStream, NamedTagEventList, TagEvent, TagEventCondition } from './types.js';

export interface HistoryChange {
  stream: ImageStream;
  changed: boolean;
}

/** The tag's current image (history item 0). */
export function latestTaggedImage(stream: ImageStream, tag: string): TagEvent | undefined {
  return statusTag(stream, tag)?.items?.[0] ?? undefined;
}

/**
 * Records `event` as the tag's current image. A new item is prepended only when both the
 * reference and the image differ from item 0; when one of them (or only the generation) differs,
 * item 0 is updated in place. Any change clears the tag's conditions (a successful import).
 */
export function addTagEvent(stream: ImageStream, tag: string, event: TagEvent): HistoryChange {
  const list = statusTag(stream, tag);
  const items = list?.items ?? [];
  const previous = items[0];
  if (!list || !previous) {
    return { stream: setStatusTag(stream, { tag, items: [{ ...event }] }), changed: true };
  }
  const sameRef = previous.dockerImageReference === event.dockerImageReference;
  const sameImage = previous.image === event.image;
  if (sameRef && sameImage && previous.generation === event.generation) return { stream, changed: false };
  const nextItems =
    !sameRef && !sameImage
      ? [{ ...event }, ...items]
      : [
          {
            ...previous,
            dockerImageReference: event.dockerImageReference,
            image: event.image,
            generation: event.generation,
          },
          ...items.slice(1),
        ];
  const next: NamedTagEventList = { tag, items: nextItems };
  return { stream: setStatusTag(stream, next), changed: true };
}

/** Whether spec tag `from` (kind ImageStreamTag) follows `tag` of this same stream. */
function tracks(
  stream: ImageStream,
  from: { kind: string; name: string; namespace?: string } | undefined,
  tag: string,
): boolean {
  if (from?.kind !== 'ImageStreamTag') return false;
  if (from.namespace && from.namespace !== (stream.metadata.namespace ?? '')) return false;
  if (!from.name.includes(':')) return from.name === tag;
  const parts = from.name.split(':');
  return parts.length === 2 && parts[0] === stream.metadata.name && parts[1] === tag;
}

/** Spec tags of the same stream whose `from` is ImageStreamTag `updatedTag` get `event` too. */
export function updateTrackingTags(
  stream: ImageStream,
  updatedTag: string,
  event: TagEvent,
): HistoryChange & { updated: string[] } {
  let next = stream;
  const updated: string[] = [];
  for (const ref of stream.spec.tags ?? []) {
    if (!tracks(stream, ref.from, updatedTag)) continue;
    const result = addTagEvent(next, ref.name, event);
    if (result.changed) updated.push(ref.name);
    next = result.stream;
  }
  return { stream: next, changed: updated.length > 0, updated };
}

export interface ImportConditionInput {
  status: ConditionStatus;
  reason?: string;
  message?: string;
  generation: number;
}

/**
 * Sets the tag's ImportSuccess condition (a failed import keeps the history). The transition
 * time moves only when status, reason or message change.
 */
export function setImportCondition(
  stream: ImageStream,
  tag: string,
  input: ImportConditionInput,
  now: string,
): HistoryChange {
  const list = statusTag(stream, tag) ?? { tag, items: null };
  const existing = list.conditions?.find((c) => c.type === 'ImportSuccess');
  const same = existing !== undefined && sameCondition(existing, input);
  if (same && existing.generation === input.generation) return { stream, changed: false };
  const condition: TagEventCondition = {
    type: 'ImportSuccess',
    status: input.status,
    lastTransitionTime: same ? (existing.lastTransitionTime ?? now) : now,
    ...(input.reason !== undefined ? { reason: input.reason } : {}),
    ...(input.message !== undefined ? { message: input.message } : {}),
    generation: input.generation,
  };
  const others = (list.conditions ?? []).filter((c) => c.type !== 'ImportSuccess');
  return { stream: setStatusTag(stream, { ...list, conditions: [...others, condition] }), changed: true };
}

function sameCondition(existing: TagEventCondition, input: ImportConditionInput): boolean {
  return (
    existing.status === input.status &&
    (existing.reason ?? '') === (input.reason ?? '') &&
    (existing.message ?? '') === (input.message ?? '')
  );
}

/** Removes the tag's conditions (after a successful import). */
export function clearImportCondition(stream: ImageStream, tag: string): HistoryChange {
  const list = statusTag(stream, tag);
  if (!list?.conditions?.length) return { stream, changed: false };
  const { conditions: _dropped, ...rest } = list;
  return { stream: setStatusTag(stream, rest), changed: true };
}

/**
 * The pull spec consumers get for `event` of `tag`: the source reference (policy Source), or the
 * stream's own repository by digest (policy Local), falling back to the source when the stream
 * has no repository or the event no image.
 */
export function resolveReferenceForTagEvent(stream: ImageStream, tag: string, event: TagEvent): string {
  const ref = specTag(stream, tag);
  if (ref?.referencePolicy?.type !== 'Local') return event.dockerImageReference;
  const local = stream.status?.dockerImageRepository ?? '';
  if (!local || !event.image) return event.dockerImageReference;
  try {
    return withDigest(parseDockerImageReference(local), event.image);
  } catch {
    // an unparseable local repository must not hide the image: fall back to the source
    return event.dockerImageReference;
  }
}

/**
 * OpenShift's ResolveLatestTaggedImage: the tag's current pull spec with its reference policy
 * applied; undefined when the tag has no history (unknown, or only a spec tag not imported yet).
 */
export function resolveTagReference(stream: ImageStream, tag: string): string | undefined {
  const latest = latestTaggedImage(stream, tag);
  return latest ? resolveReferenceForTagEvent(stream, tag, latest) : undefined;
}

/** The tag's current image as consumers that roll out by digest see it. */
export interface ResolvedTagImage {
  /** `resolveTagReference` pinned by digest: `REPO@sha256:…` */
  reference: string;
  digest: string;
}

/**
 * `resolveTagReference` for triggers and builds, which run images by digest: the reference's own
 * digest, else item 0's image (a mapping recorded under a tag-form reference). Undefined without
 * history or without any digest (a `reference: true` tag that names a tag).
 */
export function resolveTagImage(stream: ImageStream, tag: string): ResolvedTagImage | undefined {
  const latest = latestTaggedImage(stream, tag);
  if (!latest) return undefined;
  let ref: DockerImageReference;
  try {
    ref = parseDockerImageReference(resolveReferenceForTagEvent(stream, tag, latest));
  } catch {
    return undefined; // validation rejects such history on write; nothing runnable either way
  }
  const digest = ref.digest ?? (isDigest(latest.image) ? latest.image : undefined);
  return digest ? { reference: withDigest(ref, digest), digest } : undefined;
}

/**
 * OpenShift's DifferentTagGeneration: the spec tag asks for an import its history has not seen
 * (no spec generation, no history, or a spec generation newer than item 0's).
 */
export function tagGenerationNewer(stream: ImageStream, tag: string): boolean {
  const generation = specTag(stream, tag)?.generation;
  const latest = latestTaggedImage(stream, tag);
  if (generation == null || !latest) return true;
  return generation > latest.generation;
}

/**
 * What an ImageStreamMapping (or a push to the integrated registry) does to a stream: `image`
 * becomes the current image of `tag`, with the spec tag's generation (else the stream's), and the
 * tags of the stream that track `tag` follow.
 */
export function recordTagEvent(stream: ImageStream, tag: string, image: Image, now: string): ImageStream {
  const generation = specTag(stream, tag)?.generation ?? stream.metadata.generation ?? 0;
  const event: TagEvent = {
    created: now,
    dockerImageReference: image.dockerImageReference ?? '',
    image: image.metadata.name,
    generation,
  };
  const added = addTagEvent(stream, tag, event);
  return updateTrackingTags(added.stream, tag, event).stream;
}
