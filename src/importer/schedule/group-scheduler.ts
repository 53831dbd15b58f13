/**
 * The timing of check groups: each is armed for its slot; when due it passes the registry's
 * gate (circuit, budget), takes a token from the per-minute limiter (a refused check keeps its
 * reservation for the next free slot), waits for a place in its registry's lane, runs, and is
 * armed again for the next slot or, after a failure, after a capped backoff.
 */
import { isRegistryError } from '../../registry/index.js';
import type { RegistryBudget } from '../../registry/budget/index.js';
import type { Clock } from '../../controllers/clock.js';
import { backoffDelay, type BackoffPolicy } from '../../controllers/backoff.js';
import { dueAfterCheck } from './jitter.js';
import type { RateLimiter } from './rate-limiter.js';
import { createRegistryLanes } from './registry-lanes.js';
import type { ScheduledTag } from './scheduled-targets.js';

export type CheckResult = 'unchanged' | 'updated' | 'failed';

export interface GroupCheckOutcome {
  result: CheckResult;
  /** the registry's error, when the check failed there */
  error?: unknown;
}

export interface Group {
  key: string;
  registry: string;
  phaseMs: number;
  members: Map<string, ScheduledTag>;
  dueAt: number;
  stage: 'armed' | 'waiting' | 'running';
  /** the slot this group still owes a check for (keeps the checkpoint behind it) */
  owedMs: number | undefined;
  hasToken: boolean;
  failures: number;
  lastCheckedAt: number | undefined;
  removed: boolean;
  cancel: (() => void) | undefined;
}

export interface GroupSchedulerOptions {
  clock: Clock;
  intervalMs: number;
  limiter: RateLimiter;
  concurrencyPerRegistry: number;
  tagBackoff: BackoffPolicy;
  registryBackoff: BackoffPolicy;
  budget?: RegistryBudget | undefined;
  check(group: Group): Promise<GroupCheckOutcome>;
  onOutcome?(group: Group, outcome: GroupCheckOutcome): void;
}

export interface GroupScheduler {
  arm(group: Group, atMs: number): void;
  /** a check now (still through the gate, limiter and lane) */
  force(group: Group): void;
  /** drops a group; a running check's result is ignored */
  remove(group: Group): void;
  /** the group missed the slot `slotMs` (found at start-up); it stays owed until a check ran */
  owe(group: Group, slotMs: number): void;
  /** groups due and not done (waiting for a token, the gate or a lane, or running) */
  depth(): number;
  /** every check due up to this time was done */
  checkedThrough(): number;
  /** resolves when no check is running */
  drain(): Promise<void>;
  stop(): void;
}

export function createGroupScheduler(o: GroupSchedulerOptions): GroupScheduler {
  const { clock } = o;
  const lanes = createRegistryLanes({
    concurrency: o.concurrencyPerRegistry,
    backoff: o.registryBackoff,
    budget: o.budget,
  });
  const active = new Set<Group>();
  const owing = new Set<Group>();
  const waiting = new Map<string, Group[]>();
  let running = 0;
  const drainers: (() => void)[] = [];
  let stopped = false;

  function later(g: Group, atMs: number, fn: () => void): void {
    g.cancel?.();
    g.cancel = clock.schedule(
      () => {
        g.cancel = undefined;
        if (!g.removed && !stopped) fn();
      },
      Math.max(0, atMs - clock.now()),
    );
  }

  function arm(g: Group, atMs: number): void {
    active.delete(g);
    g.stage = 'armed';
    g.dueAt = atMs;
    later(g, atMs, () => fire(g));
  }

  function fire(g: Group): void {
    g.stage = 'waiting';
    g.owedMs ??= g.dueAt;
    owing.add(g);
    active.add(g);
    proceed(g);
  }

  function proceed(g: Group): void {
    const now = clock.now();
    const open = lanes.openAt(g.registry, now);
    if (open > now) return later(g, open, () => proceed(g));
    if (!g.hasToken) {
      g.hasToken = true;
      const at = o.limiter.reserve();
      if (at > now) return later(g, at, () => proceed(g));
    }
    const queue = waiting.get(g.registry) ?? [];
    waiting.set(g.registry, queue);
    queue.push(g);
    pump(g.registry);
  }

  function pump(registry: string): void {
    const queue = waiting.get(registry) ?? [];
    const lane = lanes.lane(registry);
    while (!stopped && queue.length > 0 && lane.running < lanes.limit(registry)) {
      const g = queue.shift() as Group;
      if (g.removed) continue;
      const now = clock.now();
      const open = lanes.openAt(registry, now);
      if (open > now) {
        later(g, open, () => proceed(g));
        continue;
      }
      lane.running++;
      o.budget?.spend(registry);
      void run(g, lane);
    }
  }

  async function run(g: Group, lane: { running: number }): Promise<void> {
    g.stage = 'running';
    running++;
    let outcome: GroupCheckOutcome;
    try {
      outcome = await o.check(g);
    } catch (error) {
      outcome = { result: 'failed', error };
    }
    lane.running--;
    running--;
    if (!g.removed && !stopped) settle(g, outcome);
    pump(g.registry);
    if (running === 0) for (const d of drainers.splice(0)) d();
  }

  function settle(g: Group, outcome: GroupCheckOutcome): void {
    const now = clock.now();
    const err = outcome.error;
    if (isRegistryError(err) && err.transient) {
      if (err.kind === 'RateLimited') o.budget?.rateLimited(g.registry, err.retryAfterSeconds);
      lanes.failed(g.registry, now);
    } else if (err === undefined || isRegistryError(err)) {
      lanes.succeeded(g.registry);
    }
    g.hasToken = false;
    g.owedMs = undefined;
    owing.delete(g);
    g.lastCheckedAt = now;
    o.onOutcome?.(g, outcome);
    if (outcome.result === 'failed') {
      g.failures++;
      arm(g, now + backoffDelay(g.failures, o.tagBackoff));
    } else {
      g.failures = 0;
      arm(g, dueAfterCheck(now, g.phaseMs, o.intervalMs));
    }
  }

  return {
    arm,
    force(g) {
      if (g.stage === 'armed') arm(g, clock.now());
    },
    remove(g) {
      g.removed = true;
      g.cancel?.();
      g.cancel = undefined;
      active.delete(g);
      owing.delete(g);
    },
    owe(g, slotMs) {
      g.owedMs = Math.min(g.owedMs ?? slotMs, slotMs);
      owing.add(g);
    },
    depth: () => active.size,
    checkedThrough() {
      let through = clock.now();
      for (const g of owing) if (g.owedMs !== undefined) through = Math.min(through, g.owedMs - 1);
      return through;
    },
    drain: () => (running === 0 ? Promise.resolve() : new Promise<void>((r) => drainers.push(r))),
    stop() {
      stopped = true;
      for (const g of active) g.cancel?.();
    },
  };
}

/** A new group record, not armed yet. */
export function newGroup(key: string, registry: string, phaseMs: number): Group {
  return {
    key,
    registry,
    phaseMs,
    members: new Map(),
    dueAt: 0,
    stage: 'armed',
    owedMs: undefined,
    hasToken: false,
    failures: 0,
    lastCheckedAt: undefined,
    removed: false,
    cancel: undefined,
  };
}
