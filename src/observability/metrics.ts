/**
 * The one Prometheus registry. Modules define their metrics here by name so that /metrics
 * exposes everything, and tests can read values without scraping text.
 */
import { Registry, collectDefaultMetrics } from 'prom-client';

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'imagestreams_process_' });
