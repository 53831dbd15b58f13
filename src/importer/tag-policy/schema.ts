/**
 * The two records the importer keeps on a stream, as annotations (JSON objects keyed by spec
 * tag): what the last tag-policy selection chose and why, and the digests waiting out a
 * cooldown. Read leniently (anyone who may edit the stream may edit them): an unreadable record
 * is an empty one.
 */
import { z } from 'zod';

/** `imagestreams.io/tag-selection`: per spec tag, the last selection (select-tag.ts). */
export const TAG_SELECTION_ANNOTATION = 'imagestreams.io/tag-selection';
/** `imagestreams.io/cooldown`: per spec tag, the digest waiting for its `min-age`. */
export const COOLDOWN_ANNOTATION = 'imagestreams.io/cooldown';

const TagSelectionSchema = z.object({
  policy: z.string(),
  winner: z.string().optional(),
  listed: z.number(),
  matched: z.number(),
  runnersUp: z.array(z.string()),
  excluded: z.record(z.string(), z.number()),
  examples: z.array(z.object({ tag: z.string(), why: z.string() })),
});

export const PendingDigestSchema = z.object({
  digest: z.string(),
  /** `registry/repository@digest` */
  reference: z.string(),
  /** RFC 3339: when the importer first saw this digest for this tag (never the image's `created`) */
  firstSeen: z.string(),
  /** the spec tag generation it was seen for: the tag needs no import for that generation again */
  generation: z.number(),
  /** the registry tag it came from (a policy's winner), when known */
  tag: z.string().optional(),
});
export type PendingDigest = z.infer<typeof PendingDigestSchema>;

export const TagSelectionsSchema = z.record(z.string(), TagSelectionSchema);
export const PendingDigestsSchema = z.record(z.string(), PendingDigestSchema);
