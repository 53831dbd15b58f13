/**
 * The import failure condition on a mutable stream copy. Unlike the API's setImportCondition,
 * an identical failure (type, status, reason, message) is left alone even when the generation
 * differs, as OpenShift's importer does (`hasTagCondition`): every import attempt has a new
 * generation, and rewriting would turn each failed retry into a write.
 */
import type { ImageStream, NamedTagEventList, TagEventCondition } from '../api/types.js';

function statusTagList(stream: ImageStream, tag: string): NamedTagEventList {
  stream.status ??= { dockerImageRepository: '', tags: [] };
  const tags = (stream.status.tags ??= []);
  let list = tags.find((t) => t.tag === tag);
  if (!list) {
    list = { tag, items: [] };
    tags.push(list);
    tags.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  }
  return list;
}

/**
 * Sets the tag's ImportSuccess=False condition; false when an identical one (type, status,
 * reason, message) is already there, so lastTransitionTime keeps the first failure's time.
 */
export function setImportFailure(
  stream: ImageStream,
  tag: string,
  failure: { reason: string; message: string; generation: number },
  now: string,
): boolean {
  const list = statusTagList(stream, tag);
  const same = (list.conditions ?? []).some(
    (c) =>
      c.type === 'ImportSuccess' &&
      c.status === 'False' &&
      c.reason === failure.reason &&
      c.message === failure.message,
  );
  if (same) return false;
  const condition: TagEventCondition = {
    type: 'ImportSuccess',
    status: 'False',
    lastTransitionTime: now,
    reason: failure.reason,
    message: failure.message,
    generation: failure.generation,
  };
  list.conditions = [condition];
  return true;
}
