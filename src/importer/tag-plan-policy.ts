/**
 * The tag policy and cooldown flags of `isctl tag` (--semver, --tag-pattern, --tag-order,
 * --min-age), written as the spec tag's annotations (src/api/tag-policy.ts). Pure.
 */
import { SourceKind } from '../api/constants.js';
import { parseDockerImageReference } from '../api/docker-reference.js';
import {
  MIN_AGE_ANNOTATION,
  SEMVER_ANNOTATION,
  TAG_ORDER_ANNOTATION,
  TAG_PATTERN_ANNOTATION,
} from '../api/tag-policy.js';
import type { SpecTagShape, TagFlags, TagSource } from './tag-plan.js';

/** What is wrong with the policy flags, if anything. */
export function tagPolicyFlagProblem(source: TagSource, flags: TagFlags): string | undefined {
  if (flags.semver !== undefined && flags.tagPattern !== undefined)
    return '--semver and --tag-pattern cannot be used together';
  if (flags.tagOrder !== undefined && flags.tagPattern === undefined)
    return '--tag-order requires --tag-pattern';
  if (flags.tagPattern !== undefined && flags.tagOrder === undefined)
    return '--tag-pattern requires --tag-order (numerical, alphabetical or semver)';
  if ((flags.semver !== undefined || flags.tagPattern !== undefined) && namesTag(source))
    return `a tag policy follows a repository: give "${source.name}" without a tag or digest`;
  return undefined;
}

/** A docker source naming a tag or digest (`reg/app:1`), not a whole repository. */
function namesTag(source: TagSource): boolean {
  if (source.kind !== SourceKind.DockerImage) return true;
  try {
    const ref = parseDockerImageReference(source.name);
    return ref.tag !== undefined || ref.digest !== undefined;
  } catch {
    return true;
  }
}

const POLICY_ANNOTATIONS = [SEMVER_ANNOTATION, TAG_PATTERN_ANNOTATION, TAG_ORDER_ANNOTATION];

/** The spec tag's annotations with the policy flags applied; a source naming a tag drops the policy. */
export function annotationsOf(
  source: TagSource,
  flags: TagFlags,
  existing: SpecTagShape | undefined,
): Record<string, string> | undefined {
  const out: Record<string, string> = { ...existing?.annotations };
  const policy: Record<string, string | undefined> = {
    [SEMVER_ANNOTATION]: flags.semver,
    [TAG_PATTERN_ANNOTATION]: flags.tagPattern,
    [TAG_ORDER_ANNOTATION]: flags.tagOrder,
  };
  const replacing = flags.semver !== undefined || flags.tagPattern !== undefined || namesTag(source);
  for (const key of POLICY_ANNOTATIONS) {
    if (replacing) delete out[key];
    const value = policy[key];
    if (value !== undefined) out[key] = value;
  }
  if (flags.minAge !== undefined) out[MIN_AGE_ANNOTATION] = flags.minAge;
  if (source.kind !== SourceKind.DockerImage) delete out[MIN_AGE_ANNOTATION];
  return Object.keys(out).length > 0 ? out : undefined;
}
