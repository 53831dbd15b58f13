/**
 * Events of tag policies and cooldown, pure: derived from the stream before an import and the
 * stream it wrote, so each change of state gives one Event and an unchanged re-check none (the
 * records a re-check finds the same are not rewritten: records.ts). Normal `TagPolicySelected`
 * when the policy's winner changes, Warning `TagPolicyFailed` when the tag enters a policy
 * failure (tags cannot be listed, nothing matches), Normal `CooldownStarted` when a digest is
 * held (a newer one replacing it starts again), Normal `CooldownElapsed` when the held digest
 * moves the tag.
 */
import { MIN_AGE_ANNOTATION, minAgeOf, tagPolicyOf } from '../../api/tag-policy.js';
import type { ImageStream } from '../../api/types.js';
import type { ImportEvent } from '../import-events.js';
import { policyFailureOf } from './choose-tag.js';
import { movesAt } from './cooldown.js';
import { pendingDigests, tagSelections } from './records.js';

export const PolicyEventReason = {
  Selected: 'TagPolicySelected',
  Failed: 'TagPolicyFailed',
  CooldownStarted: 'CooldownStarted',
  CooldownElapsed: 'CooldownElapsed',
} as const;
export type PolicyEventReason = (typeof PolicyEventReason)[keyof typeof PolicyEventReason];

export interface PolicyEvent extends ImportEvent {
  reason: PolicyEventReason;
  tag: string;
}

type Stream = ImageStream | undefined;

/** A stream's records, parsed once per import. */
interface Records {
  selections: ReturnType<typeof tagSelections>;
  pending: ReturnType<typeof pendingDigests>;
}

const recordsOf = (stream: Stream): Records => ({
  selections: tagSelections(stream?.metadata.annotations),
  pending: pendingDigests(stream?.metadata.annotations),
});

function specAnnotations(stream: ImageStream, tag: string) {
  return stream.spec?.tags?.find((t) => t.name === tag)?.annotations ?? undefined;
}

function statusTag(stream: Stream, tag: string) {
  return stream?.status?.tags?.find((t) => t.tag === tag);
}

function selectionEvents(was: Records, now: Records, after: ImageStream): PolicyEvent[] {
  const out: PolicyEvent[] = [];
  for (const [tag, s] of Object.entries(now.selections)) {
    const old = was.selections[tag]?.winner;
    if (!s.winner || s.winner === old) continue;
    const message =
      `Tag ${after.metadata.name}:${tag}: the ${s.policy} chose ${s.winner}, was ${old ?? 'none'} ` +
      `(${s.listed} tags listed, ${s.matched} matched)`;
    out.push({ type: 'Normal', reason: PolicyEventReason.Selected, tag, message });
  }
  return out;
}

/** The tag's policy failure as a state (which failure, which reason), if it is in one. */
function failureOf(stream: Stream, tag: string) {
  const c = statusTag(stream, tag)?.conditions?.find(
    (x) => x.type === 'ImportSuccess' && x.status === 'False',
  );
  const kind = policyFailureOf(c?.message);
  return c && kind ? { state: `${kind}|${c.reason}`, message: c.message } : undefined;
}

function failureEvents(before: Stream, after: ImageStream): PolicyEvent[] {
  const out: PolicyEvent[] = [];
  for (const { tag } of after.status?.tags ?? []) {
    const now = failureOf(after, tag);
    // a new count of listed tags is the same failure: only another kind or reason is a change
    if (!now || now.state === failureOf(before, tag)?.state) continue;
    if (!tagPolicyOf(specAnnotations(after, tag))) continue;
    const message = `Tag ${after.metadata.name}:${tag} not moved: ${now.message}`;
    out.push({ type: 'Warning', reason: PolicyEventReason.Failed, tag, message });
  }
  return out;
}

function cooldownStarted(was: Records, now: Records, after: ImageStream): PolicyEvent[] {
  const out: PolicyEvent[] = [];
  for (const [tag, p] of Object.entries(now.pending)) {
    const old = was.pending[tag];
    if (old?.digest === p.digest) continue;
    const annotations = specAnnotations(after, tag);
    const at = new Date(movesAt(p, minAgeOf(annotations))).toISOString();
    const message =
      `Tag ${after.metadata.name}:${tag} holds ${p.digest}${p.tag ? ` (${p.tag})` : ''} ` +
      `for its min-age ${annotations?.[MIN_AGE_ANNOTATION] ?? ''}: moves at ${at}` +
      (old ? `; replaces the pending ${old.digest}` : '');
    out.push({ type: 'Normal', reason: PolicyEventReason.CooldownStarted, tag, message });
  }
  return out;
}

function cooldownElapsed(was: Records, now: Records, after: ImageStream): PolicyEvent[] {
  const out: PolicyEvent[] = [];
  for (const [tag, p] of Object.entries(was.pending)) {
    if (now.pending[tag]?.digest === p.digest) continue;
    if (statusTag(after, tag)?.items?.[0]?.image !== p.digest) continue;
    const message = `Tag ${after.metadata.name}:${tag} moved to ${p.digest}${p.tag ? ` (${p.tag})` : ''}, first seen ${p.firstSeen}`;
    out.push({ type: 'Normal', reason: PolicyEventReason.CooldownElapsed, tag, message });
  }
  return out;
}

/** The Events due for what changed from `before` to `after` (the stream the import wrote). */
export function policyEvents(before: Stream, after: ImageStream | undefined): PolicyEvent[] {
  if (!after || before === after) return [];
  const was = recordsOf(before);
  const now = recordsOf(after);
  return [
    ...selectionEvents(was, now, after),
    ...failureEvents(before, after),
    ...cooldownStarted(was, now, after),
    ...cooldownElapsed(was, now, after),
  ];
}
