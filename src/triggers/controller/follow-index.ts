/**
 * The controller's bookkeeping, pure so that it is unit-tested without Docker or a store: which
 * follower groups a stream change concerns, which groups a re-discovery changed, whether a stream
 * changed in a way a trigger can see, and how many failed attempts a digest gets.
 */
import type { ImageStream } from '../../api/types.js';
import { RolloutResult } from '../rollout-record.js';
import type { FollowerGroup } from '../targets/docker/index.js';

export type GroupView = Pick<FollowerGroup, 'key' | 'trigger' | 'warnings' | 'containers'>;

/** Keys of the groups whose trigger follows a tag of `namespace/stream`. */
export function groupsFollowing(groups: Iterable<GroupView>, namespace: string, stream: string): string[] {
  const out: string[] = [];
  for (const g of groups) {
    const from = g.trigger?.from;
    if (from && from.namespace === namespace && from.stream === stream) out.push(g.key);
  }
  return out;
}

/** What makes a group a different rollout target: its containers, their state and its trigger. */
function groupFingerprint(g: GroupView): string {
  return JSON.stringify([
    g.trigger ? [g.trigger.from, g.trigger.paused] : null,
    g.containers.map((c) => [c.id, c.state, c.pinned]),
  ]);
}

/** Keys of groups that are new or changed since `before` (discovery is re-run on Docker events). */
export function changedGroups(before: ReadonlyMap<string, GroupView>, after: readonly GroupView[]): string[] {
  return after
    .filter((g) => {
      const old = before.get(g.key);
      return !old || groupFingerprint(old) !== groupFingerprint(g);
    })
    .map((g) => g.key);
}

/** Whether the warnings of a group differ from what was reported last (so each is reported once). */
export function warningsChanged(
  previous: string | undefined,
  g: GroupView,
): { changed: boolean; key: string } {
  const key = JSON.stringify(g.warnings);
  return { changed: key !== (previous ?? '[]'), key };
}

/**
 * The part of a stream a trigger resolves: each tag's item 0 and reference policy. Import
 * conditions and other status churn leave it unchanged, so they do not wake the controller.
 */
export function streamFingerprint(stream: ImageStream): string {
  const policies = (stream.spec?.tags ?? []).map((t) => [t.name, t.referencePolicy?.type ?? '']);
  const heads = (stream.status?.tags ?? []).map((t) => [
    t.tag,
    t.items?.[0]?.image ?? '',
    t.items?.[0]?.dockerImageReference ?? '',
  ]);
  return JSON.stringify([policies, heads, stream.status?.dockerImageRepository ?? '']);
}

/**
 * Failed rollouts (pull errors, engine trouble: no verdict on the image) are retried, but a
 * digest that keeps failing on a group is given up after `max` attempts until the tag moves.
 */
export class AttemptLedger {
  private readonly byGroup = new Map<string, { digest: string; failures: number }>();
  private readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  mayAttempt(group: string, digest: string): boolean {
    const entry = this.byGroup.get(group);
    return !entry || entry.digest !== digest || entry.failures < this.max;
  }

  note(group: string, digest: string, result: RolloutResult): void {
    if (result !== RolloutResult.Failed) {
      this.byGroup.delete(group);
      return;
    }
    const entry = this.byGroup.get(group);
    const failures = entry && entry.digest === digest ? entry.failures + 1 : 1;
    this.byGroup.set(group, { digest, failures });
  }

  failures(group: string): number {
    return this.byGroup.get(group)?.failures ?? 0;
  }
}
