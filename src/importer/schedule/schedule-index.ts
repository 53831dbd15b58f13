/**
 * The schedule's view of the streams: which tags are scheduled, grouped by what they follow,
 * and how stream changes move their checks. A manual import (newer stored time) postpones a
 * group's next check; the `openshift.io/image.dockerRepositoryCheck` annotation moved back (or
 * set to something that is not a time) by a user forces one now. Clearing the annotation makes
 * the tag import controller import the whole stream, which is the immediate check.
 */
import type { ImageStream } from '../../api/types.js';
import { DOCKER_REPOSITORY_CHECK_ANNOTATION } from '../needs-import.js';
import { newGroup, type Group, type GroupScheduler } from './group-scheduler.js';
import { dueAfterCheck, phaseOf } from './jitter.js';
import { initialDue } from './next-check.js';
import { scheduledTargets, type ScheduledTag } from './scheduled-targets.js';

export interface ScheduleIndexOptions {
  scheduler: GroupScheduler;
  intervalMs: number;
  catchUpMs: number;
  now: () => number;
}

interface StreamEntry {
  annotation: string | undefined;
  tags: Set<string>;
}

export interface ScheduleIndex {
  /** a stream as stored now; `checkedThroughMs` applies to groups seen for the first time */
  apply(stream: ImageStream, checkedThroughMs: number | undefined): void;
  delete(streamKey: string): void;
  streamKeys(): string[];
  group(tagKey: string): Group | undefined;
  counts(): { tags: number; groups: number };
  clear(): void;
}

function movedBack(before: string | undefined, after: string | undefined): boolean {
  if (before === after || after === undefined) return false;
  const a = Date.parse(after);
  if (Number.isNaN(a)) return true;
  const b = before === undefined ? Number.NaN : Date.parse(before);
  return !Number.isNaN(b) && a < b;
}

/** The group's last check as far as we know: our own, or the stalest member's stored time. */
function effectiveLast(g: Group): number | undefined {
  let stalest: number | undefined = Number.POSITIVE_INFINITY;
  for (const m of g.members.values()) {
    if (m.lastCheckMs === undefined) stalest = undefined;
    else if (stalest !== undefined) stalest = Math.min(stalest, m.lastCheckMs);
  }
  const stored = stalest === Number.POSITIVE_INFINITY ? undefined : stalest;
  if (stored === undefined) return g.lastCheckedAt;
  return Math.max(stored, g.lastCheckedAt ?? stored);
}

export function createScheduleIndex(o: ScheduleIndexOptions): ScheduleIndex {
  const streams = new Map<string, StreamEntry>();
  const groups = new Map<string, Group>();
  const groupOfTag = new Map<string, Group>();

  function removeTag(tagKey: string): void {
    const g = groupOfTag.get(tagKey);
    groupOfTag.delete(tagKey);
    if (!g) return;
    g.members.delete(tagKey);
    if (g.members.size === 0) {
      o.scheduler.remove(g);
      groups.delete(g.key);
    }
  }

  function recovered(g: Group, before: ScheduledTag | undefined, t: ScheduledTag): boolean {
    return Boolean(before?.failing) && !t.failing && (t.lastCheckMs ?? 0) > (g.lastCheckedAt ?? 0);
  }

  /** a member changed: postpone after a manual import; end a backoff a manual import resolved */
  function restate(g: Group, before: ScheduledTag | undefined, t: ScheduledTag): void {
    if (g.stage !== 'armed') return;
    if (g.failures > 0) {
      if (!recovered(g, before, t) || [...g.members.values()].some((m) => m.failing)) return;
      g.failures = 0;
    }
    const last = effectiveLast(g);
    if (last === undefined) return;
    const due = dueAfterCheck(last, g.phaseMs, o.intervalMs);
    if (due > g.dueAt || before?.failing) o.scheduler.arm(g, due);
  }

  function upsert(t: ScheduledTag, checkedThroughMs: number | undefined): void {
    const current = groupOfTag.get(t.key);
    if (current && current.key !== t.groupKey) removeTag(t.key);
    let g = groups.get(t.groupKey);
    if (!g) {
      g = newGroup(t.groupKey, t.registry, phaseOf(t.groupKey, o.intervalMs));
      g.members.set(t.key, t);
      groups.set(g.key, g);
      groupOfTag.set(t.key, g);
      const d = initialDue({
        key: g.key,
        nowMs: o.now(),
        intervalMs: o.intervalMs,
        phaseMs: g.phaseMs,
        lastCheckMs: t.lastCheckMs,
        checkedThroughMs,
        catchUpMs: o.catchUpMs,
      });
      if (d.owedMs !== undefined) o.scheduler.owe(g, d.owedMs);
      o.scheduler.arm(g, d.dueMs);
      return;
    }
    const before = g.members.get(t.key);
    g.members.set(t.key, t);
    groupOfTag.set(t.key, g);
    if (before) restate(g, before, t);
  }

  return {
    apply(stream, checkedThroughMs) {
      const key = `${stream.metadata.namespace ?? ''}/${stream.metadata.name}`;
      const prev = streams.get(key);
      const annotation = stream.metadata.annotations?.[DOCKER_REPOSITORY_CHECK_ANNOTATION];
      const targets = scheduledTargets(stream);
      const keys = new Set(targets.map((t) => t.key));
      for (const old of prev?.tags ?? []) if (!keys.has(old)) removeTag(old);
      for (const t of targets) upsert(t, checkedThroughMs);
      streams.set(key, { annotation, tags: keys });
      if (prev && movedBack(prev.annotation, annotation)) {
        for (const t of targets) {
          const g = groupOfTag.get(t.key);
          if (g) o.scheduler.force(g);
        }
      }
    },
    delete(streamKey) {
      for (const t of streams.get(streamKey)?.tags ?? []) removeTag(t);
      streams.delete(streamKey);
    },
    streamKeys: () => [...streams.keys()],
    group: (tagKey) => groupOfTag.get(tagKey),
    counts: () => ({ tags: groupOfTag.size, groups: groups.size }),
    clear() {
      for (const g of groups.values()) o.scheduler.remove(g);
      groups.clear();
      groupOfTag.clear();
      streams.clear();
    },
  };
}
