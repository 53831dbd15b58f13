/**
 * Cooldown (`imagestreams.io/min-age`), pure: a digest the tag has never had moves it only once
 * the importer has known it for min-age. The first-seen time is ours (when an import first got
 * this digest for this tag), never the image's `created`, which the publisher sets. A newer
 * digest restarts the clock; a digest already in the tag's history (a rollback) moves at once.
 * The pending digest lives in the stream (schema.ts), so restarts and leader changes keep it.
 */
import type { PendingDigest } from './schema.js';

export interface CooldownInput {
  minAgeMs: number;
  /** what the registry answered */
  digest: string;
  reference: string;
  /** the registry tag, for describe */
  tag?: string | undefined;
  /** the spec tag's generation */
  generation: number;
  /** digests of the tag's history, newest first */
  history: readonly string[];
  pending: PendingDigest | undefined;
  now: Date;
}

export interface CooldownDecision {
  /** true: record the digest now */
  move: boolean;
  /** the tag's pending digest after this import (undefined: none) */
  pending: PendingDigest | undefined;
}

/** Epoch ms at which a pending digest may move the tag. */
export function movesAt(pending: PendingDigest, minAgeMs: number): number {
  const seen = Date.parse(pending.firstSeen);
  return (Number.isNaN(seen) ? 0 : seen) + minAgeMs;
}

export function cooldownDecision(input: CooldownInput): CooldownDecision {
  const { pending, digest } = input;
  if (input.minAgeMs <= 0 || input.history.includes(digest)) return { move: true, pending: undefined };
  if (pending?.digest === digest) {
    if (input.now.getTime() >= movesAt(pending, input.minAgeMs)) return { move: true, pending: undefined };
    return {
      move: false,
      pending: { ...pending, generation: Math.max(pending.generation, input.generation) },
    };
  }
  const next: PendingDigest = {
    digest,
    reference: input.reference,
    // milliseconds kept: a time truncated to the second would let the digest move early
    firstSeen: input.now.toISOString(),
    generation: input.generation,
  };
  if (input.tag) next.tag = input.tag;
  return { move: false, pending: next };
}
