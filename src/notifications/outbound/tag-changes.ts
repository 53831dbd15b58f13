/**
 * Which tags moved between two versions of an ImageStream: a tag moves when the image of its
 * newest history item (status.tags[].items[0].image) changes or first appears. Pure.
 */
import type { ImageStream } from '../../api/types.js';

export interface TagChange {
  namespace: string;
  stream: string;
  uid?: string;
  tag: string;
  oldDigest?: string;
  newDigest: string;
  /** `registry/repository@digest` of the new image */
  dockerImageReference: string;
  /** the stream's resourceVersion that carried the change */
  resourceVersion?: string;
}

export interface TagHead {
  image: string;
  dockerImageReference: string;
}

/** tag -> newest history item */
export type TagSnapshot = Map<string, TagHead>;

export interface StreamIdentity {
  namespace: string;
  name: string;
  uid?: string;
  resourceVersion?: string;
}

export function streamIdentity(stream: ImageStream): StreamIdentity {
  const { metadata } = stream;
  const id: StreamIdentity = { namespace: metadata.namespace ?? 'default', name: metadata.name };
  if (metadata.uid) id.uid = metadata.uid;
  if (metadata.resourceVersion) id.resourceVersion = metadata.resourceVersion;
  return id;
}

export function tagSnapshot(stream: ImageStream): TagSnapshot {
  const snapshot: TagSnapshot = new Map();
  for (const tag of stream.status?.tags ?? []) {
    const head = tag.items?.[0];
    if (head) snapshot.set(tag.tag, { image: head.image, dockerImageReference: head.dockerImageReference });
  }
  return snapshot;
}

export function diffTagSnapshots(
  previous: TagSnapshot | undefined,
  next: TagSnapshot,
  id: StreamIdentity,
): TagChange[] {
  const changes: TagChange[] = [];
  for (const [tag, head] of next) {
    const old = previous?.get(tag);
    if (old?.image === head.image) continue;
    const change: TagChange = {
      namespace: id.namespace,
      stream: id.name,
      tag,
      newDigest: head.image,
      dockerImageReference: head.dockerImageReference,
    };
    if (old) change.oldDigest = old.image;
    if (id.uid) change.uid = id.uid;
    if (id.resourceVersion) change.resourceVersion = id.resourceVersion;
    changes.push(change);
  }
  return changes;
}

/** The tag changes from `previous` (undefined: the stream is new to us) to `next`. */
export function detectTagChanges(previous: ImageStream | undefined, next: ImageStream): TagChange[] {
  return diffTagSnapshots(
    previous === undefined ? undefined : tagSnapshot(previous),
    tagSnapshot(next),
    streamIdentity(next),
  );
}
