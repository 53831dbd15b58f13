/** The settings of scheduled import, with OpenShift's defaults. */
import type { Clock } from '../../controllers/clock.js';
import type { RegistryBudget } from '../../registry/budget/index.js';
import type { BackoffPolicy } from '../../controllers/backoff.js';

/** per tag (check group): 30 s doubling to 1 h */
const DEFAULT_TAG_BACKOFF: BackoffPolicy = { baseMs: 30_000, maxMs: 3_600_000 };
/** per registry: 5 s doubling to 5 min; while failing, one check at a time probes it */
const DEFAULT_REGISTRY_BACKOFF: BackoffPolicy = { baseMs: 5_000, maxMs: 300_000 };
import type { CheckpointStore } from './checkpoint.js';
import { defaultCatchUpMs } from './next-check.js';
import { DEFAULT_SCHEDULED_IMPORTS_PER_MINUTE } from './rate-limiter.js';

/** `scheduledImageImportMinimumIntervalSeconds`: 15 minutes */
const DEFAULT_SCHEDULED_IMPORT_INTERVAL_MS = 15 * 60_000;
const DEFAULT_CONCURRENCY_PER_REGISTRY = 4;

export interface ScheduleSettings {
  /** `--scheduled-import-interval` (default 15 min) */
  intervalMs?: number;
  /** `--max-scheduled-imports-per-minute` (default 60, -1 unlimited, 0 the default); burst is twice that */
  maxPerMinute?: number;
  burst?: number;
  /** checks of one registry running together (default 4) */
  concurrencyPerRegistry?: number;
  tagBackoff?: BackoffPolicy;
  registryBackoff?: BackoffPolicy;
  /** overdue checks after a start are spread over this (default 1 min, or the interval if shorter) */
  catchUpMs?: number;
  /** how often the checkpoint is written (default a quarter interval, between 1 s and 1 min) */
  checkpointEveryMs?: number;
  budget?: RegistryBudget;
  clock?: Clock;
  checkpoints?: CheckpointStore;
  /** first delay before listing again after the watch failed (default 1 s), doubled per failure up to 30 s; a 410 relists at once */
  rewatchDelayMs?: number;
}

export interface ResolvedSettings {
  intervalMs: number;
  maxPerMinute: number;
  burst: number | undefined;
  concurrencyPerRegistry: number;
  tagBackoff: BackoffPolicy;
  registryBackoff: BackoffPolicy;
  catchUpMs: number;
  checkpointEveryMs: number;
  rewatchDelayMs: number;
}

export function resolveSettings(s: ScheduleSettings): ResolvedSettings {
  const intervalMs = s.intervalMs && s.intervalMs > 0 ? s.intervalMs : DEFAULT_SCHEDULED_IMPORT_INTERVAL_MS;
  return {
    intervalMs,
    maxPerMinute: s.maxPerMinute ?? DEFAULT_SCHEDULED_IMPORTS_PER_MINUTE,
    burst: s.burst,
    concurrencyPerRegistry: s.concurrencyPerRegistry ?? DEFAULT_CONCURRENCY_PER_REGISTRY,
    tagBackoff: s.tagBackoff ?? DEFAULT_TAG_BACKOFF,
    registryBackoff: s.registryBackoff ?? DEFAULT_REGISTRY_BACKOFF,
    catchUpMs: s.catchUpMs ?? defaultCatchUpMs(intervalMs),
    checkpointEveryMs: s.checkpointEveryMs ?? Math.min(60_000, Math.max(1000, Math.floor(intervalMs / 4))),
    rewatchDelayMs: s.rewatchDelayMs ?? 1000,
  };
}
