/**
 * When the tag import controller must look at a stream again for its pending digests: the
 * earliest `firstSeen + min-age` (with the tag's min-age now, so a shortened or removed min-age
 * counts at once), and which tags are due. Pure: derived from the stored stream only, so a
 * restart or a new leader re-derives the same timers.
 */
import { minAgeOf } from '../../api/tag-policy.js';
import type { ImageStream, TagReference } from '../../api/types.js';
import { movesAt } from './cooldown.js';
import { pendingDigests } from './records.js';

function pendingTags(stream: ImageStream): { tag: TagReference; at: number; generation: number }[] {
  const pending = pendingDigests(stream.metadata.annotations);
  const out: { tag: TagReference; at: number; generation: number }[] = [];
  for (const tag of stream.spec?.tags ?? []) {
    const p = pending[tag.name];
    if (p)
      out.push({ tag, at: movesAt(p, minAgeOf(tag.annotations ?? undefined)), generation: p.generation });
  }
  return out;
}

/** Spec tags whose pending digest may move now. */
export function cooldownDueTags(stream: ImageStream, nowMs: number): TagReference[] {
  return pendingTags(stream)
    .filter((p) => p.at <= nowMs)
    .map((p) => p.tag);
}

/** Epoch ms of the earliest pending digest still waiting, if any. */
export function nextCooldownAt(stream: ImageStream, nowMs: number): number | undefined {
  const waiting = pendingTags(stream)
    .map((p) => p.at)
    .filter((at) => at > nowMs);
  return waiting.length > 0 ? Math.min(...waiting) : undefined;
}

/** The spec generation a pending digest was seen for (-1 without one): that generation needs no import again. */
export function pendingGeneration(stream: ImageStream, tag: string): number {
  return pendingDigests(stream.metadata.annotations)[tag]?.generation ?? -1;
}
