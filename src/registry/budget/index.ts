/** The per-registry request budget: what background work may still ask a registry. */
export {
  createRegistryBudget,
  budgetSnapshot,
  releaseRegistryBudget,
  type RegistryBudget,
} from './registry-budget.js';
export { registerBudgetMetrics } from './budget-metrics.js';
export { formatBudgetLine } from './budget-line.js';
