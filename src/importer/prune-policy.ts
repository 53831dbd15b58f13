/**
 * The retention policy of `oc adm prune images`, applied to tag history: keep the newest N
 * revisions of every tag (default 3) and anything younger than a minimum age (default 60
 * minutes); item 0 (the current image) is never pruned. Pure: the caller writes the result.
 */
import { isDigest } from '../api/digest.js';
import type { Image, ImageStream, TagEvent } from '../api/types.js';

export interface PrunePolicy {
  /** revisions kept per tag, newest first (default 3) */
  keepTagRevisions: number;
  /** history younger than this (milliseconds) is kept whatever its position (default 60 minutes) */
  keepYoungerThanMs: number;
}

export const DEFAULT_PRUNE_POLICY: PrunePolicy = { keepTagRevisions: 3, keepYoungerThanMs: 60 * 60 * 1000 };

export interface PrunedEvent {
  tag: string;
  event: TagEvent;
}

export interface PruneResult {
  /** the stream with trimmed history (the same object when nothing was removed) */
  stream: ImageStream;
  removed: PrunedEvent[];
}

function keep(event: TagEvent, index: number, policy: PrunePolicy, now: Date): boolean {
  if (index === 0 || index < policy.keepTagRevisions) return true;
  const created = Date.parse(event.created);
  // an unparsable time is not evidence of age: keep the event rather than lose history
  if (Number.isNaN(created)) return true;
  return now.getTime() - created < policy.keepYoungerThanMs;
}

export function pruneTagHistory(
  stream: ImageStream,
  policy: PrunePolicy = DEFAULT_PRUNE_POLICY,
  now: Date = new Date(),
): PruneResult {
  const removed: PrunedEvent[] = [];
  const tags = (stream.status?.tags ?? []).map((list) => {
    const items = list.items ?? [];
    const kept = items.filter((event, i) => {
      const k = keep(event, i, policy, now);
      if (!k) removed.push({ tag: list.tag, event });
      return k;
    });
    return kept.length === items.length ? list : { ...list, items: kept };
  });
  if (removed.length === 0) return { stream, removed };
  return {
    stream: { ...stream, status: { ...(stream.status ?? { dockerImageRepository: '' }), tags } },
    removed,
  };
}

/** Image names referenced by any history item (or spec tag digest) of the given streams. */
const DIGEST_SUFFIX = /@([^@]+)$/;

/** The digest a `…@digest` reference pins, or ''. */
function pinnedDigest(reference: string): string {
  const digest = DIGEST_SUFFIX.exec(reference)?.[1] ?? '';
  return isDigest(digest) ? digest : '';
}

function imagesOf(stream: ImageStream): string[] {
  const history = (stream.status?.tags ?? []).flatMap((t) => (t.items ?? []).map((i) => i.image));
  const pinned = (stream.spec?.tags ?? []).map((t) => pinnedDigest(t.from?.name ?? ''));
  return [...history, ...pinned].filter((n) => n !== '');
}

/** Image names referenced by any history item (or spec tag digest) of the given streams. */
function referencedImages(streams: readonly ImageStream[]): Set<string> {
  return new Set(streams.flatMap(imagesOf));
}

/**
 * Images no stream references any more and older than the policy's minimum age. Children of a
 * kept manifest list are kept with it.
 */
export function unreferencedImages(
  images: readonly Image[],
  streams: readonly ImageStream[],
  policy: PrunePolicy = DEFAULT_PRUNE_POLICY,
  now: Date = new Date(),
): Image[] {
  const used = referencedImages(streams);
  for (const img of images) {
    if (!used.has(img.metadata.name)) continue;
    for (const child of img.dockerImageManifests ?? []) used.add(child.digest);
  }
  return images.filter((img) => {
    if (used.has(img.metadata.name)) return false;
    const created = Date.parse(img.metadata.creationTimestamp ?? '');
    return !Number.isNaN(created) && now.getTime() - created >= policy.keepYoungerThanMs;
  });
}
