/**
 * Which tag of a repository a policy follows, and why the others lost: pure, over the listed
 * tags. Semver through the `semver` package (node-semver ranges: a pre-release qualifies only when
 * the range names one on the same major.minor.patch; a leading `v` is accepted); patterns through
 * RE2 (re2js), unanchored as Flux's filterTags, ordered by the named group `order` when present.
 * Ties (`1.2.3` and `v1.2.3`) go to the tag that sorts first. The record is bounded whatever the
 * number of tags: counts, at most 3 runners-up and one excluded tag per reason.
 */
import semver, { type SemVer } from 'semver';
import {
  compilePattern,
  describePolicy,
  ORDER_GROUP,
  TagOrder,
  type TagPolicy,
} from '../../api/tag-policy.js';

const MAX_RUNNERS_UP = 3;

/** What describe shows of one selection. */
export interface TagSelection {
  /** the policy, as describe words it */
  policy: string;
  /** the tag followed; absent when none qualifies */
  winner?: string;
  /** tags read from the registry */
  listed: number;
  /** tags that qualified (the winner included) */
  matched: number;
  /** the next best tags after the winner, best first */
  runnersUp: string[];
  /** why the others did not qualify, counted by reason */
  excluded: Record<string, number>;
  /** the first excluded tag of each reason */
  examples: { tag: string; why: string }[];
}

interface Ranked {
  tag: string;
  key: string | number | SemVer;
}

type Verdict = { key: Ranked['key'] } | { why: string };

const Why = {
  NotVersion: 'not a semantic version',
  OutsideRange: 'outside the range',
  PreRelease: 'a pre-release, and the range names none for it',
  NoMatch: 'does not match the pattern',
  NoGroup: `the group "${ORDER_GROUP}" did not match`,
  NotNumber: 'the order key is not a number',
} as const;

function semverVerdict(tag: string, range: string): Verdict {
  const v = semver.parse(tag);
  if (!v) return { why: Why.NotVersion };
  if (semver.satisfies(v, range)) return { key: v };
  const pre = v.prerelease.length > 0 && semver.satisfies(v, range, { includePrerelease: true });
  return { why: pre ? Why.PreRelease : Why.OutsideRange };
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;

function orderKey(key: string, order: TagOrder): Verdict {
  if (order === TagOrder.Alphabetical) return { key };
  if (order === TagOrder.Numerical) return NUMBER.test(key) ? { key: Number(key) } : { why: Why.NotNumber };
  const v = semver.parse(key);
  return v ? { key: v } : { why: `the order key is ${Why.NotVersion}` };
}

function patternVerdicts(tags: readonly string[], pattern: string, order: TagOrder): Verdict[] {
  const re = compilePattern(pattern);
  const grouped = ORDER_GROUP in re.namedGroups();
  return tags.map((tag) => {
    const m = re.matcher(tag);
    if (!m.find()) return { why: Why.NoMatch };
    const key = grouped ? m.group(ORDER_GROUP) : tag;
    return key === null || key === undefined ? { why: Why.NoGroup } : orderKey(key, order);
  });
}

function compareKeys(a: Ranked['key'], b: Ranked['key']): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return semver.compare(a as SemVer, b as SemVer);
}

/** Best first; equal keys: the tag that sorts first. */
function byRank(a: Ranked, b: Ranked): number {
  return compareKeys(b.key, a.key) || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0);
}

function verdicts(tags: readonly string[], policy: TagPolicy): Verdict[] {
  return policy.kind === 'semver'
    ? tags.map((t) => semverVerdict(t, policy.range))
    : patternVerdicts(tags, policy.pattern, policy.order);
}

/** The best tag of `tags` under `policy`, and the bounded record of the choice. */
export function selectTag(tags: readonly string[], policy: TagPolicy): TagSelection {
  const ranked: Ranked[] = [];
  const excluded: Record<string, number> = {};
  const examples: TagSelection['examples'] = [];
  verdicts(tags, policy).forEach((v, i) => {
    const tag = tags[i] as string;
    if ('key' in v) return void ranked.push({ tag, key: v.key });
    excluded[v.why] = (excluded[v.why] ?? 0) + 1;
    // one example per reason: the reasons are a fixed few, so the record stays bounded
    if (!examples.some((e) => e.why === v.why)) examples.push({ tag, why: v.why });
  });
  ranked.sort(byRank);
  const selection: TagSelection = {
    policy: describePolicy(policy),
    listed: tags.length,
    matched: ranked.length,
    runnersUp: ranked.slice(1, 1 + MAX_RUNNERS_UP).map((r) => r.tag),
    excluded,
    examples,
  };
  if (ranked[0]) selection.winner = ranked[0].tag;
  return selection;
}
