/**
 * Follows the Rollout records a gate holds: when a user approves or rejects one (`spec.approval`),
 * the target it belongs to is reconciled. Only held records with a decision are passed on.
 */
import { startInformer } from '../../controllers/informer.js';
import type { QueueClock } from '../../controllers/work-queue.js';
import { ROLLOUTS } from '../../store/resource-types.js';
import type { Store } from '../../store/store.js';
import { approvalOf, isHeld } from './gated-record.js';

export interface GateDecisionWatchOptions {
  store: Store;
  clock: QueueClock;
  /** the record's `spec.target` */
  onDecision(target: string): void;
}

export function watchGateDecisions(options: GateDecisionWatchOptions): {
  synced(): Promise<void>;
  stop(): void;
} {
  return startInformer({
    store: options.store,
    type: ROLLOUTS,
    clock: options.clock,
    fingerprint: (o) => (isHeld(o) ? (approvalOf(o) ?? '') : ''),
    onChange: (o) => {
      const target = (o.spec as { target?: unknown } | undefined)?.target;
      if (isHeld(o) && approvalOf(o) && typeof target === 'string') options.onDecision(target);
    },
  });
}
