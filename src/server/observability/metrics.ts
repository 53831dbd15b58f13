/** The API server's metrics, in the one registry (src/observability/metrics.ts). */
import { Counter, Gauge, Histogram } from 'prom-client';
import { metricsRegistry } from '../../observability/metrics.js';
import type { Store } from '../../store/store.js';

export const requestsTotal = new Counter({
  name: 'imagestreams_apiserver_requests_total',
  help: 'API requests by verb, resource and HTTP code',
  labelNames: ['verb', 'resource', 'code'] as const,
  registers: [metricsRegistry],
});

export const requestDuration = new Histogram({
  name: 'imagestreams_apiserver_request_duration_seconds',
  help: 'API request latency by verb and resource (watches excluded)',
  labelNames: ['verb', 'resource'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

export const watchesGauge = new Gauge({
  name: 'imagestreams_apiserver_watches',
  help: 'Open watch streams by resource',
  labelNames: ['resource'] as const,
  registers: [metricsRegistry],
});

/** Stores of running servers (a test process may run several); read when scraped. */
const stores = new Set<Store>();

// registered for its collect(), which reads the stores when scraped
new Gauge({
  name: 'imagestreams_store_objects',
  help: 'Objects in the store',
  registers: [metricsRegistry],
  async collect() {
    let total = 0;
    for (const store of stores) total += (await store.stats().catch(() => ({ objects: 0 }))).objects;
    this.set(total);
  },
});

export function trackStore(store: Store): () => void {
  stores.add(store);
  return () => stores.delete(store);
}

/** 1 while this replica runs the controllers (always, with SQLite; the lease holder, with etcd). */
export const leaderGauge = new Gauge({
  name: 'imagestreams_leader',
  help: '1 while this replica holds the controller leadership',
  registers: [metricsRegistry],
});

export const watchesClosedTotal = new Counter({
  name: 'imagestreams_apiserver_watches_closed_total',
  help: 'Watches the server closed: stalled (the client stopped reading) or rejected (over the per-user limit)',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});

export const watchCacheReadsTotal = new Counter({
  name: 'imagestreams_apiserver_watch_cache_reads_total',
  help: 'GETs and LISTs the watch cache answered (hit) or left to the store (miss), by resource',
  labelNames: ['resource', 'result'] as const,
  registers: [metricsRegistry],
});

export const requestTimeoutsTotal = new Counter({
  name: 'imagestreams_apiserver_request_timeouts_total',
  help: 'Non-watch API requests answered 504 because they ran past the request timeout',
  registers: [metricsRegistry],
});
