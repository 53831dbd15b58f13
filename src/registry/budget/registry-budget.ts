/**
 * A request budget per registry host, fed by what registries say about their limits (Docker
 * Hub's `ratelimit-limit: 100;w=21600` / `ratelimit-remaining` headers) and by 429 answers.
 * Background work (scheduled checks) asks `scheduledDelayMs` before each request, so it slows
 * down before the registry starts refusing instead of failing after: a share of the window is
 * kept for manual imports, and once the remaining budget is low the rest is spread over the
 * window. Manual imports are never held back here; they only show up in what the registry reports.
 */
import type { RateLimitState } from '../types.js';
import { canonicalRegistry } from '../host.js';

export interface RegistryBudgetOptions {
  /** epoch milliseconds */
  now?: () => number;
  /** share of the limit kept for manual imports (default 0.1) */
  reserveFraction?: number;
  /** below this share of the limit remaining, scheduled requests are spread over the window (default 0.5) */
  lowFraction?: number;
  /** pause after a 429 without Retry-After (default 60 s) */
  defaultRetryAfterSeconds?: number;
  /** window assumed when the registry names none (default 6 h, Docker Hub's) */
  defaultWindowSeconds?: number;
}

/** What the budget knows about one registry, as the CLI and the metrics show it. */
export interface BudgetEntry {
  registry: string;
  limit?: number;
  /** the registry's last figure minus the scheduled requests sent since */
  remaining?: number;
  windowSeconds?: number;
  /** requests kept for manual imports */
  reserve: number;
  /** minimum spacing of scheduled requests now (0: not paced) */
  paceMs: number;
  observedAt?: string;
  /** set after a 429 or when the scheduled share is used up */
  pausedUntil?: string;
  pauseReason?: 'RateLimited' | 'BudgetExhausted';
}

export interface RegistryBudget {
  /** records a budget a registry reported; usable as the client's `onRateLimit` */
  observe(registry: string, state: RateLimitState): void;
  /** the registry answered 429: background requests pause until Retry-After */
  rateLimited(registry: string, retryAfterSeconds?: number): void;
  /** milliseconds a scheduled request to `registry` should wait (0: go now) */
  scheduledDelayMs(registry: string): number;
  /** a scheduled request to `registry` is being sent */
  spend(registry: string): void;
  snapshot(): BudgetEntry[];
}

interface State {
  limit?: number;
  remaining?: number;
  windowMs?: number;
  observedAt?: number;
  pausedUntil?: number;
  lastSpendAt?: number;
}

const live = new Set<RegistryBudget>();

/** Every live budget's entries (one process may hold several, e.g. in tests). */
export function budgetSnapshot(): BudgetEntry[] {
  return [...live].flatMap((b) => b.snapshot());
}

/** Forget a budget (its entries leave `budgetSnapshot` and the metrics). */
export function releaseRegistryBudget(budget: RegistryBudget): void {
  live.delete(budget);
}

export function createRegistryBudget(options: RegistryBudgetOptions = {}): RegistryBudget {
  const now = options.now ?? Date.now;
  const reserveFraction = options.reserveFraction ?? 0.1;
  const lowFraction = options.lowFraction ?? 0.5;
  const defaultRetryMs = (options.defaultRetryAfterSeconds ?? 60) * 1000;
  const defaultWindowMs = (options.defaultWindowSeconds ?? 21_600) * 1000;
  const states = new Map<string, State>();
  const stateOf = (registry: string): State => {
    const key = canonicalRegistry(registry);
    let s = states.get(key);
    if (!s) states.set(key, (s = {}));
    return s;
  };

  const reserveOf = (s: State) => (s.limit === undefined ? 0 : Math.ceil(s.limit * reserveFraction));
  const windowOf = (s: State) => s.windowMs ?? defaultWindowMs;

  /** spacing of scheduled requests: the usable rest spread over one window once it runs low */
  function paceOf(s: State): number {
    if (s.limit === undefined || s.remaining === undefined) return 0;
    if (s.remaining > s.limit * lowFraction) return 0;
    const usable = s.remaining - reserveOf(s);
    return usable <= 0 ? windowOf(s) : Math.ceil(windowOf(s) / usable);
  }

  /** when the scheduled share is gone, wait for the window to refill (or a newer report) */
  function exhaustedUntil(s: State): number | undefined {
    if (s.limit === undefined || s.remaining === undefined || s.observedAt === undefined) return undefined;
    return s.remaining - reserveOf(s) <= 0 ? s.observedAt + windowOf(s) : undefined;
  }

  function delay(s: State, t: number): number {
    const until = Math.max(s.pausedUntil ?? 0, exhaustedUntil(s) ?? 0);
    const pace = paceOf(s);
    const paced = pace > 0 && s.lastSpendAt !== undefined ? s.lastSpendAt + pace : 0;
    return Math.max(0, until - t, paced - t);
  }

  function entry(registry: string, s: State): BudgetEntry {
    const e: BudgetEntry = { registry, reserve: reserveOf(s), paceMs: paceOf(s) };
    if (s.limit !== undefined) e.limit = s.limit;
    if (s.remaining !== undefined) e.remaining = s.remaining;
    if (s.windowMs !== undefined) e.windowSeconds = s.windowMs / 1000;
    if (s.observedAt !== undefined) e.observedAt = new Date(s.observedAt).toISOString();
    const t = now();
    const exhausted = exhaustedUntil(s);
    if (s.pausedUntil !== undefined && s.pausedUntil > t) {
      e.pausedUntil = new Date(s.pausedUntil).toISOString();
      e.pauseReason = 'RateLimited';
    } else if (exhausted !== undefined && exhausted > t) {
      e.pausedUntil = new Date(exhausted).toISOString();
      e.pauseReason = 'BudgetExhausted';
    }
    return e;
  }

  const budget: RegistryBudget = {
    observe(registry, state) {
      const s = stateOf(registry);
      const at = state.observedAt.getTime();
      // responses can arrive out of order: an older report must not undo a newer one
      if (s.observedAt !== undefined && at < s.observedAt) return;
      s.limit = state.limit;
      s.observedAt = at;
      if (state.remaining !== undefined) s.remaining = state.remaining;
      if (state.windowSeconds !== undefined) s.windowMs = state.windowSeconds * 1000;
    },
    rateLimited(registry, retryAfterSeconds) {
      const s = stateOf(registry);
      const until = now() + (retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : defaultRetryMs);
      s.pausedUntil = Math.max(s.pausedUntil ?? 0, until);
    },
    scheduledDelayMs: (registry) => delay(stateOf(registry), now()),
    spend(registry) {
      const s = stateOf(registry);
      s.lastSpendAt = now();
      if (s.remaining !== undefined) s.remaining = Math.max(0, s.remaining - 1);
    },
    snapshot: () =>
      [...states.entries()]
        .filter(([, s]) => s.limit !== undefined || s.pausedUntil !== undefined)
        .map(([registry, s]) => entry(registry, s)),
  };
  live.add(budget);
  return budget;
}
