/** Scheduled import: periodic re-checks of `importPolicy.scheduled` tags. */
export {
  startScheduledImportController,
  type ScheduledImportController,
  type ScheduledImportControllerOptions,
} from './scheduled-import-controller.js';
export {
  DEFAULT_SCHEDULED_IMPORT_INTERVAL_MS,
  DEFAULT_CONCURRENCY_PER_REGISTRY,
  resolveSettings,
  type ScheduleSettings,
} from './schedule-options.js';
export { DEFAULT_SCHEDULED_IMPORTS_PER_MINUTE, createRateLimiter, type RateLimiter } from './rate-limiter.js';
export {
  DEFAULT_TAG_BACKOFF,
  DEFAULT_REGISTRY_BACKOFF,
  backoffDelay,
  type BackoffPolicy,
} from './backoff.js';
export { phaseOf, nextSlot, previousSlot, dueAfterCheck, hashFraction } from './jitter.js';
export { initialDue, defaultCatchUpMs } from './next-check.js';
export { scheduledTargets, type ScheduledTag } from './scheduled-targets.js';
export {
  storeCheckpoints,
  memoryCheckpoints,
  SCHEDULE_CHECKPOINTS,
  type Checkpoint,
  type CheckpointStore,
} from './checkpoint.js';
export { followLeader } from './leader-gate.js';
