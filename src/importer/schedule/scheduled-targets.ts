/**
 * What the schedule needs to know about a stream, derived from stored state only, so a restart
 * re-derives the same thing: its scheduled tags, the reference each follows (tags following
 * the same reference with the same access share one check group, hence one HEAD), the digest it
 * points at and when it was last imported or checked.
 */
import type { DockerImageReference } from '../../api/docker-reference.js';
import type { ImageStream, NamedTagEventList, TagReference } from '../../api/types.js';
import { canonicalRegistry } from '../../registry/index.js';
import { parseImportReference } from '../image-ref.js';
import { followedPolicy } from '../tag-policy/choose-tag.js';
import { DOCKER_REPOSITORY_CHECK_ANNOTATION, insecureAllowed, scheduledTags } from '../needs-import.js';

export interface ScheduledTag {
  /** `namespace/stream:tag` */
  key: string;
  namespace: string;
  stream: string;
  tag: string;
  /** the spec tag's `from.name` */
  from: string;
  registry: string;
  repository: string;
  /** tag or digest asked of the registry */
  reference: string;
  insecure: boolean;
  /** registry/repository:reference plus the access used: the check group */
  groupKey: string;
  /** a tag policy (src/api/tag-policy.ts): each check lists the repository's tags, no HEAD */
  followsPolicy?: boolean;
  /** status items[0].image */
  digest?: string;
  /** ImportSuccess is False */
  failing: boolean;
  /** newest of the stream's dockerRepositoryCheck, items[0].created, the condition's lastTransitionTime */
  lastCheckMs?: number;
}

function parseTime(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : t;
}

function newest(...times: (number | undefined)[]): number | undefined {
  const known = times.filter((t): t is number => t !== undefined);
  return known.length ? Math.max(...known) : undefined;
}

/** The stream's `openshift.io/image.dockerRepositoryCheck` time, if set and valid. */
function repositoryCheckTime(stream: ImageStream): number | undefined {
  return parseTime(stream.metadata.annotations?.[DOCKER_REPOSITORY_CHECK_ANNOTATION]);
}

/**
 * The access of a check: the transport, and the namespace, whose pull secrets (and permission
 * for the server-wide credentials) the HEAD uses: a group never shares an answer obtained with
 * one namespace's credentials with another namespace.
 */
function accessOf(insecure: boolean, namespace: string): string {
  return `${insecure ? 'insecure' : 'secure'} ns=${namespace}`;
}

function lastCheckOf(stream: ImageStream, status: NamedTagEventList | undefined): number | undefined {
  const condition = status?.conditions?.find((c) => c.type === 'ImportSuccess');
  return newest(
    repositoryCheckTime(stream),
    parseTime(status?.items?.[0]?.created),
    parseTime(condition?.lastTransitionTime),
  );
}

function parseSource(tag: TagReference): DockerImageReference | undefined {
  try {
    return parseImportReference(tag.from?.name ?? '');
  } catch {
    return undefined; // an unparseable source fails in the import controller, with a condition
  }
}

/** What the registry is asked, and the group that asks it once for every follower. */
function identityOf(ref: DockerImageReference, insecure: boolean, namespace: string) {
  const registry = canonicalRegistry(ref.registry);
  const reference = ref.digest ?? ref.tag ?? 'latest';
  const sep = ref.digest ? '@' : ':';
  return {
    registry,
    repository: ref.repository,
    reference,
    insecure,
    groupKey: `${registry}/${ref.repository}${sep}${reference} ${accessOf(insecure, namespace)}`,
  };
}

function isFailing(status: NamedTagEventList | undefined): boolean {
  return Boolean(status?.conditions?.some((c) => c.type === 'ImportSuccess' && c.status === 'False'));
}

function targetOf(stream: ImageStream, tag: TagReference): ScheduledTag | undefined {
  const ref = parseSource(tag);
  if (!ref) return undefined;
  const namespace = stream.metadata.namespace ?? '';
  const status = stream.status?.tags?.find((t) => t.tag === tag.name);
  const target: ScheduledTag = {
    key: `${namespace}/${stream.metadata.name}:${tag.name}`,
    namespace,
    stream: stream.metadata.name,
    tag: tag.name,
    from: tag.from?.name ?? '',
    ...identityOf(ref, insecureAllowed(stream, tag), namespace),
    failing: isFailing(status),
  };
  const policy = followedPolicy(stream, tag.name, target.from);
  if (policy) {
    // tags of one repository following the same policy share a check: one tag listing
    target.followsPolicy = true;
    target.groupKey = `${target.registry}/${target.repository} policy=${JSON.stringify(policy)} ${accessOf(target.insecure, namespace)}`;
  }
  const digest = status?.items?.[0]?.image;
  if (digest) target.digest = digest;
  const last = lastCheckOf(stream, status);
  if (last !== undefined) target.lastCheckMs = last;
  return target;
}

/** The stream's tags the schedule re-checks (pinned digests with an image are left out). */
export function scheduledTargets(stream: ImageStream): ScheduledTag[] {
  return scheduledTags(stream)
    .map((t) => targetOf(stream, t))
    .filter((t): t is ScheduledTag => t !== undefined);
}
