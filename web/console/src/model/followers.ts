/**
 * The targets that follow a tag (`STREAM:TAG`): every target with a Rollout or a TriggerState for
 * it, whether a user paused it (the TriggerState's `spec.paused`), and its newest rollout.
 */
import type { Rollout, TriggerState } from './types.js';

/** A target that follows the tag: from its rollouts, and its TriggerState when it has one. */
export interface Follower {
  target: string;
  paused: boolean;
  /** the TriggerState's name, when there is one */
  state: string | undefined;
  last: Rollout | undefined;
}

export function followersOf(
  tag: string,
  rollouts: readonly Rollout[],
  states: readonly TriggerState[],
): Follower[] {
  const byTarget = new Map<string, Follower>();
  const get = (target: string): Follower => {
    let f = byTarget.get(target);
    if (!f) byTarget.set(target, (f = { target, paused: false, state: undefined, last: undefined }));
    return f;
  };
  const target = (o: TriggerState | Rollout) => (o.spec?.from?.name === tag ? o.spec.target : undefined);
  for (const s of states) {
    const t = target(s);
    if (t) Object.assign(get(t), { paused: s.spec?.paused === true, state: s.metadata.name });
  }
  const started = (r: Rollout) => r.status?.started ?? '';
  for (const r of rollouts) {
    const t = target(r);
    const f = t ? get(t) : undefined;
    if (f && (!f.last || started(r) > started(f.last))) f.last = r;
  }
  return [...byTarget.values()].sort((a, b) => a.target.localeCompare(b.target));
}
