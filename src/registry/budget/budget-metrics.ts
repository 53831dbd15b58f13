/** The budgets as prom-client gauges, read at scrape time from every live budget. */
import { Gauge } from 'prom-client';
import { metricsRegistry } from '../../observability/metrics.js';
import { budgetSnapshot } from './registry-budget.js';

let registered = false;

/** Registers the gauges once per process; safe to call again. */
export function registerBudgetMetrics(): void {
  if (registered) return;
  registered = true;
  new Gauge({
    name: 'imagestreams_registry_budget_remaining',
    help: 'Requests the registry last said remain in its rate-limit window, minus scheduled requests sent since',
    labelNames: ['registry'] as const,
    registers: [metricsRegistry],
    collect() {
      this.reset();
      for (const e of budgetSnapshot())
        if (e.remaining !== undefined) this.set({ registry: e.registry }, e.remaining);
    },
  });
  new Gauge({
    name: 'imagestreams_registry_budget_limit',
    help: "Requests allowed per rate-limit window, as the registry reports it (Docker Hub's ratelimit-limit)",
    labelNames: ['registry'] as const,
    registers: [metricsRegistry],
    collect() {
      this.reset();
      for (const e of budgetSnapshot())
        if (e.limit !== undefined) this.set({ registry: e.registry }, e.limit);
    },
  });
}
