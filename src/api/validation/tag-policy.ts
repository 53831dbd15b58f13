/**
 * The tag policy and cooldown annotations of a spec tag (src/api/tag-policy.ts): a bad range,
 * pattern, order or duration is refused when written (422 naming the annotation), never stored
 * to fail at every import.
 */
import { parseDockerImageReference } from '../docker-reference.js';
import { fieldInvalid } from '../field-errors.js';
import type { StatusCause } from '../status-error.js';
import {
  MIN_AGE_ANNOTATION,
  SEMVER_ANNOTATION,
  TAG_PATTERN_ANNOTATION,
  tagPolicyProblems,
} from '../tag-policy.js';
import type { TagReference } from '../types.js';

const annotationPath = (path: string, annotation: string) => `${path}.annotations[${annotation}]`;

/** A policy follows a repository: `from` must be a DockerImage without a tag or digest. */
function sourceProblem(ref: TagReference, annotation: string, path: string): StatusCause[] {
  const from = ref.from;
  if (from?.kind !== 'DockerImage')
    return [
      fieldInvalid(
        annotationPath(path, annotation),
        ref.annotations?.[annotation],
        'applies only to DockerImage sources',
      ),
    ];
  if (annotation === MIN_AGE_ANNOTATION) return [];
  try {
    const parsed = parseDockerImageReference(from.name);
    if (parsed.tag === undefined && parsed.digest === undefined) return [];
  } catch {
    return []; // from.name's own validation says what is wrong with it
  }
  return [
    fieldInvalid(
      `${path}.from.name`,
      from.name,
      `a tag following ${annotation} names a repository, without a tag or digest`,
    ),
  ];
}

export function validateTagPolicy(ref: TagReference, path: string): StatusCause[] {
  const annotations = ref.annotations ?? undefined;
  const causes = tagPolicyProblems(annotations).map((p) =>
    fieldInvalid(annotationPath(path, p.annotation), p.value, p.message),
  );
  const policy = [SEMVER_ANNOTATION, TAG_PATTERN_ANNOTATION].find((a) => annotations?.[a] !== undefined);
  if (policy) causes.push(...sourceProblem(ref, policy, path));
  else if (annotations?.[MIN_AGE_ANNOTATION] !== undefined)
    causes.push(...sourceProblem(ref, MIN_AGE_ANNOTATION, path));
  return causes;
}
