/**
 * Tag policies and cooldown, read from a spec tag's annotations (our meaning on top of a valid
 * image.openshift.io/v1 TagReference):
 * - `imagestreams.io/semver: RANGE`: follow the highest tag of the repository in a node-semver range;
 * - `imagestreams.io/tag-pattern: RE2` + `imagestreams.io/tag-order: numerical|alphabetical|semver`:
 *   follow the highest matching tag, ordered by the named group `order` when there is one;
 * - `imagestreams.io/min-age: DURATION`: a new digest moves the tag only once it was seen that long.
 * Pure: the importer and validation read the same rules.
 */
import { RE2JS } from 're2js';
import semver from 'semver';
import { parseGoDurationNs } from './duration.js';

export const SEMVER_ANNOTATION = 'imagestreams.io/semver';
export const TAG_PATTERN_ANNOTATION = 'imagestreams.io/tag-pattern';
export const TAG_ORDER_ANNOTATION = 'imagestreams.io/tag-order';
export const MIN_AGE_ANNOTATION = 'imagestreams.io/min-age';

export const TagOrder = { Numerical: 'numerical', Alphabetical: 'alphabetical', Semver: 'semver' } as const;
export type TagOrder = (typeof TagOrder)[keyof typeof TagOrder];
const TAG_ORDERS: readonly TagOrder[] = Object.values(TagOrder);

/** the named group whose text orders the tags (Flux's filterTags.extract) */
export const ORDER_GROUP = 'order';
/** longer patterns are refused: a policy is a line, not a program */
const MAX_PATTERN_LENGTH = 1024;

export type TagPolicy =
  { kind: 'semver'; range: string } | { kind: 'pattern'; pattern: string; order: TagOrder };

/** A policy annotation that cannot be used, with the annotation it is about. */
export interface PolicyProblem {
  annotation: string;
  value: string;
  message: string;
}

type Annotations = Readonly<Record<string, string>> | null | undefined;

function semverProblem(range: string): string | undefined {
  if (range.trim() === '') return 'must be a semver range, e.g. ~1.2 or >=1.0.0 <2.0.0';
  return semver.validRange(range) === null ? 'is not a valid semver range (node-semver syntax)' : undefined;
}

/** RE2 syntax only (linear time: no look-around, no back-references). */
export function compilePattern(pattern: string): RE2JS {
  if (pattern.length > MAX_PATTERN_LENGTH) throw new Error(`is longer than ${MAX_PATTERN_LENGTH} characters`);
  try {
    return RE2JS.compile(pattern);
  } catch (e) {
    throw new Error(`does not compile as an RE2 regular expression: ${(e as Error).message}`, { cause: e });
  }
}

function patternProblems(pattern: string, order: string | undefined): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  try {
    compilePattern(pattern);
  } catch (e) {
    problems.push({ annotation: TAG_PATTERN_ANNOTATION, value: pattern, message: (e as Error).message });
  }
  if (order === undefined)
    problems.push({
      annotation: TAG_ORDER_ANNOTATION,
      value: '',
      message: `is required with ${TAG_PATTERN_ANNOTATION}: one of ${TAG_ORDERS.join(', ')}`,
    });
  else if (!(TAG_ORDERS as readonly string[]).includes(order))
    problems.push({
      annotation: TAG_ORDER_ANNOTATION,
      value: order,
      message: `must be one of ${TAG_ORDERS.join(', ')}`,
    });
  return problems;
}

/** What is wrong with the policy annotations; `[]` when they are usable (or absent). */
export function tagPolicyProblems(annotations: Annotations): PolicyProblem[] {
  const range = annotations?.[SEMVER_ANNOTATION];
  const pattern = annotations?.[TAG_PATTERN_ANNOTATION];
  const order = annotations?.[TAG_ORDER_ANNOTATION];
  const problems: PolicyProblem[] = [];
  if (range !== undefined && pattern !== undefined)
    problems.push({
      annotation: TAG_PATTERN_ANNOTATION,
      value: pattern,
      message: `cannot be set together with ${SEMVER_ANNOTATION}: a tag follows one policy`,
    });
  if (range !== undefined) {
    const why = semverProblem(range);
    if (why) problems.push({ annotation: SEMVER_ANNOTATION, value: range, message: why });
  }
  if (pattern !== undefined) problems.push(...patternProblems(pattern, order));
  else if (order !== undefined)
    problems.push({
      annotation: TAG_ORDER_ANNOTATION,
      value: order,
      message: `applies only with ${TAG_PATTERN_ANNOTATION}`,
    });
  const minAge = annotations?.[MIN_AGE_ANNOTATION];
  if (minAge !== undefined) {
    const why = minAgeProblem(minAge);
    if (why) problems.push({ annotation: MIN_AGE_ANNOTATION, value: minAge, message: why });
  }
  return problems;
}

function minAgeProblem(text: string): string | undefined {
  try {
    if (parseGoDurationNs(text) < 0n) return 'must not be negative';
    return undefined;
  } catch (e) {
    return (e as Error).message.replace(`"${text}" `, '');
  }
}

/** The tag's policy, or undefined when it has none (or an unusable one: validation refuses those). */
export function tagPolicyOf(annotations: Annotations): TagPolicy | undefined {
  const range = annotations?.[SEMVER_ANNOTATION];
  const pattern = annotations?.[TAG_PATTERN_ANNOTATION];
  if (range === undefined && pattern === undefined) return undefined;
  if (tagPolicyProblems(annotations).some((p) => p.annotation !== MIN_AGE_ANNOTATION)) return undefined;
  if (range !== undefined) return { kind: 'semver', range };
  return { kind: 'pattern', pattern: pattern ?? '', order: annotations?.[TAG_ORDER_ANNOTATION] as TagOrder };
}

/** `imagestreams.io/min-age` in milliseconds; 0 when absent or unusable. */
export function minAgeOf(annotations: Annotations): number {
  const text = annotations?.[MIN_AGE_ANNOTATION];
  if (text === undefined) return 0;
  try {
    const ns = parseGoDurationNs(text);
    return ns > 0n ? Math.ceil(Number(ns) / 1e6) : 0;
  } catch {
    return 0;
  }
}

/** How describe and messages name a policy. */
export function describePolicy(policy: TagPolicy): string {
  return policy.kind === 'semver'
    ? `semver range "${policy.range}"`
    : `tag pattern "${policy.pattern}" ordered ${policy.order}`;
}
