/**
 * Which spec tags an import should (re)run for, as OpenShift's image stream controller decides:
 * a DockerImage tag that is not a `reference` and whose spec generation is newer than what the
 * status has observed (item 0's generation, or the generation of its last ImportSuccess
 * condition, so a failed import is not retried in a hot loop). A stream that has never been
 * checked (no `openshift.io/image.dockerRepositoryCheck` annotation) imports every importable tag.
 */
import type { ImageStream, TagReference } from '../api/types.js';

import { DOCKER_REPOSITORY_CHECK_ANNOTATION, INSECURE_REPOSITORY_ANNOTATION } from '../api/constants.js';
import { pendingGeneration } from './tag-policy/cooldown-due.js';

export { DOCKER_REPOSITORY_CHECK_ANNOTATION };

/** A DockerImage tag that is not a reference: something the importer can fetch. */
export function isImportableTag(tag: TagReference): boolean {
  return tag.from?.kind === 'DockerImage' && !tag.reference && Boolean(tag.from.name);
}

/** max(items[0].generation, ImportSuccess condition generation), -1 when the status has no such tag. */
export function latestObservedTagGeneration(stream: ImageStream, tag: string): number {
  const events = stream.status?.tags?.find((t) => t.tag === tag);
  if (!events) return -1;
  let last = -1;
  const first = events.items?.[0];
  if (first && first.generation > last) last = first.generation;
  const condition = events.conditions?.find((c) => c.type === 'ImportSuccess');
  if (condition && (condition.generation ?? -1) > last) last = condition.generation ?? -1;
  return last;
}

/**
 * @param importWhenGenerationMissing a tag without a spec generation (never seen by the
 *   server's strategy) imports only when the whole stream is being checked
 */
export function tagNeedsImport(
  stream: ImageStream,
  tag: TagReference,
  importWhenGenerationMissing = false,
): boolean {
  if (!isImportableTag(tag)) return false;
  if (tag.generation === undefined || tag.generation === null) return importWhenGenerationMissing;
  // a digest held by its min-age was observed for its generation too (cooldown-due.ts wakes it)
  const observed = Math.max(
    latestObservedTagGeneration(stream, tag.name),
    pendingGeneration(stream, tag.name),
  );
  return tag.generation > observed;
}

function hasBeenChecked(stream: ImageStream): boolean {
  return Boolean(stream.metadata.annotations?.[DOCKER_REPOSITORY_CHECK_ANNOTATION]);
}

/** The spec tags to import now; `[]` when the stream is up to date. */
export function tagsNeedingImport(stream: ImageStream): TagReference[] {
  const full = !hasBeenChecked(stream);
  return (stream.spec?.tags ?? []).filter((t) => (full ? isImportableTag(t) : tagNeedsImport(stream, t)));
}

/** Whether a (never checked) stream should bulk-import its deprecated `spec.dockerImageRepository`. */
export function repositoryNeedsImport(stream: ImageStream): boolean {
  return Boolean(stream.spec?.dockerImageRepository) && !hasBeenChecked(stream);
}

/** Insecure access is allowed by the tag's import policy or the stream's annotation. */
export function insecureAllowed(stream: ImageStream | undefined, tag: TagReference | undefined): boolean {
  if (tag?.importPolicy?.insecure) return true;
  return stream?.metadata.annotations?.[INSECURE_REPOSITORY_ANNOTATION] === 'true';
}

/**
 * Tags a scheduled re-check imports: scheduled DockerImage tags, except those pinned to a digest
 * that already have an image (a digest never moves).
 */
export function scheduledTags(stream: ImageStream): TagReference[] {
  return (stream.spec?.tags ?? []).filter((t) => {
    if (!isImportableTag(t) || !t.importPolicy?.scheduled) return false;
    const pinned = (t.from?.name ?? '').includes('@');
    const hasImage = Boolean(stream.status?.tags?.find((s) => s.tag === t.name)?.items?.length);
    return !(pinned && hasImage);
  });
}
