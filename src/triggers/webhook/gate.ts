/**
 * The rollout gates of a WebhookTrigger (its `imagestreams.io/…` annotations) before a delivery:
 * a held delivery is a Rollout record (target `webhook:NS/NAME`), retried when its window opens
 * (the outcome's retryAt, which the controller's reconcile hands to the skeleton's wake timers:
 * one set per controller) or when a user decides it; a delivery that went ends its record with
 * the delivery's result.
 */
import type { Clock } from '../../controllers/clock.js';
import type { Store } from '../../store/store.js';
import { watchGateDecisions } from '../gates/decision-watch.js';
import { createGateKeeper, type GateOutcome } from '../gates/gate-keeper.js';
import { parseGates } from '../gates/gates.js';
import type { ResolvedTagImage } from '../../api/tag-history.js';
import { RolloutResult } from '../rollout-record.js';
import type { TriggerEventSink } from '../rollout-store.js';
import type { DeliveryOutcomeRecord } from './deliver.js';
import { followedTag, type WebhookTrigger } from './schema.js';

const PREFIX = 'webhook:';

function webhookKey(t: Pick<WebhookTrigger, 'metadata'>): string {
  return `${t.metadata.namespace ?? ''}/${t.metadata.name}`;
}

export interface WebhookGate {
  pass(t: WebhookTrigger, image: ResolvedTagImage): Promise<GateOutcome>;
  delivered(t: WebhookTrigger, gate: GateOutcome, out: DeliveryOutcomeRecord): Promise<void>;
  stop(): void;
}

export function webhookGate(o: {
  store: Store;
  events: TriggerEventSink | undefined;
  clock: Clock;
  /** reconcile the trigger `NS/NAME` now (a user decided its held delivery) */
  wake(key: string): void;
}): WebhookGate {
  const keeper = createGateKeeper({ store: o.store, events: o.events, now: () => o.clock.now() });
  // an approval or rejection (isctl approve/reject rollout) wakes the trigger it holds
  const decisions = watchGateDecisions({
    store: o.store,
    clock: o.clock,
    onDecision: (target) => {
      if (target.startsWith(PREFIX)) o.wake(target.slice(PREFIX.length));
    },
  });
  return {
    async pass(t, image) {
      const key = webhookKey(t);
      const subject = {
        target: `${PREFIX}${key}`,
        from: followedTag(t),
        digest: image.digest,
        reference: image.reference,
        containers: [],
      };
      const gates = { ...parseGates(t.metadata.annotations).gates, paused: t.spec.paused === true };
      return keeper.pass(subject, gates);
    },
    async delivered(t, gate, out) {
      if (!gate.go || !gate.rolloutId) return;
      const result = out.ok ? RolloutResult.Succeeded : RolloutResult.Failed;
      const why = out.ok
        ? 'webhook delivered'
        : `webhook failed after ${out.attempts} attempts: ${out.error ?? ''}`;
      await keeper.complete(t.metadata.namespace ?? '', gate.rolloutId, result, why);
    },
    stop() {
      decisions.stop();
    },
  };
}
