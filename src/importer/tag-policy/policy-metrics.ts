/**
 * Metrics of tag policies and cooldown, in the importer's registry: every selection by result,
 * the Events (policy-events.ts) by reason, and the tags holding a digest now. The gauge sums what
 * the tag import controllers of this process see in the store (re-derived after a restart).
 */
import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from '../../observability/metrics.js';
import type { ChosenTag } from './choose-tag.js';

export const SelectionResult = {
  Selected: 'selected',
  NoMatch: 'no_match',
  ListFailed: 'list_failed',
} as const;
export type SelectionResult = (typeof SelectionResult)[keyof typeof SelectionResult];

export function selectionResultOf(chosen: ChosenTag): SelectionResult {
  if ('tag' in chosen) return SelectionResult.Selected;
  return chosen.selection ? SelectionResult.NoMatch : SelectionResult.ListFailed;
}

export const policySelections = new Counter({
  name: 'imagestreams_tag_policy_selections_total',
  help: 'Tag policy selections (one per import of a tag following a policy), by result: selected, no_match, list_failed',
  labelNames: ['result'] as const,
  registers: [metricsRegistry],
});

export const policyEventsCounter = new Counter({
  name: 'imagestreams_tag_policy_events_total',
  help: 'Events of tag policies and cooldown, by reason: TagPolicySelected, TagPolicyFailed, CooldownStarted, CooldownElapsed',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});

const pendingSources = new Set<() => number>();

new Gauge({
  name: 'imagestreams_cooldown_pending',
  help: 'Tags holding a new digest until its min-age has passed',
  registers: [metricsRegistry],
  collect() {
    let n = 0;
    for (const count of pendingSources) n += count();
    this.set(n);
  },
});

/** Adds a controller's count of held digests to the gauge; returns the function that removes it. */
export function reportPendingCooldowns(count: () => number): () => void {
  pendingSources.add(count);
  return () => pendingSources.delete(count);
}
