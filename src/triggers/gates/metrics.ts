/** The rollout gate metrics, in the one registry. */
import { Counter } from 'prom-client';
import { metricsRegistry } from '../../observability/metrics.js';

export const gateEvents = new Counter({
  name: 'imagestreams_rollout_gate_events_total',
  help: 'Rollout gate transitions, by target kind (docker, kubernetes, webhook) and event (RolloutWaiting, RolloutAwaitingApproval, RolloutApproved, RolloutRejected, RolloutSuperseded, RolloutPlatformMissing)',
  labelNames: ['target', 'event'] as const,
  registers: [metricsRegistry],
});
