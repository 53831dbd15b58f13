/** The per-registry request budget: what background work may still ask a registry. */
export {
  createRegistryBudget,
  budgetSnapshot,
  releaseRegistryBudget,
  type RegistryBudget,
  type RegistryBudgetOptions,
  type BudgetEntry,
} from './registry-budget.js';
export { registerBudgetMetrics } from './budget-metrics.js';
export { formatBudgetLine, formatDuration } from './budget-line.js';
