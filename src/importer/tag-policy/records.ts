/**
 * Reading and writing the per-tag records (schema.ts) on a stream's annotations. A record is
 * written only when it changed, so an unchanged re-check writes nothing.
 */
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import type { ImageStream } from '../../api/types.js';
import {
  COOLDOWN_ANNOTATION,
  PendingDigestsSchema,
  TAG_SELECTION_ANNOTATION,
  TagSelectionsSchema,
  type PendingDigest,
} from './schema.js';
import type { TagSelection } from './select-tag.js';

type Annotations = Readonly<Record<string, string>> | null | undefined;

function readRecord<T>(annotations: Annotations, key: string, schema: z.ZodType<Record<string, T>>) {
  const text = annotations?.[key];
  if (!text) return {};
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export function tagSelections(annotations: Annotations): Record<string, TagSelection> {
  return readRecord(annotations, TAG_SELECTION_ANNOTATION, TagSelectionsSchema) as Record<
    string,
    TagSelection
  >;
}

export function pendingDigests(annotations: Annotations): Record<string, PendingDigest> {
  return readRecord(annotations, COOLDOWN_ANNOTATION, PendingDigestsSchema);
}

/** Sets (or with `undefined`, removes) one tag's entry of a record on a mutable stream; true when it changed. */
function setEntry<T>(
  stream: ImageStream,
  key: string,
  all: Record<string, T>,
  tag: string,
  value: T | undefined,
) {
  if (isDeepStrictEqual(all[tag], value)) return false;
  const next = { ...all };
  if (value === undefined) delete next[tag];
  else next[tag] = value;
  const annotations = { ...stream.metadata.annotations };
  if (Object.keys(next).length === 0) delete annotations[key];
  else annotations[key] = JSON.stringify(next);
  stream.metadata.annotations = annotations;
  return true;
}

export function setTagSelection(
  stream: ImageStream,
  tag: string,
  selection: TagSelection | undefined,
): boolean {
  const all = tagSelections(stream.metadata.annotations);
  return setEntry(stream, TAG_SELECTION_ANNOTATION, all, tag, selection);
}

export function setPendingDigest(
  stream: ImageStream,
  tag: string,
  pending: PendingDigest | undefined,
): boolean {
  const all = pendingDigests(stream.metadata.annotations);
  return setEntry(stream, COOLDOWN_ANNOTATION, all, tag, pending);
}
