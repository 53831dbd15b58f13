/**
 * Server-owned fields of an ImageStream write (OpenShift's imagestream strategy): generations,
 * status ownership, and the status side of spec tag changes. Pure; `now` is RFC 3339.
 *
 * Generation rules: metadata.generation starts at 1 and increments on every spec change; a new or
 * changed tag (other source, namespace, `reference`, or generation set to 0 by the client = a
 * re-import request) takes the stream's generation; any other generation a client sends is
 * replaced by the stored one.
 */
import { collapseEmptyStatusTags, defaultImageStream } from './defaults.js';
import { semanticEqual } from './semantic-equal.js';
import { specTag, statusTag } from './spec-tags.js';
import { applySpecTagSources, tagRefChanged, type StreamLookup } from './tag-sources.js';
import type { ImageStream, ImageStreamStatus, TagEvent, TagReference } from './types.js';

/** Only the stream itself is known; tags copying from other streams are left to the caller. */
const selfOnly: StreamLookup = () => undefined;

function initialStatus(stream: ImageStream): ImageStreamStatus {
  return { dockerImageRepository: stream.spec.dockerImageRepository ?? '' };
}

export function prepareImageStreamForCreate(
  stream: ImageStream,
  now: string,
  lookup: StreamLookup = selfOnly,
): ImageStream {
  const s = defaultImageStream(stream);
  s.metadata = { ...s.metadata, generation: 1 };
  if (s.spec.tags) s.spec = { ...s.spec, tags: s.spec.tags.map((t) => ({ ...t, generation: 1 })) };
  s.status = initialStatus(s);
  return collapseEmptyStatusTags(applySpecTagSources(s, undefined, lookup, now).stream);
}

/** A client may only reset a tag's generation to 0; other values come from the stored tag. */
function keepStoredTagGenerations(tags: TagReference[], old: ImageStream): TagReference[] {
  return tags.map((t) => {
    if (t.generation === 0) return t;
    const before = specTag(old, t.name);
    return before ? { ...t, generation: before.generation ?? null } : t;
  });
}

/** New and changed tags, and tags without a generation (or reset to 0), take the stream's. */
function ensureTagGenerations(stream: ImageStream, old: ImageStream, generation: number): TagReference[] {
  const ns = stream.metadata.namespace ?? '';
  return (stream.spec.tags ?? []).map((t) => {
    const before = specTag(old, t.name);
    const gen = !before || tagRefChanged(before, t, ns) ? null : t.generation;
    return gen != null && gen !== 0 ? t : { ...t, generation };
  });
}

export function prepareImageStreamForUpdate(
  stream: ImageStream,
  old: ImageStream,
  now: string,
  lookup: StreamLookup = selfOnly,
): ImageStream {
  const d = defaultImageStream(stream);
  const oldGeneration = old.metadata.generation ?? 0;
  let s: ImageStream = {
    ...d,
    metadata: { ...d.metadata, generation: oldGeneration },
    status: {
      ...structuredClone(old.status ?? initialStatus(d)),
      dockerImageRepository: initialStatus(d).dockerImageRepository,
    },
  };
  if (s.spec.tags) s.spec = { ...s.spec, tags: keepStoredTagGenerations(s.spec.tags, old) };
  if (!semanticEqual(old.spec, s.spec) || oldGeneration === 0) {
    s.metadata = { ...s.metadata, generation: oldGeneration + 1 };
  }
  const generation = s.metadata.generation ?? 1;
  if (s.spec.tags) s.spec = { ...s.spec, tags: ensureTagGenerations(s, old, generation) };
  s = applySpecTagSources(s, old, lookup, now).stream;
  return collapseEmptyStatusTags(s);
}

function tagEventChanged(old: TagEvent, next: TagEvent): boolean {
  return (
    old.image !== next.image ||
    old.dockerImageReference !== next.dockerImageReference ||
    old.generation > next.generation
  );
}

/** OpenShift's updateObservedGenerationForStatusUpdate: a history item 0 written with generation 0 gets one. */
function observedGenerations(stream: ImageStream, old: ImageStream): ImageStream {
  const generation = stream.metadata.generation ?? 0;
  const tags = (stream.status?.tags ?? []).map((list) => {
    const newer = list.items?.[0];
    if (!newer || newer.generation !== 0) return list;
    const older = statusTag(old, list.tag)?.items?.[0];
    const specGeneration = specTag(stream, list.tag)?.generation;
    const value =
      !older || !tagEventChanged(older, newer) || specGeneration == null ? generation : specGeneration;
    return { ...list, items: [{ ...newer, generation: value }, ...(list.items ?? []).slice(1)] };
  });
  if (!stream.status || tags.length === 0) return stream;
  return { ...stream, status: { ...stream.status, tags } };
}

/** The status subresource: spec and metadata (except labels/annotations) stay as stored. */
export function prepareImageStreamForStatusUpdate(stream: ImageStream, old: ImageStream): ImageStream {
  const d = defaultImageStream(stream);
  const metadata = { ...old.metadata };
  if (d.metadata.labels) metadata.labels = d.metadata.labels;
  else delete metadata.labels;
  if (d.metadata.annotations) metadata.annotations = d.metadata.annotations;
  else delete metadata.annotations;
  // the client's resourceVersion and uid are its preconditions: keep them for the store's check
  if (d.metadata.resourceVersion !== undefined) metadata.resourceVersion = d.metadata.resourceVersion;
  else delete metadata.resourceVersion;
  if (d.metadata.uid !== undefined) metadata.uid = d.metadata.uid;
  const status = d.status ?? initialStatus(old);
  const s: ImageStream = { ...d, metadata, spec: structuredClone(old.spec), status };
  return collapseEmptyStatusTags(observedGenerations(s, old));
}
