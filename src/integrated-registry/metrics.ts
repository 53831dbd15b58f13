/** The integrated registry's metrics, in the one registry. */
import { Counter, Histogram } from 'prom-client';
import { metricsRegistry } from '../observability/metrics.js';

export const PushResult = {
  /** the tag moved (or the Image was created, for a push by digest) */
  Recorded: 'recorded',
  /** nothing to change: a replayed or duplicate event */
  Unchanged: 'unchanged',
  /** a repository path that is not NAMESPACE/STREAM, or the tag moved on since */
  Ignored: 'ignored',
  /** the stream's signature policy kept the tag where it was (ImportSuccess=False, a Warning Event) */
  Refused: 'refused',
  Error: 'error',
} as const;
export type PushResult = (typeof PushResult)[keyof typeof PushResult];

export const integratedRegistryPushes = new Counter({
  name: 'imagestreams_integrated_registry_pushes_total',
  help: 'Manifest pushes to the integrated registry, by result (recorded, unchanged, ignored, refused, error)',
  labelNames: ['result'] as const,
  registers: [metricsRegistry],
});

export const integratedRegistryPushSeconds = new Histogram({
  name: 'imagestreams_integrated_registry_push_handling_seconds',
  help: 'Time from the registry notification arriving to the Image and stream tag being stored',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

export const registryRestarts = new Counter({
  name: 'imagestreams_integrated_registry_restarts_total',
  help: 'Times the integrated registry process died and was restarted',
  registers: [metricsRegistry],
});
