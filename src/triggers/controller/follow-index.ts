/**
 * The Docker controller's bookkeeping, pure so that it is unit-tested without Docker or a store:
 * what makes a re-discovered group worth a reconcile, whether its warnings are new, and how many
 * failed attempts a digest gets. (Which groups a stream change concerns: skeleton/follow-index.ts.)
 */
import { RolloutResult } from '../rollout-record.js';
import type { FollowerGroup } from '../targets/docker/index.js';

export type GroupView = Pick<FollowerGroup, 'key' | 'trigger' | 'warnings' | 'containers'>;

/** What makes a group a different rollout target: its containers, their state and its trigger. */
export function groupFingerprint(g: GroupView): string {
  return JSON.stringify([
    g.trigger ? [g.trigger.from, g.trigger.paused] : null,
    g.containers.map((c) => [c.id, c.state, c.pinned]),
  ]);
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
