/**
 * Follows the user's decisions on triggers and wakes the target they belong to: an approval or
 * rejection of a Rollout a gate holds (`spec.approval`), and a pause or resume of a trigger (a
 * TriggerState's `spec.paused`; a WebhookTrigger's own spec wakes it through its trigger watch).
 */
import { startInformer } from '../../controllers/informer.js';
import type { Clock } from '../../controllers/clock.js';
import { ROLLOUTS, TRIGGER_STATES } from '../../store/resource-types.js';
import type { Store } from '../../store/store.js';
import type { Rollout, TriggerStateObject } from '../rollout-objects.js';
import { approvalOf, isHeld } from './gated-record.js';

export interface GateDecisionWatchOptions {
  store: Store;
  clock: Clock;
  /** the record's `spec.target` */
  onDecision(target: string): void;
}

export function watchGateDecisions(options: GateDecisionWatchOptions): {
  synced(): Promise<void>;
  stop(): void;
} {
  const decide = (o: Rollout | TriggerStateObject) => {
    const target = o.spec.target;
    if (typeof target === 'string') options.onDecision(target);
  };
  const approvals = startInformer({
    store: options.store,
    type: ROLLOUTS,
    clock: options.clock,
    fingerprint: (o) => (isHeld(o) ? (approvalOf(o) ?? '') : ''),
    onChange: (o) => {
      if (isHeld(o) && approvalOf(o)) decide(o);
    },
  });
  // only states a user paused or resumed (the controllers' own never carry spec.paused)
  const pauses = startInformer({
    store: options.store,
    type: TRIGGER_STATES,
    clock: options.clock,
    fingerprint: (o) => String(o.spec.paused),
    onChange: (o) => {
      if (typeof o.spec.paused === 'boolean') decide(o);
    },
  });
  return {
    synced: async () => {
      await Promise.all([approvals.synced(), pauses.synced()]);
    },
    stop() {
      approvals.stop();
      pauses.stop();
    },
  };
}
