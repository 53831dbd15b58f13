/**
 * What `isctl describe is` says under a tag that follows a policy or waits out a min-age: the
 * tag chosen, the candidates considered and why the others lost (the importer's bounded record,
 * `imagestreams.io/tag-selection`), and the digest waiting, with when it moves
 * (`imagestreams.io/cooldown`). Pure.
 */
import { minAgeOf, MIN_AGE_ANNOTATION } from '../../api/tag-policy.js';
import type { ImageStream, TagReference } from '../../api/types.js';
import { movesAt } from '../../importer/tag-policy/cooldown.js';
import { pendingDigests, tagSelections } from '../../importer/tag-policy/records.js';
import { COOLDOWN_ANNOTATION, TAG_SELECTION_ANNOTATION } from '../../importer/tag-policy/schema.js';
import type { TagSelection } from '../../importer/tag-policy/select-tag.js';
import { humanDuration } from '../output/duration.js';

/** Stream annotations shown per tag instead of in the Annotations list. */
export const PER_TAG_ANNOTATIONS: readonly string[] = [TAG_SELECTION_ANNOTATION, COOLDOWN_ANNOTATION];

function excludedText(s: TagSelection): string {
  return Object.entries(s.excluded)
    .map(([why, n]) => {
      const example = s.examples.find((e) => e.why === why);
      return `${n} ${why}${example ? ` (e.g. ${example.tag})` : ''}`;
    })
    .join('; ');
}

function selectionLines(s: TagSelection): string[] {
  const lines = [`follows the ${s.policy}`];
  const counted = `${s.listed} tags listed, ${s.matched} matched`;
  lines.push(s.winner ? `  chose ${s.winner} (${counted})` : `  no tag qualifies (${counted})`);
  if (s.runnersUp.length > 0) lines.push(`  lower: ${s.runnersUp.join(', ')}`);
  if (Object.keys(s.excluded).length > 0) lines.push(`  not considered: ${excludedText(s)}`);
  return lines;
}

function pendingLines(stream: ImageStream, ref: TagReference | undefined, tag: string, now: Date) {
  const pending = pendingDigests(stream.metadata.annotations)[tag];
  const minAge = ref?.annotations?.[MIN_AGE_ANNOTATION];
  if (!pending) return minAge ? [`min-age ${minAge}: a new digest moves the tag only after that long`] : [];
  const at = movesAt(pending, minAgeOf(ref?.annotations));
  const from = pending.tag ? ` (${pending.tag})` : '';
  const wait =
    at > now.getTime() ? `moves in ${humanDuration(at - now.getTime())}` : 'moves at the next check';
  return [
    `pending ${pending.digest}${from}, min-age ${minAge ?? '0s'}`,
    `  first seen ${pending.firstSeen}, ${wait} (${new Date(at).toISOString()})`,
  ];
}

/** Lines (without indentation) for one tag of the stream. */
export function tagPolicyLines(
  stream: ImageStream,
  ref: TagReference | undefined,
  tag: string,
  now: Date,
): string[] {
  const selection = tagSelections(stream.metadata.annotations)[tag];
  return [...(selection ? selectionLines(selection) : []), ...pendingLines(stream, ref, tag, now)];
}

/** The spec generation a pending digest was seen for (-1: none). */
export function pendingGenerationOf(stream: ImageStream, tag: string): number {
  return pendingDigests(stream.metadata.annotations)[tag]?.generation ?? -1;
}
