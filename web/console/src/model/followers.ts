/**
 * The targets that follow a tag (`STREAM:TAG`) of a namespace's streams: every target with a
 * Rollout or a TriggerState for it, and every WebhookTrigger whose `spec.from` is the tag (a
 * WebhookTrigger without gates records no Rollout, yet follows the tag all the same); whether it
 * is paused (the TriggerState's `spec.paused`, or a WebhookTrigger's own), and its newest rollout.
 */
import type { Rollout, TriggerState, WebhookTrigger } from './types.js';

/** A target that follows a tag: from its rollouts, its TriggerState, or its WebhookTrigger. */
export interface Follower {
  target: string;
  /** the followed tag, `STREAM:TAG` */
  tag: string;
  paused: boolean;
  /** paused by its WebhookTrigger's own `spec.paused`: only its manifest resumes it */
  pausedInManifest: boolean;
  /** the TriggerState's name, when there is one */
  state: string | undefined;
  last: Rollout | undefined;
}

/** `webhook:NS/NAME`, as the webhook trigger names its target in Rollouts and TriggerStates */
function webhookTarget(w: WebhookTrigger): string {
  return `webhook:${w.metadata.namespace ?? ''}/${w.metadata.name}`;
}

/** Every follower of every tag of `namespace`'s streams, by target then tag. */
export function followersIn(
  namespace: string,
  rollouts: readonly Rollout[],
  states: readonly TriggerState[],
  webhooks: readonly WebhookTrigger[] = [],
): Follower[] {
  const byKey = new Map<string, Follower>();
  const get = (target: string, tag: string): Follower => {
    const key = `${target}\n${tag}`;
    let f = byKey.get(key);
    if (!f) {
      f = { target, tag, paused: false, pausedInManifest: false, state: undefined, last: undefined };
      byKey.set(key, f);
    }
    return f;
  };
  for (const w of webhooks) {
    const tag = w.spec?.from?.name;
    if (!tag || (w.spec?.from?.namespace ?? w.metadata.namespace) !== namespace) continue;
    const f = get(webhookTarget(w), tag);
    f.pausedInManifest = w.spec?.paused === true;
    f.paused ||= f.pausedInManifest;
  }
  for (const s of states) {
    const tag = s.spec?.from?.name;
    if (!tag || !s.spec?.target) continue;
    const f = get(s.spec.target, tag);
    Object.assign(f, { paused: f.paused || s.spec.paused === true, state: s.metadata.name });
  }
  const started = (r: Rollout) => r.status?.started ?? '';
  for (const r of rollouts) {
    const tag = r.spec?.from?.name;
    if (!tag || !r.spec?.target) continue;
    const f = get(r.spec.target, tag);
    if (!f.last || started(r) > started(f.last)) f.last = r;
  }
  return [...byKey.values()].sort((a, b) => a.target.localeCompare(b.target) || a.tag.localeCompare(b.tag));
}
