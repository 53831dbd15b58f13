/**
 * Resolves a trigger to the image it should deploy: the tag's item 0 with the tag's reference
 * policy applied (`Source`: the item's dockerImageReference; `Local`:
 * `status.dockerImageRepository@image`), as OpenShift's `ResolveLatestTaggedImage` does.
 * Structural types keep this module independent of the API package's internals.
 */
import { isDigest } from '../api/digest.js';
import type { Trigger } from './trigger.js';

export interface TagEventView {
  dockerImageReference: string;
  image: string;
}

export interface ImageStreamView {
  spec?: { tags?: ReadonlyArray<{ name: string; referencePolicy?: { type?: string } }> };
  status?: {
    dockerImageRepository?: string;
    tags?: ReadonlyArray<{ tag: string; items?: readonly TagEventView[] | null }>;
  };
}

export interface ResolvedImage {
  /** What to run, by digest: `REPO@sha256:…`. */
  reference: string;
  digest: string;
}

/** `undefined` when the tag has no history (OpenShift ignores such a trigger). */
export function resolveTrigger(
  trigger: Pick<Trigger, 'from'>,
  stream: ImageStreamView,
): ResolvedImage | undefined {
  const tag = trigger.from.tag;
  const item = stream.status?.tags?.find((t) => t.tag === tag)?.items?.[0];
  const digest = item ? item.image || digestOf(item.dockerImageReference) : undefined;
  if (!item || !digest) return undefined;
  return { reference: referenceFor(stream, tag, item, digest), digest };
}

function referenceFor(stream: ImageStreamView, tag: string, item: TagEventView, digest: string): string {
  const policy = stream.spec?.tags?.find((t) => t.name === tag)?.referencePolicy?.type;
  const repo = stream.status?.dockerImageRepository;
  if (policy === 'Local' && repo) return `${repo}@${digest}`;
  return withDigest(item.dockerImageReference, digest);
}

/** The digest part of `REPO@sha256:…`, if it is a valid digest (src/api/digest.ts). */
export function digestOf(reference: string): string | undefined {
  const at = reference.lastIndexOf('@');
  if (at < 0) return undefined;
  const d = reference.slice(at + 1);
  return isDigest(d) ? d : undefined;
}

/** A reference pinned by digest: a tag reference gets `@digest` appended in place of its tag. */
function withDigest(reference: string, digest: string): string {
  if (digestOf(reference)) return reference;
  const slash = reference.lastIndexOf('/');
  const colon = reference.lastIndexOf(':');
  const repo = colon > slash ? reference.slice(0, colon) : reference;
  return `${repo}@${digest}`;
}
