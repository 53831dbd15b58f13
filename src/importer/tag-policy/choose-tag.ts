/**
 * The registry half of a tag policy: list the repository's tags (paginated and bounded by the
 * client's tag lister, `--max-listed-tags`) and choose the winner (select-tag.ts). A spec tag
 * follows its policy only when the import asks for exactly its source, a repository without tag
 * or digest: an ImageStreamImport for another reference imports that reference.
 */
import { parseDockerImageReference } from '../../api/docker-reference.js';
import { statusObject, StatusReason, type Status } from '../../api/status-error.js';
import { describePolicy, tagPolicyOf, type TagPolicy } from '../../api/tag-policy.js';
import type { ImageStream } from '../../api/types.js';
import { noCredentials, type CredentialStore } from '../../registry/index.js';
import type { ListTagsOptions } from '../../registry/tags.js';
import { importFailureStatus, isRegistryErrorLike } from '../import-errors.js';
import type { ImportReference } from '../image-ref.js';
import type { ImportRegistryClient } from '../resolve-image.js';
import { selectTag, type TagSelection } from './select-tag.js';

/** The policy the import of `to` from `from` follows, if any. */
export function followedPolicy(
  stream: ImageStream | undefined,
  to: string | undefined,
  from: string,
): TagPolicy | undefined {
  const spec = to === undefined ? undefined : stream?.spec?.tags?.find((t) => t.name === to);
  if (spec?.from?.kind !== 'DockerImage' || spec.from.name !== from) return undefined;
  try {
    const ref = parseDockerImageReference(from);
    if (ref.tag !== undefined || ref.digest !== undefined) return undefined;
  } catch {
    return undefined;
  }
  return tagPolicyOf(spec.annotations ?? undefined);
}

/** How a policy's failures begin: what policy-events.ts tells them apart from other failures by. */
export const PolicyFailure = {
  List: 'cannot list the tags of ',
  NoMatch: 'no tag of ',
} as const;
export type PolicyFailure = (typeof PolicyFailure)[keyof typeof PolicyFailure];

/** Which policy failure a condition message is, if any. */
export function policyFailureOf(message: string | undefined): PolicyFailure | undefined {
  return Object.values(PolicyFailure).find((p) => message?.startsWith(p));
}

export interface ChooseTagContext {
  client: ImportRegistryClient;
  /** retried with, without credentials, after a 401 */
  anonymousClient?: ImportRegistryClient | undefined;
  insecure: boolean;
  credentials?: CredentialStore | undefined;
  signal?: AbortSignal | undefined;
  pageSize?: number | undefined;
}

export type ChosenTag =
  { tag: string; selection: TagSelection } | { status: Status; selection?: TagSelection };

function listOptions(ctx: ChooseTagContext, credentials: CredentialStore | undefined): ListTagsOptions {
  return {
    insecure: ctx.insecure,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(credentials ? { credentials } : {}),
    ...(ctx.pageSize ? { pageSize: ctx.pageSize } : {}),
  };
}

async function list(ref: ImportReference, ctx: ChooseTagContext): Promise<string[]> {
  const repo = { registry: ref.registry, repository: ref.repository };
  try {
    return await ctx.client.listTags(repo, listOptions(ctx, ctx.credentials));
  } catch (err) {
    if (!(ctx.anonymousClient && isRegistryErrorLike(err) && err.kind === 'Unauthorized')) throw err;
    return await ctx.anonymousClient.listTags(repo, listOptions(ctx, noCredentials)).catch(() => {
      throw err; // the anonymous attempt's error would only confuse
    });
  }
}

export async function chooseTag(
  ref: ImportReference,
  policy: TagPolicy,
  ctx: ChooseTagContext,
): Promise<ChosenTag> {
  const repository = `${ref.registry}/${ref.repository}`;
  let tags: string[];
  try {
    tags = await list(ref, ctx);
  } catch (err) {
    const s = importFailureStatus(err, { ref: repository, repository, registry: ref.registry });
    return { status: { ...s, message: `${PolicyFailure.List}${repository}: ${s.message}` } };
  }
  const selection = selectTag(tags, policy);
  if (selection.winner) return { tag: selection.winner, selection };
  const message = `${PolicyFailure.NoMatch}${repository} matches the ${describePolicy(policy)} (${tags.length} tags listed)`;
  return { status: statusObject(404, StatusReason.NotFound, message), selection };
}
