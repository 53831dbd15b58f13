/**
 * The order in which a repository import picks tags, as OpenShift's PrioritizeTags does, so that a
 * bulk import capped at N tags keeps the ones people actually deploy: `latest`, then minor
 * versions (`5.1`, `v5.1`, `5.1-rc1`) newest first, then full semantic versions newest first, then
 * everything else in lexical order.
 */
import { compareSemver, parseSemver, type Semver } from './semver.js';

export const DEFAULT_MAX_TAGS_PER_REPOSITORY = 50;

const Priority = { Latest: 0, Minor: 1, Full: 2, Other: 3 } as const;
type Priority = (typeof Priority)[keyof typeof Priority];

interface RankedTag {
  tag: string;
  priority: Priority;
  version?: Semver;
  prefix: string;
}

const MINOR = /^\d+\.\d+$/;
const MINOR_WITH_SUFFIX = /^(\d+\.\d+)-\w+$/;

function rank(tag: string): RankedTag {
  if (tag === 'latest') return { tag, priority: Priority.Latest, prefix: '' };
  const prefix = tag.startsWith('v') ? 'v' : '';
  const short = tag.slice(prefix.length);
  const full = parseSemver(short);
  if (full) return { tag, priority: Priority.Full, version: full, prefix };
  if (MINOR.test(short)) {
    const v = parseSemver(`${short}.0`);
    if (v) return { tag, priority: Priority.Minor, version: v, prefix };
  }
  const m = MINOR_WITH_SUFFIX.exec(short);
  if (m?.[1]) {
    const v = parseSemver(short.replace(m[1], `${m[1]}.0`));
    if (v) return { tag, priority: Priority.Minor, version: v, prefix };
  }
  return { tag, priority: Priority.Other, prefix };
}

function compareRanked(a: RankedTag, b: RankedTag): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  if (a.version && b.version) {
    const byVersion = compareSemver(b.version, a.version);
    if (byVersion !== 0) return byVersion;
    if (a.prefix !== b.prefix) return a.prefix < b.prefix ? -1 : 1;
  }
  return a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0;
}

/** Tags in import priority order (a new array). */
export function prioritizeTags(tags: readonly string[]): string[] {
  return tags
    .map(rank)
    .sort(compareRanked)
    .map((r) => r.tag);
}

export interface TagSelection {
  /** the tags to import, in priority order */
  selected: string[];
  /** the rest, in priority order (ImageStreamImport `status.repository.additionalTags`) */
  additional: string[];
}

/**
 * Splits a repository's tags into the ones a bulk import takes and the rest. An empty tag (some
 * registries list one) counts as `latest`; duplicates collapse. `limit` -1 means no limit.
 */
export function selectTagsForImport(
  tags: readonly string[],
  limit: number = DEFAULT_MAX_TAGS_PER_REPOSITORY,
): TagSelection {
  const unique = [...new Set(tags.map((t) => (t === '' ? 'latest' : t)))];
  const ordered = prioritizeTags(unique);
  if (limit < 0) return { selected: ordered, additional: [] };
  return { selected: ordered.slice(0, limit), additional: ordered.slice(limit) };
}
