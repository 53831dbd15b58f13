/**
 * The trigger controllers' index (OpenShift's trigger cache indexed by image stream, but by tag):
 * which followers (a Docker group, a workload, a WebhookTrigger) follow which stream tag, and what
 * each tag of a stream resolves to, so that a stream change wakes exactly the followers of the
 * tags it moved. Pure: unit-tested without a store or a queue.
 */
import { latestTaggedImage } from '../../api/tag-history.js';
import type { ImageStream } from '../../api/types.js';

/** A tag a follower follows: `namespace/stream:tag`. */
export interface FollowedTag {
  namespace: string;
  stream: string;
  tag: string;
}

const streamKey = (namespace: string, stream: string): string => `${namespace}/${stream}`;
const tagKey = (t: FollowedTag): string => `${streamKey(t.namespace, t.stream)}:${t.tag}`;

/**
 * What each tag of a stream resolves to (resolveTagImage's inputs): item 0 and, for the Local
 * reference policy, the stream's repository. Import conditions, older items and other tags'
 * changes leave a tag's fingerprint unchanged.
 */
export function tagFingerprints(stream: ImageStream): Map<string, string> {
  const out = new Map<string, string>();
  const local = new Set(
    (stream.spec?.tags ?? []).filter((t) => t.referencePolicy?.type === 'Local').map((t) => t.name),
  );
  for (const t of stream.status?.tags ?? []) {
    const head = latestTaggedImage(stream, t.tag);
    const repository = local.has(t.tag) ? (stream.status?.dockerImageRepository ?? '') : '';
    out.set(t.tag, JSON.stringify([head?.image ?? '', head?.dockerImageReference ?? '', repository]));
  }
  // a spec tag whose policy changed resolves differently even before its history does
  for (const name of local) if (!out.has(name)) out.set(name, 'local');
  return out;
}

/** The stream's fingerprint as a whole: the informer passes on only changes a trigger can see. */
export function streamFingerprint(stream: ImageStream): string {
  return JSON.stringify([...tagFingerprints(stream)].sort(([a], [b]) => a.localeCompare(b)));
}

/** Tags whose fingerprint differs between two looks at a stream (added, moved or removed). */
export function movedTags(
  before: ReadonlyMap<string, string> | undefined,
  after: ReadonlyMap<string, string>,
): string[] {
  const moved = new Set<string>();
  for (const [tag, fp] of after) if (before?.get(tag) !== fp) moved.add(tag);
  for (const tag of before?.keys() ?? []) if (!after.has(tag)) moved.add(tag);
  return [...moved];
}

/** Followers by the stream tags they follow, and back. */
export class FollowIndex {
  private readonly tagsOf = new Map<string, string[]>();
  private readonly byTag = new Map<string, Set<string>>();

  /** Replaces what `follower` follows. */
  set(follower: string, tags: readonly FollowedTag[]): void {
    this.delete(follower);
    const keys = [...new Set(tags.map(tagKey))];
    this.tagsOf.set(follower, keys);
    for (const k of keys) {
      const set = this.byTag.get(k) ?? new Set<string>();
      set.add(follower);
      this.byTag.set(k, set);
    }
  }

  delete(follower: string): void {
    for (const k of this.tagsOf.get(follower) ?? []) {
      const set = this.byTag.get(k);
      set?.delete(follower);
      if (set?.size === 0) this.byTag.delete(k);
    }
    this.tagsOf.delete(follower);
  }

  /** Followers of the given tags of `namespace/stream`. */
  following(namespace: string, stream: string, tags: readonly string[]): string[] {
    const out = new Set<string>();
    for (const tag of tags) {
      for (const f of this.byTag.get(tagKey({ namespace, stream, tag })) ?? []) out.add(f);
    }
    return [...out];
  }
}
