/** Metrics of the scheduled import controller (imports by result: imagestreams_imports_total). */
import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from '../../observability/metrics.js';

const depthSources = new Set<() => number>();

export const scheduledChecks = new Counter({
  name: 'imagestreams_scheduled_checks_total',
  help: 'Scheduled re-checks of image stream tags (one per check group), by result: unchanged, updated, failed',
  labelNames: ['result'] as const,
  registers: [metricsRegistry],
});

new Gauge({
  name: 'imagestreams_scheduled_queue_depth',
  help: 'Scheduled checks that are due and not done yet (waiting for the rate limit, the registry or running)',
  registers: [metricsRegistry],
  collect() {
    let depth = 0;
    for (const d of depthSources) depth += d();
    this.set(depth);
  },
});

/** Adds a controller's queue depth to the gauge; returns the function that removes it. */
export function reportQueueDepth(depth: () => number): () => void {
  depthSources.add(depth);
  return () => depthSources.delete(depth);
}
