/**
 * Follows the user's decisions on triggers and wakes the target they belong to: an approval or
 * rejection of a Rollout a gate holds (`spec.approval`), and a pause or resume of a trigger (a
 * TriggerState's `spec.paused`; a WebhookTrigger's own spec wakes it through its trigger watch).
 */
import type { KubeObject } from '../../api/object.js';
import { startInformer } from '../../controllers/informer.js';
import type { Clock } from '../../controllers/clock.js';
import { ROLLOUTS, TRIGGER_STATES } from '../../store/resource-types.js';
import type { Store } from '../../store/store.js';
import { approvalOf, isHeld } from './gated-record.js';

export interface GateDecisionWatchOptions {
  store: Store;
  clock: Clock;
  /** the record's `spec.target` */
  onDecision(target: string): void;
}

const spec = (o: KubeObject) => (o.spec ?? {}) as { target?: unknown; paused?: unknown };

export function watchGateDecisions(options: GateDecisionWatchOptions): {
  synced(): Promise<void>;
  stop(): void;
} {
  const decide = (o: KubeObject) => {
    const target = spec(o).target;
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
    fingerprint: (o) => String(spec(o).paused),
    onChange: (o) => {
      if (typeof spec(o).paused === 'boolean') decide(o);
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
