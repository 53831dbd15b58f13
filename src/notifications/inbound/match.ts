/**
 * Which image stream tags follow a pushed repository and tag: spec tags importing from that
 * exact `registry/repository:tag`, and every tag of streams whose spec.dockerImageRepository is
 * that repository. Pure; the caller passes the streams (all of them, or the candidates an index
 * by repositoryIndexKey finds).
 */
import {
  normalizeDockerImageReference,
  parseDockerImageReference,
  type DockerImageReference,
} from '../../api/docker-reference.js';
import { signedDigestOfTag } from '../../api/cosign-tag.js';
import { tagPolicyOf } from '../../api/tag-policy.js';
import type { ImageStream, TagReference } from '../../api/types.js';
import type { PushEvent } from './push-event.js';
import { normalizeRegistryHost, normalizeRepository } from './registry-host.js';

export interface StreamTagMatch {
  namespace: string;
  stream: string;
  tag: string;
}

function parseReference(name: string): DockerImageReference | undefined {
  try {
    return normalizeDockerImageReference(name);
  } catch {
    return undefined;
  }
}

function sameRepository(event: PushEvent, ref: DockerImageReference): boolean {
  if (
    event.registryHost !== undefined &&
    normalizeRegistryHost(event.registryHost) !== normalizeRegistryHost(ref.registry)
  ) {
    return false;
  }
  return (
    normalizeRepository(event.registryHost ?? ref.registry, event.repository) ===
    normalizeRepository(ref.registry, ref.repository)
  );
}

/** A tag following a policy (src/api/tag-policy.ts) looks at the repository's tags on any push to it. */
function followsPolicy(specTag: TagReference): boolean {
  if (!tagPolicyOf(specTag.annotations)) return false;
  try {
    const raw = parseDockerImageReference(specTag.from?.name ?? '');
    return raw.tag === undefined && raw.digest === undefined;
  } catch {
    return false;
  }
}

function specTagMatches(event: PushEvent, stream: ImageStream): string[] {
  const tags: string[] = [];
  for (const specTag of stream.spec.tags ?? []) {
    if (specTag.from?.kind !== 'DockerImage') continue;
    const ref = parseReference(specTag.from.name);
    // a reference pinned to a digest does not move when the tag is pushed again
    if (!ref || ref.digest !== undefined) continue;
    if (ref.tag !== event.tag && !followsPolicy(specTag)) continue;
    if (sameRepository(event, ref)) tags.push(specTag.name);
  }
  return tags;
}

function repositoryMatches(event: PushEvent, stream: ImageStream): boolean {
  const repo = stream.spec.dockerImageRepository;
  if (!repo) return false;
  // a spec tag of that name with its own source follows that source, not the repository
  if (stream.spec.tags?.some((t) => t.name === event.tag && t.from)) return false;
  const ref = parseReference(repo);
  return !!ref && sameRepository(event, ref);
}

/**
 * A coarse key for "this repository, on some registry": lower case, without Docker Hub's
 * `library/`. Equal keys are necessary for a match (never sufficient): an index by it narrows the
 * streams matchPushEvent must look at.
 */
export function repositoryIndexKey(repository: string): string {
  return repository
    .replace(/^\/+|\/+$/g, '')
    .toLowerCase()
    .replace(/^library\//, '');
}

/** The index keys of every repository a stream follows (its spec tags' sources and dockerImageRepository). */
export function followedRepositoryKeys(stream: ImageStream): string[] {
  const keys = new Set<string>();
  for (const specTag of stream.spec.tags ?? []) {
    if (specTag.from?.kind !== 'DockerImage') continue;
    const ref = parseReference(specTag.from.name);
    if (ref) keys.add(repositoryIndexKey(ref.repository));
  }
  const repo = stream.spec.dockerImageRepository;
  const ref = repo ? parseReference(repo) : undefined;
  if (ref) keys.add(repositoryIndexKey(ref.repository));
  return [...keys];
}

const SIGNATURE_REFUSALS: ReadonlySet<string> = new Set(['SignatureMissing', 'SignatureInvalid']);

function followsRepository(event: PushEvent, stream: ImageStream, tag: string): boolean {
  const specTag = stream.spec.tags?.find((t) => t.name === tag);
  const source = specTag?.from?.kind === 'DockerImage' ? specTag.from.name : undefined;
  const ref = source ? parseReference(source) : undefined;
  if (ref) return ref.digest === undefined && sameRepository(event, ref);
  return repositoryMatches({ ...event, tag }, stream);
}

/**
 * A signature pushed for a digest the importer refused (`docker push`, then `cosign sign`): the
 * tags of that repository whose last import was refused for its signature are imported again.
 */
function signatureRetries(event: PushEvent, stream: ImageStream): string[] {
  const refused = (stream.status?.tags ?? []).filter((t) =>
    (t.conditions ?? []).some(
      (c) => c.type === 'ImportSuccess' && c.status === 'False' && SIGNATURE_REFUSALS.has(c.reason ?? ''),
    ),
  );
  return refused.map((t) => t.tag).filter((tag) => followsRepository(event, stream, tag));
}

export function matchPushEvent(event: PushEvent, streams: readonly ImageStream[]): StreamTagMatch[] {
  if (event.tag === undefined) return [];
  // cosign's signature tag or referrers index: pushed after the image it signs
  const signature = signedDigestOfTag(event.tag) !== undefined;
  const seen = new Set<string>();
  const out: StreamTagMatch[] = [];
  const add = (namespace: string, stream: string, tag: string): void => {
    const key = `${namespace}/${stream}:${tag}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ namespace, stream, tag });
  };
  for (const stream of streams) {
    const namespace = stream.metadata.namespace ?? 'default';
    if (signature) {
      for (const tag of signatureRetries(event, stream)) add(namespace, stream.metadata.name, tag);
      continue;
    }
    for (const tag of specTagMatches(event, stream)) add(namespace, stream.metadata.name, tag);
    if (repositoryMatches(event, stream)) add(namespace, stream.metadata.name, event.tag);
  }
  return out;
}
