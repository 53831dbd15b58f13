/**
 * The stream half of tag policies and cooldown, on the mutable stream copy merge-import.ts
 * builds: record each selection, hold a digest that has not waited out its min-age, and drop the
 * records of tags that no longer have a policy or no longer exist.
 */
import { minAgeOf, tagPolicyOf } from '../../api/tag-policy.js';
import type { ImageStream } from '../../api/types.js';
import { cooldownDecision } from './cooldown.js';
import { pendingDigests, setPendingDigest, setTagSelection, tagSelections } from './records.js';
import type { TagSelection } from './select-tag.js';

function specTagOf(stream: ImageStream, tag: string) {
  return stream.spec?.tags?.find((t) => t.name === tag);
}

export function recordSelections(stream: ImageStream, selections: ReadonlyMap<string, TagSelection>): void {
  for (const [tag, selection] of selections) setTagSelection(stream, tag, selection);
}

/**
 * Whether the registry's answer for `tag` must wait out the tag's min-age; the pending record is
 * updated either way (a digest that moves, or a tag without min-age, leaves none).
 */
export function holdForCooldown(
  stream: ImageStream,
  tag: string,
  image: { digest: string; reference: string; registryTag?: string | undefined },
  now: Date,
): boolean {
  const spec = specTagOf(stream, tag);
  const history = stream.status?.tags?.find((t) => t.tag === tag)?.items ?? [];
  const decision = cooldownDecision({
    minAgeMs: minAgeOf(spec?.annotations ?? undefined),
    digest: image.digest,
    reference: image.reference,
    tag: image.registryTag,
    generation: spec?.generation ?? 0,
    history: history.map((i) => i.image),
    pending: pendingDigests(stream.metadata.annotations)[tag],
    now,
  });
  setPendingDigest(stream, tag, decision.pending);
  return !decision.move;
}

/** Records of tags that are gone, or lost their policy, are dropped. */
export function pruneRecords(stream: ImageStream): void {
  for (const tag of Object.keys(tagSelections(stream.metadata.annotations))) {
    if (!tagPolicyOf(specTagOf(stream, tag)?.annotations ?? undefined))
      setTagSelection(stream, tag, undefined);
  }
  for (const tag of Object.keys(pendingDigests(stream.metadata.annotations))) {
    if (!specTagOf(stream, tag)) setPendingDigest(stream, tag, undefined);
  }
}
