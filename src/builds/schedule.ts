/**
 * Which builds of one BuildConfig to start, cancel or prune now (pure): runPolicy Serial (one at
 * a time, oldest first), SerialLatestOnly (queued builds older than the newest are cancelled) and
 * Parallel; history limits on finished builds, oldest first.
 */
import { BUILD_NUMBER_ANNOTATION, BuildPhase, isTerminal, RunPolicy } from './constants.js';
import type { Build, BuildConfig } from './schema.js';

export interface SchedulePlan {
  start: Build[];
  /** queued builds to end as Cancelled (a user asked, or a newer one replaced them) */
  cancel: Build[];
  prune: Build[];
}

function buildNumber(b: Build): number {
  const n = Number(b.metadata.annotations?.[BUILD_NUMBER_ANNOTATION]);
  return Number.isFinite(n) ? n : 0;
}

const byNumber = (a: Build, b: Build): number =>
  buildNumber(a) - buildNumber(b) || a.metadata.name.localeCompare(b.metadata.name);

const isActive = (b: Build): boolean =>
  b.status?.phase === BuildPhase.Pending || b.status?.phase === BuildPhase.Running;

function prune(builds: Build[], config: BuildConfig | undefined): Build[] {
  if (!config) return [];
  const done = builds
    .filter((b) => isTerminal(b.status?.phase))
    .sort(byNumber)
    .reverse();
  const ok = done.filter((b) => b.status?.phase === BuildPhase.Complete);
  const failed = done.filter((b) => b.status?.phase !== BuildPhase.Complete);
  return [
    ...ok.slice(config.spec.successfulBuildsHistoryLimit ?? 5),
    ...failed.slice(config.spec.failedBuildsHistoryLimit ?? 5),
  ];
}

export function planBuilds(builds: Build[], config: BuildConfig | undefined): SchedulePlan {
  const queued = builds.filter((b) => (b.status?.phase ?? BuildPhase.New) === BuildPhase.New).sort(byNumber);
  const cancel = queued.filter((b) => b.status?.cancelled === true);
  let waiting = queued.filter((b) => b.status?.cancelled !== true);
  const policy = config?.spec.runPolicy ?? RunPolicy.Serial;
  if (policy === RunPolicy.SerialLatestOnly && waiting.length > 1) {
    cancel.push(...waiting.slice(0, -1));
    waiting = waiting.slice(-1);
  }
  const busy = builds.some(isActive);
  const start = policy === RunPolicy.Parallel ? waiting : busy ? [] : waiting.slice(0, 1);
  return { start, cancel, prune: prune(builds, config) };
}
